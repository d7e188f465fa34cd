"""Entity files kept from the site being replaced: a rebuild writes only the files whose content changed.

An entity's documents (Turtle, JSON-LD, N-Triples) are written from its statements and the names of
what it links to. Each entity's files are recorded with a digest of its rendered page and of those
statements, and the identity of each file written (inode, size, modification time). The record
goes in the cache folder, under a name taken from the output folder. The next build into the same
folder renders the page (cheap: its values are rendered once per site), and when the digest is the
same and the files are still the ones recorded, it hard-links the old files into its staging folder
instead of writing the page and the three documents; a file edited or replaced since is written
again. The digest also covers the site's code and the RDF writers, so a change to them writes everything.

A miss only costs time: the bytes are always those a cold build writes (``tests/test_site_reuse.py``
builds warm and cold and compares). The record is a cache: unreadable, foreign or missing, it is
ignored; it is written only after the build's output is in place. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: Under the cache folder (``.kg-cache/``), where the records go.
SUBFOLDER = "site"
_FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent.parent

#: One entity's record: the digest of its inputs and, for each file, (extension, inode, size, mtime in ns).
Entry = tuple[str, list[tuple[str, int, int, int]]]


@cache
def code_version() -> str:
    """A hash of what turns an entity's inputs into its files: the site's code, templates and styles,
    and the RDF writers its documents use."""
    from importlib.metadata import version

    libraries = " ".join(f"{name} {version(name)}" for name in ("jinja2", "markupsafe", "rdflib"))
    digest = hashlib.sha256(f"site reuse {_FORMAT} {libraries}\n".encode())
    files = [p for name in ("site", "rdf", "core") for p in (_PACKAGE / name).rglob("*") if p.is_file()]
    for path in sorted(f for f in files if "__pycache__" not in f.parts):
        digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def record_path(cache: Path, site: Path) -> Path:
    """The record of the site written at ``site`` (the published folder, not the staging one)."""
    name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:24]
    return cache / SUBFOLDER / f"{name}.json"


def digest(salt: str, *parts: object) -> str:
    """The digest of an entity's inputs: bytes as they are, anything else by its ``repr`` (plain data:
    strings, numbers, lists, dicts, dataclasses, rdflib terms), each part's length first, so no two
    different lists of parts give the same stream."""
    h = hashlib.sha256(salt.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        h.update(b"%d\0" % len(data))
        h.update(data)
    return h.hexdigest()


@dataclass
class Reuse:
    """The previous site's record, and the files of it that may be linked into the new site."""

    #: The published site folder the record describes (``dist/site``), or None: nothing to reuse.
    previous: Path | None = None
    salt: str = ""
    entries: Mapping[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, record: Path, previous: Path) -> Reuse:
        """The record at ``record`` of the site at ``previous`` (an empty one if it cannot be read: the
        site is then rendered whole). The site checks its salt against its own."""
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return cls()
            entries = {path: (key, [tuple(f) for f in files]) for path, (key, files) in data["entries"].items()}
            return cls(previous=previous, salt=str(data["salt"]), entries=entries)  # type: ignore[arg-type]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def link(self, path: str, key: str, root: str) -> list[str] | None:
        """Link the files of the entity at ``path`` from the previous site into ``root`` (the staging
        site folder, with a trailing slash) if its inputs are those of ``key`` and its files are still
        the ones recorded; the relative paths linked, or None (render it)."""
        found = self.entries.get(path)
        if self.previous is None or found is None or found[0] != key:
            return None
        sources = []
        for ext, ino, size, mtime in found[1]:
            source = f"{self.previous}/{path}.{ext}"
            try:
                st = os.stat(source)
            except OSError:
                return None
            if (st.st_ino, st.st_size, st.st_mtime_ns) != (ino, size, mtime):
                return None
            sources.append((source, f"{path}.{ext}"))
        linked = []
        for source, relative in sources:
            try:
                os.link(source, root + relative)
            except OSError:  # another file system, or links refused: render instead
                for done in linked:
                    os.unlink(root + done)
                return None
            linked.append(relative)
        return linked


def identify(root: str, path: str, extensions: Iterable[str], key: str) -> Entry:
    """The record of the files just written (or linked) for the entity at ``path``."""
    files = []
    for ext in extensions:
        st = os.stat(f"{root}{path}.{ext}")
        files.append((ext, st.st_ino, st.st_size, st.st_mtime_ns))
    return key, files


def save(record: Path, salt: str, entries: Mapping[str, Entry]) -> None:
    """Write the record atomically; a cache that cannot be written is left as it is (it only saves time)."""
    data = json.dumps({"format": _FORMAT, "salt": salt, "entries": dict(sorted(entries.items()))})
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=record.parent, prefix=".site.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(temporary, record)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
