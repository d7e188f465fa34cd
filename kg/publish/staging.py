"""Write a build's files all at once: into a staging folder, then swapped into place.

A failed build leaves the previous output folder exactly as it was; a reader never sees a mix of
old and new files for longer than two renames. The new files are flushed to disk before they are
renamed into place, so a crash right after a build cannot leave an output folder of empty files.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core import stopping
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
        _sync_tree(stage)
        stopping.commit()  # a stop asked for until now is honoured here, even if its exception was lost
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(stage, out)
        _sync(out.parent)
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
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        _sync(path.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to disk. On Linux one sync(2) does it, and returns only
    when the writes are done: the site makes tens of thousands of files, and one fsync each would cost
    more than writing them; elsewhere each is flushed in turn."""
    if sys.platform.startswith("linux"):
        os.sync()
        return
    for path in sorted(folder.rglob("*")):
        _sync(path)
    _sync(folder)


def _sync(path: Path) -> None:
    """Flush a file's data, or a folder's entries, to disk: a rename is only as durable as what it renames."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # some file systems cannot sync a folder; the files in it were synced one by one
        if not (path.is_dir() and exc.errno in (errno.EINVAL, errno.EBADF)):
            raise
    finally:
        os.close(fd)
