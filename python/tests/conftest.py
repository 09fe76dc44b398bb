"""Shared fixtures: the `alta` binary and exports compiled once per test session."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable, Dict, Tuple

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent.parent

# Tests run from a checkout: use its build when ALTA_BIN is not set (an installed package
# cannot find the checkout by itself).
if not os.environ.get("ALTA_BIN"):
    for build in ("release", "debug"):
        candidate = REPOSITORY / ".build" / build / "alta"
        if candidate.is_file():
            os.environ["ALTA_BIN"] = str(candidate)
            break


@pytest.fixture(scope="session")
def binary() -> Path:
    import alta

    return alta.find_binary()


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., "alta.Export"]:  # noqa: F821
    """`compiled(name, *options)`: the export of a library program, compiled once."""
    import alta

    cache: Dict[Tuple[str, ...], "alta.Export"] = {}  # noqa: F821
    root = tmp_path_factory.mktemp("exports")

    def get(name: str, *options: str) -> "alta.Export":  # noqa: F821
        key = (name,) + options
        if key not in cache:
            folder = root / "-".join(part.strip("-").replace(":", "_") for part in key)
            args = [str(alta.find_binary()), "compile", name, "--output", str(folder), *options]
            subprocess.run(args, check=True, capture_output=True)
            cache[key] = alta.load(folder)
        return cache[key]

    return get


def alta_run_json(folder: Path, text: str) -> dict:
    """`alta run FOLDER --input TEXT --json`, parsed (the first result)."""
    import json

    import alta

    out = subprocess.run([str(alta.find_binary()), "run", str(folder), "--input", text, "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["results"][0]
