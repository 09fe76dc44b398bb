"""Finding the `alta` command-line binary."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

#: The environment variable naming the binary to use.
ENV_VAR = "ALTA_BIN"


class AltaBinaryNotFound(RuntimeError):
    """No `alta` binary was found; the message says where it looked and how to build one."""


def _repository_builds() -> list[Path]:
    """The binaries a Swift build of the repository this package sits in would have made
    (`<repository>/.build/release/alta`, then `.build/debug/alta`)."""
    repository = Path(__file__).resolve().parent.parent.parent
    return [repository / ".build" / "release" / "alta", repository / ".build" / "debug" / "alta"]


def find_binary() -> Path:
    """The `alta` binary: `$ALTA_BIN` if set, else `alta` on `PATH`, else the repository's
    release build (`.build/release/alta`, or the debug build) when this package is used
    from a checkout.

    Raises:
        AltaBinaryNotFound: `ALTA_BIN` names no executable file, or none of the places has
            one; the message lists what was tried and says how to build it.
    """
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        path = Path(explicit)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise AltaBinaryNotFound(f"{ENV_VAR} is '{explicit}', which is not an executable file")
    on_path: Optional[str] = shutil.which("alta")
    if on_path:
        return Path(on_path)
    builds = _repository_builds()
    for candidate in builds:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    tried = ", ".join(str(p) for p in builds)
    raise AltaBinaryNotFound(
        f"no alta binary: {ENV_VAR} is not set, 'alta' is not on PATH, and there is none at {tried}. "
        "Build it in the repository with `swift build -c release` (then it is found at .build/release/alta), "
        f"or set {ENV_VAR} to its path."
    )
