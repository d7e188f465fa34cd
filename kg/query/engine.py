"""Run SPARQL queries on the graph with rdflib or pyoxigraph, parameters bound as typed terms.

Parameters are never pasted into query text. A value given on the command line is converted by the
type its query declares (:func:`~kg.query.params.to_term`) into an RDF term and *bound* to the
query's variable of the same name: rdflib gets it as an initial binding
(``graph.query(q, initBindings=...)``), pyoxigraph as a substitution (``store.query(q,
substitutions=...)``, SPARQL SEP-0007). SEP-0007 only substitutes variables that a SELECT query
projects, so a stored SELECT query must select its parameters (the catalogue,
:mod:`kg.query.catalogue`, checks this). What a query may reach is checked first
(:mod:`kg.query.sparql`).

Both engines' answers are turned into the same :class:`QueryResult` of rdflib terms, so
:func:`~kg.query.results.format_result` gives byte-identical output for the same rows, whichever
engine ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Identifier

from kg.errors import KgError, ParameterError, QueryError, QuerySyntaxError
from kg.query.catalogue import StoredQuery, parse_stored_query
from kg.query.local import ENGINES
from kg.query.local import in_query_order as _in_order
from kg.query.params import bind_parameters, bind_text
from kg.query.sparql import ParsedQuery, check_access, parse_sparql
from kg.query.terms import ad_hoc_parameters, names_variable
from kg.rdf.oxterms import from_oxigraph, rdflib_to_store, store_to_rdflib, to_oxigraph


# -- running ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryResult:
    """A query's answer as rdflib terms, the same whichever engine computed it."""

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Identifier | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)
    prefixes: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.form == "SELECT" else int(bool(self.boolean))


Data = Graph | ox.Store


def in_query_order(
    parsed: ParsedQuery, variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]]
) -> tuple[tuple[str, ...], tuple[tuple[Identifier | None, ...], ...]]:
    """The columns in the query's own order (:attr:`ParsedQuery.projection`), whatever order an engine reports."""
    order, ordered = _in_order(parsed.projection, variables, list(rows))
    return order, tuple(ordered)  # type: ignore[arg-type]


def run_query(
    query: StoredQuery | str,
    *,
    data: Data,
    params: Mapping[str, str] | None = None,
    engine: str | None = None,
    allow_remote: bool = False,
) -> QueryResult:
    """Run a stored query (or SPARQL text, with or without a ``#+`` header) on ``data``; the engine
    is by default the data's own (oxigraph for a pyoxigraph Store, rdflib for a Graph)."""
    if engine is None:
        engine = "oxigraph" if isinstance(data, ox.Store) else "rdflib"
    if engine not in ENGINES:
        raise QueryError(f"unknown SPARQL engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if not isinstance(data, Graph | ox.Store):
        raise QueryError(f"cannot query a {type(data).__name__}; expected an rdflib Graph or a pyoxigraph Store")
    q = prepare(query, params=params, allow_remote=allow_remote, local_graphs=_graph_names(data))
    if engine == "rdflib":
        return _run_rdflib(q.parsed, data, q.bindings, q.source)
    return _run_oxigraph(q.parsed, data, q.bindings, q.source)


@dataclass(frozen=True)
class Prepared:
    """A query parsed, checked against what it may reach, and its parameters typed: ready for any engine."""

    source: str
    text: str
    parsed: ParsedQuery
    bindings: dict[str, Identifier]


def prepare(
    query: StoredQuery | str,
    *,
    params: Mapping[str, str] | None,
    allow_remote: bool,
    local_graphs: set[str],
) -> Prepared:
    """Parse the query, refuse what it must not do, and bind its declared parameters to typed terms."""
    if isinstance(query, str) and query.startswith("#+"):
        query = parse_stored_query(query, name="query")
    if isinstance(query, StoredQuery):
        source, text, declared = str(query.path or query.name), query.text, query.params
    else:  # an ad-hoc query: each given parameter binds the variable of its name
        source, text = "query", query
        declared, params = ad_hoc_parameters(params)
    parsed = parse_sparql(text, source=source)
    check_access(parsed, allow_remote=allow_remote, local_graphs=local_graphs, source=source)
    if not isinstance(query, StoredQuery):
        for p in declared:
            if not names_variable(text, p.name):
                raise ParameterError(
                    f"{source}: parameter {p.name} names no variable of the query; expected ?{p.name} in it"
                )
    return Prepared(source, text, parsed, bind_parameters(declared, params, query=source))


def _graph_names(data: Data) -> set[str]:
    if isinstance(data, ox.Store):
        return {g.value for g in data.named_graphs() if isinstance(g, ox.NamedNode)}
    if isinstance(data, Dataset | ConjunctiveGraph):
        graphs = data.graphs() if isinstance(data, Dataset) else data.contexts()
        return {str(c.identifier) for c in graphs if isinstance(c.identifier, URIRef)}
    return set()


def _graph(parsed: ParsedQuery, triples: Iterable[tuple[Any, Any, Any]]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in parsed.prefixes:
        graph.bind(prefix, ns)
    for triple in triples:
        graph.add(triple)
    return graph


def _run_rdflib(parsed: ParsedQuery, data: Data, bindings: dict[str, Identifier], source: str) -> QueryResult:
    graph = data if isinstance(data, Graph) else store_to_rdflib(data)
    try:
        res = graph.query(parsed.query, initBindings=bindings)
        if parsed.form == "SELECT":
            variables, rows = in_query_order(parsed, [str(v) for v in res.vars or ()], res)  # type: ignore[arg-type]
            return QueryResult("SELECT", variables, rows, prefixes=parsed.prefixes)
        if parsed.form == "ASK":
            return QueryResult("ASK", boolean=bool(res.askAnswer), prefixes=parsed.prefixes)
        return QueryResult(parsed.form, graph=_graph(parsed, res.graph or ()), prefixes=parsed.prefixes)
    except KgError:
        raise
    except Exception as exc:
        raise QueryError(f"{source}: the query failed in rdflib: {exc}") from None


def _run_oxigraph(parsed: ParsedQuery, data: Data, bindings: dict[str, Identifier], source: str) -> QueryResult:
    store = data if isinstance(data, ox.Store) else rdflib_to_store(data)
    # SEP-0007 substitutes only projected variables; any other is bound by a VALUES block of terms
    # written by kg's N-Triples writer (never pasted text)
    projected = set(parsed.projection) if parsed.form == "SELECT" else set()
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items() if k in projected}
    text = bind_text(parsed.text, {k: v for k, v in bindings.items() if k not in projected})
    try:
        res = store.query(text, substitutions=substitutions or None)
        if isinstance(res, ox.QuerySolutions):
            solutions = (tuple(from_oxigraph(t) if t is not None else None for t in sol) for sol in res)
            variables, rows = in_query_order(parsed, [v.value for v in res.variables], solutions)
            return QueryResult("SELECT", variables, rows, prefixes=parsed.prefixes)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(res), prefixes=parsed.prefixes)
        triples = ((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in res)
        return QueryResult(parsed.form, graph=_graph(parsed, triples), prefixes=parsed.prefixes)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"{source}: SPARQL syntax error (oxigraph): {exc}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"{source}: the query failed in oxigraph: {exc}") from None
