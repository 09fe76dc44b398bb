"""Compiling a program to an exported model folder by calling the `alta` binary."""
from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Union

from .binary import find_binary
from .export import Export, load

_owned_folders: list[Path] = []


class CompileError(RuntimeError):
    """`alta compile` refused the program or options; the message is Alta's."""


def _cleanup() -> None:
    for folder in _owned_folders:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_cleanup)


def _temporary_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="alta-"))
    _owned_folders.append(folder)
    return folder


def compile(
    program: str,
    *,
    text: Optional[str] = None,
    max_len: Optional[int] = None,
    vocab: Optional[Sequence[str]] = None,
    causal: bool = False,
    tracr_layout: bool = False,
    dense: bool = False,
    samples: Optional[int] = None,
    output: Union[str, Path, None] = None,
) -> Export:
    """Compiles a program with `alta compile` and loads the export.

    Args:
        program: a library program name (`alta list`; `alta:NAME` for an ALTA program that
            shares a RASP name), or the path of a `.rasp`/`.alta` file. With `text`, the
            file name (`NAME.rasp` or `NAME.alta`) only chooses the language.
        text: program text to compile instead of a file or library program.
        max_len, vocab, causal, tracr_layout: the compile options (`--max-len`, `--vocab`,
            `--causal`, `--tracr-layout`; the last three for RASP programs only).
        dense: store every tensor dense (`--dense`).
        samples: reference inputs recorded in `reference_outputs.json` (`--samples`).
        output: the folder to export to; by default a temporary folder this package owns
            and deletes when Python exits.

    Raises:
        AltaBinaryNotFound: no `alta` binary (see `find_binary`).
        CompileError: Alta refused the program or an option (its message).
    """
    binary = find_binary()
    folder = Path(output) if output is not None else _temporary_folder() / "model"
    source = program
    if text is not None:
        suffix = Path(program).suffix
        if suffix not in (".rasp", ".alta"):
            raise ValueError(f"with text=, program must be a file name ending in .rasp or .alta, got '{program}'")
        source_folder = _temporary_folder()
        path = source_folder / Path(program).name
        path.write_text(text)
        source = str(path)
    args = [str(binary), "compile", source, "--output", str(folder)]
    if max_len is not None:
        args += ["--max-len", str(max_len)]
    if vocab is not None:
        args += ["--vocab", ",".join(vocab)]
    if causal:
        args.append("--causal")
    if tracr_layout:
        args.append("--tracr-layout")
    if dense:
        args.append("--dense")
    if samples is not None:
        args += ["--samples", str(samples)]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise CompileError(f"alta compile {program}: {message}")
    return load(folder)
