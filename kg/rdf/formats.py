"""The RDF file formats: one table (:data:`RDF_FORMATS`) drives ``--format`` choices, file names,
media types, the dataset description's distributions and reading.

Every writer is deterministic (sorted output, no timestamps), so two builds of the same sources
give the same bytes and publishers can diff releases. :func:`kg.rdf.read.read_rdf` reads a file of
any of the formats, chosen by its extension (:func:`format_for_path`), for ``kg validate`` and
``kg query``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.errors import SourceError
from kg.rdf.encoded import EncodedGraph
from kg.rdf.jsonld import write_jsonld_rows
from kg.rdf.oxterms import to_oxigraph
from kg.rdf.turtle import TurtleWriter, write_nquads_rows, write_ntriples_rows


class GraphData(Protocol):
    """What a writer needs: the graph's triples encoded once (whole and per source article), and the prefixes."""

    @property
    def encoded(self) -> EncodedGraph: ...

    @property
    def prefixes(self) -> Mapping[str, str]: ...


def _turtle(k: GraphData, out: io.TextIOBase) -> None:
    writer = TurtleWriter(k.prefixes)
    out.write(writer.header())
    writer.write_rows_block(k.encoded.rows, k.encoded.terms, out)


def _trig(k: GraphData, out: io.TextIOBase) -> None:
    TurtleWriter(k.prefixes).write_trig_rows(k.encoded.graphs, k.encoded.terms, out)


def _ntriples(k: GraphData, out: io.TextIOBase) -> None:
    write_ntriples_rows(k.encoded.rows, out)


def _nquads(k: GraphData, out: io.TextIOBase) -> None:
    write_nquads_rows(k.encoded.graphs, out)


def _jsonld(k: GraphData, out: io.TextIOBase) -> None:
    write_jsonld_rows(k.encoded.rows, k.encoded.terms, k.prefixes, out)


def _jsonld_inline(k: GraphData, out: io.TextIOBase) -> None:
    write_jsonld_rows(k.encoded.rows, k.encoded.terms, k.prefixes, out, inline=True)


def _rdfxml(k: GraphData, out: io.TextIOBase) -> None:
    terms = k.encoded.terms
    ox_terms: dict[str, object] = {}
    text: dict[str, str] = {}
    for form, term in terms.items():
        ox_terms[form] = to_oxigraph(term)  # type: ignore[arg-type]
        text[form] = str(term)
    rows = sorted(k.encoded.rows, key=lambda r: (text[r[0]], text[r[1]], text[r[2]]))
    triples = (ox.Triple(ox_terms[s], ox_terms[p], ox_terms[o]) for s, p, o in rows)
    prefixes = {p: ns for p, ns in k.prefixes.items() if p in {"kgo", "schema", "org", "rdfs", "prov", "skos"}}
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text buffer (render): the document, decoded
        out.write(ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).decode("utf-8"))
        return
    out.flush()  # a file: pyoxigraph writes its bytes after what the text layer holds
    ox.serialize(triples, binary, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    title: str
    #: True when the format carries one named graph per source article.
    dataset: bool
    #: True for the plain triple dumps a loader reads as the dataset (``void:dataDump``).
    dump: bool
    write: Callable[[GraphData, io.TextIOBase], None]
    #: The writer of a file read with nothing beside it, when it differs (JSON-LD: context inline).
    write_standalone: Callable[[GraphData, io.TextIOBase], None] | None = None

    @property
    def filename(self) -> str:
        return f"graph.{self.extension}"

    @property
    def short_title(self) -> str:
        """The format's name as people write it: "Turtle", "N-Quads", "JSON-LD" …"""
        return self.title.split(",")[0]


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "ttl", "text/turtle", "Turtle, for reading", False, True, _turtle),
    Format("ntriples", "nt", "application/n-triples", "N-Triples, sorted, for bulk loaders", False, True, _ntriples),
    Format("nquads", "nq", "application/n-quads", "N-Quads, one named graph per source article", True, False, _nquads),
    Format("trig", "trig", "application/trig", "TriG, one named graph per source article", True, False, _trig),
    Format(
        "jsonld",
        "jsonld",
        "application/ld+json",
        "JSON-LD, compacted with context.jsonld",
        False,
        False,
        _jsonld,
        _jsonld_inline,
    ),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", False, False, _rdfxml),
)
BY_NAME = {f.name: f for f in RDF_FORMATS}
BY_EXTENSION = {f.extension: f for f in RDF_FORMATS}


def _writer(fmt: Format, standalone: bool) -> Callable[[GraphData, io.TextIOBase], None]:
    return fmt.write_standalone if standalone and fmt.write_standalone is not None else fmt.write


def render(k: GraphData, fmt: Format, *, standalone: bool = False) -> bytes:
    """The graph in ``fmt``; ``standalone`` for a file that will have no ``context.jsonld`` beside it."""
    buffer = io.StringIO()
    _writer(fmt, standalone)(k, buffer)
    return buffer.getvalue().encode("utf-8")


def write_file(k: GraphData, fmt: Format, path: Path, *, standalone: bool = False) -> None:
    """The bytes of :func:`render`, written into ``path`` as they are made: a serialisation of a
    million triples is never held whole in memory (as text, then as bytes)."""
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        _writer(fmt, standalone)(k, out)  # type: ignore[arg-type]


def format_for_path(path: Path) -> Format:
    """The format of an RDF file, by its extension; an unknown one is a :class:`~kg.errors.SourceError`."""
    found = BY_EXTENSION.get(path.suffix.lower().removeprefix("."))
    if found is None:
        known = ", ".join(f".{f.extension}" for f in RDF_FORMATS)
        what = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise SourceError(f"cannot tell its RDF format: {what}; expected one of {known}", path=path)
    return found
