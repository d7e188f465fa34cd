"""The output formats: one table drives ``--format`` choices, file names and media types.

Every writer is deterministic (sorted output, no timestamps), so two builds of the same sources
give the same bytes and publishers can diff releases.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from kg.jsonld import write_jsonld
from kg.oxterms import to_oxigraph
from kg.serialize import TurtleWriter, write_nquads, write_ntriples
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.build import Knowledge


def new_graph() -> Graph:
    """An empty graph with exactly the project's prefixes bound (none of rdflib's defaults)."""
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def prefixes_for(base: str, kinds: set[str]) -> dict[str, str]:
    """The vocabulary prefixes, then one prefix per kind of entity (``organisation:`` …) under the base."""
    found = {p: str(ns) for p, ns in PREFIXES.items()}
    for kind in sorted(kinds):
        found[kind] = base + kind + "/"
    return found


def _turtle(k: Knowledge, out: io.TextIOBase) -> None:
    TurtleWriter(k.prefixes).write(k.graph, out)


def _trig(k: Knowledge, out: io.TextIOBase) -> None:
    TurtleWriter(k.prefixes).write_trig(k.parts, out)


def _ntriples(k: Knowledge, out: io.TextIOBase) -> None:
    write_ntriples(k.graph, out)


def _nquads(k: Knowledge, out: io.TextIOBase) -> None:
    write_nquads(((s, p, o, g) for g, part in k.parts.items() for s, p, o in part), out)


def _jsonld(k: Knowledge, out: io.TextIOBase) -> None:
    write_jsonld(k.graph, k.prefixes, out)


def _rdfxml(k: Knowledge, out: io.TextIOBase) -> None:
    triples = sorted(k.graph, key=lambda t: tuple(str(x) for x in t))
    data = ox.serialize(
        (ox.Triple(*(to_oxigraph(x) for x in t)) for t in triples),
        format=ox.RdfFormat.RDF_XML,
        prefixes={p: ns for p, ns in k.prefixes.items() if p in {"kgo", "schema", "org", "rdfs", "prov", "skos"}},
    )
    out.write(data.decode("utf-8"))


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    title: str
    #: True when the format carries one named graph per source article.
    dataset: bool
    write: Callable[[Knowledge, io.TextIOBase], None]

    @property
    def filename(self) -> str:
        return f"graph.{self.extension}"


FORMATS: tuple[Format, ...] = (
    Format("turtle", "ttl", "text/turtle", "Turtle, for reading", False, _turtle),
    Format("ntriples", "nt", "application/n-triples", "N-Triples, sorted, for bulk loaders", False, _ntriples),
    Format("nquads", "nq", "application/n-quads", "N-Quads, one named graph per source article", True, _nquads),
    Format("trig", "trig", "application/trig", "TriG, one named graph per source article", True, _trig),
    Format("jsonld", "jsonld", "application/ld+json", "JSON-LD, compacted with context.jsonld", False, _jsonld),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", False, _rdfxml),
)
BY_NAME = {f.name: f for f in FORMATS}


def render_graph(graph: Graph) -> bytes:
    """A small graph (dataset description, query catalogue) as sorted Turtle with its own prefixes."""
    buffer = io.StringIO()
    TurtleWriter({p: str(ns) for p, ns in sorted(graph.namespaces())}).write(graph, buffer)
    return buffer.getvalue().encode("utf-8")


def render(k: Knowledge, fmt: Format) -> bytes:
    buffer = io.StringIO()
    fmt.write(k, buffer)
    return buffer.getvalue().encode("utf-8")
