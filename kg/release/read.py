"""The two sides of a diff: a build folder or a graph file, read as a set of N-Triples lines.

A build folder is read through its ``graph.nt``. When the folder's ``void.ttl`` records the file's
size and SHA-256 and they match, the file is the one ``kg build`` wrote (sorted, one canonical
triple per line), so its lines are taken as they are; only the lines that differ between the two
sides are parsed again (:mod:`kg.release.diff`). A graph file of any format ``kg validate``
reads, or a folder without that record, is parsed whole with pyoxigraph (JSON-LD with rdflib,
which reads its context from disk) and its triples written out as N-Triples lines.

``void.ttl`` also gives the release's identity: the dataset IRI, its version and its base.

Blank nodes are refused (:class:`~kg.errors.SourceError`, exit 2): kg never writes them, and an
entity is compared by its IRI, which a blank node does not have.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode

from kg.errors import SourceError
from kg.rdf.formats import format_for_path
from kg.rdf.read import read_rdf, refuse_xml_entities
from kg.rdf.turtle import nt

GRAPH_FILE = "graph.nt"
VOID_FILE = "void.ttl"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_VOID = "http://rdfs.org/ns/void#"
_DCAT = "http://www.w3.org/ns/dcat#"
_SPDX = "http://spdx.org/rdf/terms#"
_NTRIPLES_TYPE = "https://www.iana.org/assignments/media-types/application/n-triples"
#: pyoxigraph's parser for each format of :data:`~kg.rdf.formats.RDF_FORMATS` but JSON-LD.
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Identity:
    """Which release a side is, as its ``void.ttl`` says (all None for a bare graph file)."""

    dataset: str | None = None
    version: str | None = None
    #: The base IRI of its entities (``void:uriSpace``).
    base: str | None = None

    @property
    def version_iri(self) -> str | None:
        """The release's own IRI, ``{dataset}/{version}`` (``https://w3id.org/kg/id/dataset/0.1.0``)."""
        if self.dataset is None or self.version is None:
            return None
        return f"{self.dataset}/{quote(self.version, safe='')}"


@dataclass(frozen=True)
class Side:
    """One side of a diff: what was given, its triples as sorted N-Triples lines, which release it is."""

    path: Path
    #: One triple per line, sorted (so the lines of one subject are together).
    lines: list[bytes]
    #: The same lines as one N-Triples document (in the order of the file).
    data: bytes
    identity: Identity = Identity()


def _side(path: Path, data: bytes, identity: Identity = Identity()) -> Side:
    lines = data.split(b"\n")  # N-Triples lines end in a line feed (kg's, and those of _parse)
    if lines and not lines[-1]:
        lines.pop()
    lines.sort()  # linear when the file is sorted already, as kg writes it
    return Side(path=path, lines=lines, data=data, identity=identity)


def read_side(path: Path) -> Side:
    """A build folder (its ``graph.nt``, checked against ``void.ttl``) or a graph file, as a :class:`Side`."""
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        raise SourceError("no such file or folder; expected a build folder or a graph file", path=path)
    return _side(path, _parse(path))


def side_from_ntriples(data: bytes, *, path: Path, identity: Identity) -> Side:
    """The side of a graph ``kg build`` has just written as N-Triples (one canonical triple per line)."""
    _refuse_blank_node_lines(data, path)
    return _side(path, data, identity)


def _read_folder(folder: Path) -> Side:
    graph = folder / GRAPH_FILE
    if not graph.is_file():
        raise SourceError(f"has no {GRAPH_FILE}; expected a folder written by kg build, or a graph file", path=folder)
    void = folder / VOID_FILE
    identity, recorded = _description(void) if void.is_file() else (Identity(), None)
    if recorded is None:  # not described: read it as any graph file
        return _side(folder, _parse(graph), identity)
    data = graph.read_bytes()
    size, digest = recorded
    if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
        raise SourceError(
            f"does not match the size and SHA-256 that {void.name} records for it: the folder was changed "
            f"after kg built it; kg diff still compares the file itself ({graph})",
            path=graph,
        )
    return side_from_ntriples(data, path=folder, identity=identity)


