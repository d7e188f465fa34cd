"""The build's data in persistent Oxigraph stores, made once and then opened read-only by `kg query`.

A store is made on the first query of a data file (a build's ``graph.nq``, or any file given
with ``--graph``) under ``CACHE/stores/<sha256 of the file>/``, so a changed file gets a new store
and an old one is never read for it. It is made in a temporary folder beside and renamed into
place, so concurrent first queries each end with a complete store, and a crash leaves no
half-made one. The hash is remembered with the file's size, modification time and inode
(``CACHE/hashes/``), so a 150 MB file is hashed again only when one of them changes. Everything
in the cache can be deleted at any time: it is made again on the next query.

A dataset (N-Quads, TriG) keeps its named graphs, and its default graph holds the union of their
triples (as a set), as a query of the build's ``graph.nt`` or ``graph.ttl`` sees them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from pathlib import Path

import pyoxigraph as ox

from kg.core.digests import file_sha256 as _hash_file
from kg.errors import KgError, SourceError
from kg.rdf.prefixes import turtle_prefixes

#: How a data file is read into a store, by extension: (pyoxigraph's format, its title, is a dataset).
_FORMATS = {
    "nq": (ox.RdfFormat.N_QUADS, "N-Quads", True),
    "trig": (ox.RdfFormat.TRIG, "TriG", True),
    "nt": (ox.RdfFormat.N_TRIPLES, "N-Triples", False),
    "ttl": (ox.RdfFormat.TURTLE, "Turtle", False),
    "rdf": (ox.RdfFormat.RDF_XML, "RDF/XML", False),
}
_STALE_TEMPORARY = 24 * 3600  # seconds after which a temporary folder is a crash's leftover


def data_file(graph: Path) -> Path:
    """The file a query of ``graph`` reads: a build folder's ``graph.nq`` (its named graphs and
    their union), else its ``graph.ttl``; a file is itself."""
    if graph.is_dir():
        for name in ("graph.nq", "graph.ttl"):
            if (graph / name).is_file():
                return graph / name
        raise KgError(f"{graph} holds no graph.nq or graph.ttl; run `kg build` first, or pass --graph FILE")
    if not graph.is_file():
        raise KgError(f"{graph} not found; run `kg build` first, or pass --graph FILE")
    return graph


def data_prefixes(path: Path) -> dict[str, str]:
    """The prefixes the data declares: a Turtle file's leading ``@prefix`` lines (kg writes them
    first), or for another file of a build, those of the ``graph.ttl`` beside it."""
    turtle = path if path.suffix == ".ttl" else path.with_name("graph.ttl") if path.name.startswith("graph.") else None
    if turtle is None or not turtle.is_file():
        return {}
    return turtle_prefixes(turtle)


def _writable(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot make the cache folder {folder} ({exc.strerror}); pass --cache DIR") from None
    return folder


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def file_sha256(path: Path, *, cache: Path) -> str:
    """The SHA-256 of the file's bytes, hashed again only when its size, mtime or inode changed."""
    resolved = path.resolve()
    st = resolved.stat()
    stamp = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}
    memo = cache / "hashes" / (hashlib.sha256(str(resolved).encode("utf-8")).hexdigest() + ".json")
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if known.get("path") == str(resolved) and known.get("stamp") == stamp:
            return str(known["sha256"])
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    sha = _hash_file(resolved)
    _writable(memo.parent)
    _write_atomically(memo, json.dumps({"path": str(resolved), "stamp": stamp, "sha256": sha}))
    return sha


def store_folder(path: Path, *, cache: Path) -> Path:
    """Where the store of the data file ``path`` lives (it may not be made yet)."""
    return cache / "stores" / file_sha256(path, cache=cache)


def open_store(path: Path, *, cache: Path) -> ox.Store:
    """The data file's store, opened read-only; made first when the cache has none for its bytes."""
    if path.suffix.lower().removeprefix(".") not in (*_FORMATS, "jsonld"):
        from kg.rdf.formats import format_for_path

        format_for_path(path)  # the error that names the formats
    folder = store_folder(path, cache=cache)
    if not (folder / "kg-store.json").is_file():
        _make_store(path, folder)
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise KgError(f"cannot open the cached store {folder} ({exc}); delete the folder and query again") from None


def _make_store(path: Path, folder: Path) -> None:
    import shutil

    parent = _writable(folder.parent)
    for old in parent.glob(".tmp-*"):  # a crashed run's leftovers
        if time.time() - old.stat().st_mtime > _STALE_TEMPORARY:
            shutil.rmtree(old, ignore_errors=True)
    tmp = parent / f".tmp-{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        store = ox.Store(str(tmp))
        _fill(store, path)
        store.flush()
        del store
        gc.collect()  # the store's files are closed when the object is dropped
        (tmp / "kg-store.json").write_text(json.dumps({"source": str(path.resolve())}) + "\n", encoding="utf-8")
        try:
            os.rename(tmp, folder)
        except OSError:
            if not (folder / "kg-store.json").is_file():  # not a concurrent run that got there first
                raise
    except OSError as exc:
        raise KgError(f"cannot make the store for {path} in {parent} ({exc}); pass --cache DIR") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fill(store: ox.Store, path: Path) -> None:
    ext = path.suffix.lower().removeprefix(".")
    if ext not in _FORMATS:
        from kg.rdf.oxterms import rdflib_to_store
        from kg.rdf.read import read_rdf

        memory = rdflib_to_store(read_rdf(path))  # JSON-LD: its context files are read from disk
        store.bulk_extend(memory.quads_for_pattern(None, None, None, None))
    else:
        fmt, title, dataset = _FORMATS[ext]
        if ext == "rdf":
            from kg.rdf.read import refuse_xml_entities

            refuse_xml_entities(path)
        try:
            store.bulk_load(path=str(path), format=fmt)
            if dataset:
                union = (ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt))
                store.bulk_extend(union)
        except (SyntaxError, ValueError) as exc:
            raise SourceError(f"not valid {title} ({exc})", path=path) from None
    if not len(store):
        raise SourceError("holds no RDF triples; expected a graph", path=path)
