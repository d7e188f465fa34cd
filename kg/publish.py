"""Write a build's files all at once: into a staging folder, then swapped into place.

A failed build leaves the previous output folder exactly as it was; a reader never sees a mix of
old and new files for longer than two renames.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError

MARKER = ".kg-build"


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside ``out``; on success it replaces ``out``."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise KgError(f"{out} exists and is not a kg output folder (no {MARKER} file); refusing to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield stage
        (stage / MARKER).write_text("This folder is written by `kg build`; it is replaced whole by the next build.\n")
        os.chmod(stage, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(stage, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
