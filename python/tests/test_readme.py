"""The README's Python session runs as written."""
import contextlib
import io
import re

import pytest

from conftest import REPOSITORY


def readme_session() -> str:
    text = (REPOSITORY / "README.md").read_text()
    section = text[text.index("\n## Python\n"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_session_runs_verbatim():
    pytest.importorskip("transformer_lens")
    session = readme_session()
    assert len(session.strip().splitlines()) == 5
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(session, "README.md", "exec"), namespace)
    assert printed.getvalue() == "['BOS', '1', '2', '3']\n"
    logits, residuals = namespace["logits"], namespace["residuals"]
    export = namespace["model"]
    assert export.decode(logits) == ["BOS", "1", "2", "3"]
    assert len(residuals) == 2 * export.config["n_layers"] + 1
    scores, _, _, expected = export.forward(export.encode("3 1 2"))
    for ours, theirs in zip(residuals, expected):
        assert abs(ours - theirs).max() <= 1e-5
