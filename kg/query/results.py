"""Format a query's :class:`~kg.query.engine.QueryResult`: rows and booleans by :mod:`kg.query.tables`
(an aligned table, CSV, TSV, JSON, XML), graphs in the RDF formats of the one format table
(:data:`kg.rdf.formats.RDF_FORMATS`) that hold a single graph: Turtle, N-Triples, N-Quads, JSON-LD.
Deterministic: the same rows (or the same graph) give the same bytes, whichever engine computed them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from kg.core.vocab import PREFIXES
from kg.errors import QueryError
from kg.query.engine import QueryResult
from kg.query.tables import SELECT_FORMATS, format_rows
from kg.rdf.encoded import EncodedGraph
from kg.rdf.formats import BY_NAME, RDF_FORMATS
from kg.rdf.oxterms import to_oxigraph
from kg.rdf.turtle import nt

#: The formats of a CONSTRUCT or DESCRIBE query's graph, in the format table's order.
GRAPH_FORMATS = tuple(f.name for f in RDF_FORMATS if f.name in ("turtle", "ntriples", "nquads", "jsonld"))
RESULT_FORMATS = SELECT_FORMATS + GRAPH_FORMATS


def result_names(result: QueryResult, prefixes: Mapping[str, str] | None) -> dict[str, str]:
    """kg's vocabulary prefixes, the query's own and ``prefixes`` (last wins), to shorten IRIs."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, **dict(result.prefixes), **dict(prefixes or {})}


def format_result(
    result: QueryResult, *, fmt: str, prefixes: Mapping[str, str] | None = None, max_width: int | None = 60
) -> str:
    """The result as text: ``table``, ``csv``, ``tsv``, ``json``, ``xml`` (SELECT, ASK); ``turtle``,
    ``ntriples``, ``nquads``, ``jsonld`` (CONSTRUCT, DESCRIBE).

    kg's vocabulary prefixes (:data:`kg.core.vocab.PREFIXES`), the query's own and ``prefixes`` (in
    that order of precedence, last wins) shorten IRIs in ``table``, ``turtle`` and ``jsonld``;
    ``max_width`` cuts long ``table`` cells (None: never). Other formats are complete and never shortened.
    """
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown output format {fmt!r}; expected one of {', '.join(RESULT_FORMATS)}")
    names = result_names(result, prefixes)
    if result.graph is not None:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a {result.form} query gives a graph; format it as one of {', '.join(GRAPH_FORMATS)}")
        return _graph_text(result.graph, fmt, names)
    rows = [tuple(None if t is None else to_oxigraph(t) for t in row) for row in result.rows]
    return format_rows(
        result.form,
        fmt=fmt,
        variables=result.variables,
        rows=rows,
        boolean=result.boolean,
        names=names,
        max_width=max_width,
    )


class _Graph:
    """A query's graph as the writers of the format table take it: one graph, no named parts."""

    def __init__(self, graph: Graph, names: Mapping[str, str]) -> None:
        self.encoded = EncodedGraph.of(graph)
        self.prefixes = dict(sorted(names.items()))


def _graph_text(graph: Graph, fmt: str, names: Mapping[str, str]) -> str:
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = _graph_with(to_canonical_graph(graph), names)
    if fmt in ("ntriples", "nquads"):  # one graph: its N-Quads are its N-Triples, the default graph's
        return "".join(sorted({f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in graph}))
    if fmt == "jsonld":
        buffer = io.StringIO()
        BY_NAME["jsonld"].write_standalone(_Graph(graph, names), buffer)  # type: ignore[misc]
        return buffer.getvalue()
    return _graph_with(graph, names).serialize(format="turtle")


def _graph_with(graph: Graph, names: Mapping[str, str]) -> Graph:
    out = Graph(bind_namespaces="none")
    for prefix, ns in sorted(names.items()):
        out.bind(prefix, ns)
    for triple in graph:
        out.add(triple)
    return out