def _description(void: Path) -> tuple[Identity, tuple[int, str] | None]:
    """The release's identity and the recorded (size, SHA-256) of its ``graph.nt``, from ``void.ttl``."""
    try:
        quads = list(ox.parse(path=str(void), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise SourceError(f"not valid Turtle ({_reason(exc)})", path=void, line=exc.lineno) from None
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read the file: {exc}", path=void) from None
    values: dict[tuple[str, str], list[Any]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            values.setdefault((q.subject.value, q.predicate.value), []).append(q.object)

    def first(subject: str, predicate: str) -> str | None:
        found = sorted(o.value for o in values.get((subject, predicate), []))
        return found[0] if found else None

    datasets = sorted(s for (s, p), objects in values.items() if p == _VOID + "dataDump")
    if not datasets:
        return Identity(), None
    ds = datasets[0]
    identity = Identity(dataset=ds, version=first(ds, _DCAT + "version"), base=first(ds, _VOID + "uriSpace"))
    for dump in sorted(o.value for o in values.get((ds, _VOID + "dataDump"), [])):
        if first(dump, _DCAT + "mediaType") != _NTRIPLES_TYPE:
            continue
        size, checksum = first(dump, _DCAT + "byteSize"), first(dump, _SPDX + "checksum")
        digest = first(checksum, _SPDX + "checksumValue") if checksum else None
        if size is not None and size.isdigit() and digest is not None:
            return identity, (int(size), digest.lower())
    return identity, None


def _parse(path: Path) -> bytes:
    """Every triple of a graph file (the union of a quad file's graphs) as N-Triples, one per line."""
    fmt = format_for_path(path)
    if fmt.name == "rdfxml":  # as every reader of kg: pyoxigraph would expand them
        refuse_xml_entities(path)
    if fmt.name == "jsonld":  # rdflib, which reads the context from a local file and never fetches one
        lines = _rdflib_lines(path)
    else:
        # relative IRIs are resolved against the file, as rdflib does for kg validate
        base = path.resolve().as_uri() if fmt.name in ("turtle", "trig", "rdfxml") else None
        lines = _oxigraph_lines(path, _OX_FORMATS[fmt.name], fmt.short_title, base)
    if not lines:
        raise SourceError(f"holds no RDF triples; expected a graph in {fmt.short_title}", path=path)
    return b"".join(line + b"\n" for line in sorted(lines))


def _oxigraph_lines(path: Path, fmt: ox.RdfFormat, title: str, base: str | None) -> frozenset[bytes]:
    lines: set[bytes] = set()
    try:
        for q in ox.parse(path=str(path), format=fmt, base_iri=base):
            s, o = q.subject, q.object
            if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
                _blank_node(path, f"{s} {q.predicate} {o} .")
            lines.add(f"{s} {q.predicate} {o} .".encode())
    except SyntaxError as exc:
        raise SourceError(f"not valid {title} ({_reason(exc)})", path=path, line=exc.lineno) from None
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read the file: {exc}", path=path) from None
    return frozenset(lines)


def _rdflib_lines(path: Path) -> frozenset[bytes]:
    lines: set[bytes] = set()
    for triple in read_rdf(path).triples((None, None, None)):
        line = " ".join(nt(term) for term in triple) + " ."
        if any(isinstance(term, BNode) for term in triple):
            _blank_node(path, line)
        lines.add(line.encode())
    return frozenset(lines)


def _refuse_blank_node_lines(data: bytes, path: Path) -> None:
    """N-Triples lines with a blank node (``_:b0``) are refused; ``_:`` inside an IRI or a literal is not one."""
    start = data.find(b"_:")
    while start != -1:
        begin = data.rfind(b"\n", 0, start) + 1
        end = data.find(b"\n", start)
        end = len(data) if end == -1 else end
        line, number = data[begin:end], data.count(b"\n", 0, begin) + 1
        try:
            quads = list(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise SourceError(f"not valid N-Triples ({_reason(exc)})", path=path, line=number) from None
        if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
            _blank_node(path, line.decode("utf-8", "replace"), number)
        start = data.find(b"_:", end)


def _blank_node(path: Path, triple: str, line: int | None = None) -> None:
    raise SourceError(
        f"has a blank node ({triple}); kg graphs have none, and kg diff matches entities by IRI, "
        "so it cannot say what changed; expected an IRI for every subject and object",
        path=path,
        line=line,
    )


def _reason(exc: SyntaxError) -> str:
    """pyoxigraph's message without its "Parser error at line 2 between columns 3 and 9:" prefix."""
    text = str(exc.msg or exc)
    return text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text


def unescape(token: bytes) -> bytes:
    """An N-Triples IRI token (``<…>``) with its ``\\u``/``\\U`` escapes decoded: one spelling per IRI."""
    if b"\\" not in token:
        return token
    text = token.decode("utf-8")
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1 : i + 2] in ("u", "U"):
            width = 4 if text[i + 1] == "u" else 8
            out.append(chr(int(text[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(text[i])
            i += 1
    return "".join(out).encode("utf-8")
