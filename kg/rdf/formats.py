"""The RDF file formats: one table drives ``--format`` choices, file names, media types and reading.

Every writer is deterministic (sorted output, no timestamps), so two builds of the same sources
give the same bytes and publishers can diff releases. :func:`read_rdf` reads a file of any of the
formats, chosen by its extension (:func:`format_for_path`), for ``kg validate`` and ``kg query``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.core.vocab import PREFIXES
from kg.errors import SourceError
from kg.rdf.jsonld import local_document, write_jsonld
from kg.rdf.oxterms import to_oxigraph
from kg.rdf.turtle import TurtleWriter, write_nquads, write_ntriples

if TYPE_CHECKING:
    from kg.publish.build import Knowledge
    from kg.validation.report import Report


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


def _jsonld_inline(k: Knowledge, out: io.TextIOBase) -> None:
    write_jsonld(k.graph, k.prefixes, out, inline=True)


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
    #: The writer of a file read with nothing beside it, when it differs (JSON-LD: context inline).
    write_standalone: Callable[[Knowledge, io.TextIOBase], None] | None = None

    @property
    def filename(self) -> str:
        return f"graph.{self.extension}"

    @property
    def short_title(self) -> str:
        """The format's name as people write it: "Turtle", "N-Quads", "JSON-LD" …"""
        return self.title.split(",")[0]


FORMATS: tuple[Format, ...] = (
    Format("turtle", "ttl", "text/turtle", "Turtle, for reading", False, _turtle),
    Format("ntriples", "nt", "application/n-triples", "N-Triples, sorted, for bulk loaders", False, _ntriples),
    Format("nquads", "nq", "application/n-quads", "N-Quads, one named graph per source article", True, _nquads),
    Format("trig", "trig", "application/trig", "TriG, one named graph per source article", True, _trig),
    Format(
        "jsonld",
        "jsonld",
        "application/ld+json",
        "JSON-LD, compacted with context.jsonld",
        False,
        _jsonld,
        _jsonld_inline,
    ),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", False, _rdfxml),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_EXTENSION = {f.extension: f for f in FORMATS}


@dataclass(frozen=True)
class Exported:
    """One serialisation of a validated graph (``kg export``), with what the build has to say about it."""

    data: bytes
    knowledge: Knowledge
    #: The validation report: no violations, maybe warnings and infos.
    report: Report


def render_graph(graph: Graph) -> bytes:
    """A small graph (dataset description, query catalogue) as sorted Turtle with its own prefixes."""
    buffer = io.StringIO()
    TurtleWriter({p: str(ns) for p, ns in sorted(graph.namespaces())}).write(graph, buffer)
    return buffer.getvalue().encode("utf-8")


def render(k: Knowledge, fmt: Format, *, standalone: bool = False) -> bytes:
    """The graph in ``fmt``; ``standalone`` for a file that will have no ``context.jsonld`` beside it."""
    buffer = io.StringIO()
    write = fmt.write_standalone if standalone and fmt.write_standalone is not None else fmt.write
    write(k, buffer)
    return buffer.getvalue().encode("utf-8")


# -- reading -----------------------------------------------------------------------------------------


def format_for_path(path: Path) -> Format:
    """The format of an RDF file, by its extension; an unknown one is a :class:`~kg.errors.SourceError`."""
    found = BY_EXTENSION.get(path.suffix.lower().removeprefix("."))
    if found is None:
        known = ", ".join(f".{f.extension}" for f in FORMATS)
        what = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise SourceError(f"cannot tell its RDF format: {what}; expected one of {known}", path=path)
    return found


def read_rdf(path: Path) -> Graph:
    """Read an RDF file of any format of :data:`FORMATS`, without network access.

    A quad format (N-Quads, TriG) gives a :class:`~rdflib.Dataset` whose default graph is the union
    of its graphs, so a query or a validation sees every triple; the others a plain graph. A
    missing, malformed or empty file is a :class:`~kg.errors.SourceError` naming it (and the line).
    """
    fmt = format_for_path(path)
    graph: Graph = Dataset(default_union=True) if fmt.dataset else Graph(bind_namespaces="none")
    try:
        if fmt.name == "jsonld":  # contexts read from disk here, so the parser never fetches one
            document = json.dumps(local_document(path))
            graph.parse(data=document, format=fmt.media_type, publicID=path.resolve().as_uri())
        else:
            graph.parse(path, format=fmt.media_type)
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError("no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the file: {exc}", path=path) from None
    except Exception as exc:  # rdflib's parsers raise many exception types
        line = getattr(exc, "lines", None)
        reason = getattr(exc, "_why", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        at = line + 1 if isinstance(line, int) else None
        raise SourceError(f"not valid {fmt.short_title} ({reason})", path=path, line=at) from None
    if not len(graph):
        raise SourceError(f"holds no RDF triples; expected a graph in {fmt.short_title}", path=path)
    return graph
