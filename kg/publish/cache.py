"""The incremental cache of the per-article stage: each article's mapped form, kept between builds.

An entry is found by a key made of everything an article's mapping depends on:

* the article's bytes and file name (its folder does not matter: the triples name the file only);
* the code and data that read and map it: the source files of :mod:`kg.source`, :mod:`kg.mapping`
  and :mod:`kg.core`, this stage's own modules, the data files in ``kg/data`` (the lexicon, the
  field tables …), kg's and rdflib's versions;
* the configuration as it applies to that article (:data:`MAPPED_CONFIG` of
  ``config.for_source(name)``) and the alias list.

Change any of them and the key changes: a stale entry is never read, only left behind. Entries are
written atomically (a temporary file, then a rename), so concurrent builds sharing a cache at worst
write the same entry twice; an entry that cannot be read back (truncated, foreign, of an older
format) is ignored and written anew. The folder is safe to delete at any time.

Entries are pickles: the cache is trusted as the sources are, so keep it where only you write.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from kg.errors import KgError
from kg.source.aliases import Aliases
from kg.source.config import Config

#: The fields of the configuration the mapping of one article reads (after ``for_source``); a test
#: checks that the mapping reads no other, so that a change to any of them is a change of key.
MAPPED_CONFIG = ("base", "language", "wikipedia")
#: Under the cache folder (``.kg-cache/``), where this stage's entries go.
SUBFOLDER = "articles"
_MAGIC = b"kg-article\n"
_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_version() -> str:
    """A hash of the code and data the per-article stage runs: it changes when any of them does."""
    import rdflib

    from kg.publish import packing

    digest = hashlib.sha256()
    digest.update(f"kg {_kg_version()} rdflib {rdflib.__version__} packing {packing.FORMAT}\n".encode())
    files = [
        *(p for name in ("source", "mapping", "core") for p in (_PACKAGE / name).rglob("*.py")),
        _PACKAGE / "errors.py",
        _PACKAGE / "publish" / "articles.py",
        _PACKAGE / "publish" / "cache.py",
        _PACKAGE / "publish" / "packing.py",
        *(p for p in (_PACKAGE / "data").rglob("*") if p.is_file()),
    ]
    for path in sorted(files):
        digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _kg_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def settings_key(aliases: Aliases) -> str:
    """What every article of a build shares in its key: the code and the alias list."""
    digest = hashlib.sha256(code_version().encode())
    for e in aliases.entries:
        digest.update(repr((e.canonical, e.alias, e.kind, e.note)).encode())
    return digest.hexdigest()


def article_key(settings: str, config: Config, name: str, data: bytes) -> str:
    """The key of one article: the build's :func:`settings_key`, its file name, its configuration and its bytes."""
    mine = config.for_source(name)
    digest = hashlib.sha256(settings.encode())
    digest.update(repr([name, *(getattr(mine, f) for f in MAPPED_CONFIG)]).encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class ArticleCache:
    """Packed articles (:mod:`kg.publish.packing`) by key, in ``folder/articles/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder / SUBFOLDER

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.bin"

    def get(self, key: str) -> bytes | None:
        """The packed article stored under ``key``, or None (not there, or not readable as an entry)."""
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        head = _MAGIC + key.encode() + b"\n"
        return data[len(head) :] if data.startswith(head) else None

    def put(self, key: str, packed: bytes) -> None:
        """Store ``packed`` under ``key``: atomically, so a reader sees the whole entry or none."""
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{key[:8]}.", suffix=".tmp")
        except OSError as exc:
            raise KgError(f"cannot write to the cache {self.folder}: {exc}; use --cache DIR or --no-cache") from None
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + key.encode() + b"\n")
                out.write(packed)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def keys(self) -> Iterable[str]:
        """The keys of the entries there are now (for tests and curious users)."""
        return sorted(p.stem for p in self.root.glob("*/*.bin"))
