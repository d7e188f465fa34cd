"""Read an RDF file of any format of the format table, chosen by its extension, without network access."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import SourceError
from kg.rdf.formats import format_for_path
from kg.rdf.jsonld import local_document
from kg.rdf.oxterms import from_oxigraph

_ENTITY = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


def refuse_xml_entities(path: Path) -> None:
    """An RDF/XML file that declares XML entities is refused, never expanded: a few of them nest into
    gigabytes ("billion laughs"), and kg's own files declare none."""
    try:
        with path.open("rb") as f:
            head = f.read(1 << 20)
    except OSError:
        return  # the reader reports it
    doctype = _DOCTYPE.search(head)
    if doctype and _ENTITY.search(head, doctype.start()):
        line = head[: doctype.start()].count(b"\n") + 1
        raise SourceError(
            "declares XML entities in a DOCTYPE; kg does not expand entities (they can grow without "
            "bound): write the IRIs out",
            path=path,
            line=line,
        )


def read_rdf(path: Path) -> Graph:
    """Read an RDF file of any format of :data:`~kg.rdf.formats.RDF_FORMATS`, without network access.

    A quad format (N-Quads, TriG) gives a :class:`~rdflib.Dataset` whose default graph is the union
    of its graphs, so a query or a validation sees every triple; the others a plain graph. A
    missing, malformed or empty file is a :class:`~kg.errors.SourceError` naming it (and the line).
    """
    fmt = format_for_path(path)
    if fmt.name == "rdfxml":
        refuse_xml_entities(path)
    graph: Graph = Dataset(default_union=True) if fmt.dataset else Graph(bind_namespaces="none")
    try:
        if fmt.name == "jsonld":  # contexts read from disk here, so the parser never fetches one
            document = json.dumps(local_document(path))
            graph.parse(data=document, format=fmt.media_type, publicID=path.resolve().as_uri())
        elif fmt.name in ("ntriples", "nquads"):
            try:
                _read_line_format(path, fmt.media_type, graph)
            except SyntaxError as exc:  # pyoxigraph's parser: "Parser error between line 1 column 23 …: reason"
                reason = str(exc.msg).split(": ", 1)[-1] if exc.msg else "syntax error"
                raise SourceError(f"not valid {fmt.short_title} ({reason})", path=path, line=exc.lineno) from None
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


def ntriples_graph(data: bytes) -> Graph:
    """N-Triples (UTF-8 bytes) as an rdflib graph, read as :func:`read_rdf` reads a ``.nt`` file."""
    graph = Graph(bind_namespaces="none")
    _add_quads(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), graph)
    return graph


def _read_line_format(path: Path, media_type: str, graph: Graph) -> None:
    """N-Triples and N-Quads by pyoxigraph's parser, which is linear in a literal's length (rdflib's
    line parser is not: a 5 MB literal took a minute)."""
    _add_quads(ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(media_type)), graph)


def _add_quads(quads: Iterable[ox.Quad], graph: Graph) -> None:
    named: dict[str, Graph] = {}
    for quad in quads:
        triple = (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        if isinstance(graph, Dataset) and isinstance(quad.graph_name, ox.NamedNode):
            name = quad.graph_name.value
            if name not in named:
                named[name] = graph.graph(URIRef(name))
            named[name].add(triple)
        else:
            graph.add(triple)


def read_union_graph(path: Path) -> Graph:
    """Read one RDF file (format by extension) as one graph: a dataset's graphs are merged into it.

    Validation needs the union, because an entity named in one article's graph may be typed in another's.
    A missing, malformed or empty file, or an unknown extension, is a :class:`~kg.errors.SourceError`.
    """
    read = read_rdf(path)
    if not isinstance(read, Dataset):
        return read
    graph = Graph(bind_namespaces="none")
    for triple in read.triples((None, None, None)):
        graph.add(triple)
    return graph
