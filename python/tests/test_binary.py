"""Finding the `alta` binary, and the errors when there is none."""
import os
import stat
from pathlib import Path

import pytest

import alta
from alta import binary


def test_alta_bin_wins(tmp_path, monkeypatch):
    fake = tmp_path / "alta"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("ALTA_BIN", str(fake))
    assert alta.find_binary() == fake


def test_alta_bin_that_is_no_executable_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ALTA_BIN", str(tmp_path / "missing"))
    with pytest.raises(alta.AltaBinaryNotFound) as error:
        alta.find_binary()
    assert str(error.value) == f"ALTA_BIN is '{tmp_path / 'missing'}', which is not an executable file"


def test_path_then_repository_build(tmp_path, monkeypatch):
    monkeypatch.delenv("ALTA_BIN", raising=False)
    on_path = tmp_path / "bin"
    on_path.mkdir()
    tool = on_path / "alta"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    assert alta.find_binary() == tool
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    build = tmp_path / "repo" / ".build" / "release" / "alta"
    build.parent.mkdir(parents=True)
    build.write_text("#!/bin/sh\n")
    build.chmod(0o755)
    monkeypatch.setattr(binary, "_repository_builds", lambda: [build])
    assert alta.find_binary() == build


def test_no_binary_says_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.delenv("ALTA_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = [tmp_path / ".build" / "release" / "alta", tmp_path / ".build" / "debug" / "alta"]
    monkeypatch.setattr(binary, "_repository_builds", lambda: missing)
    with pytest.raises(alta.AltaBinaryNotFound) as error:
        alta.compile("reverse")
    assert str(error.value) == (
        f"no alta binary: ALTA_BIN is not set, 'alta' is not on PATH, and there is none at {missing[0]}, {missing[1]}. "
        "Build it in the repository with `swift build -c release` (then it is found at .build/release/alta), "
        "or set ALTA_BIN to its path.")
