"""One way to take a file's SHA-256: read a mebibyte at a time, so a published serialisation of
hundreds of megabytes is never held whole in memory to be hashed."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of the file's bytes."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
