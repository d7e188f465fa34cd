"""Run SPARQL queries on the graph: parse, refuse what reaches outside, bind typed parameters, format.

Parameters are never pasted into query text. A value given on the command line is converted by the
type its query declares (:func:`to_term`) into an RDF term and *bound* to the query's variable of
the same name: rdflib gets it as an initial binding (``graph.query(q, initBindings=...)``),
pyoxigraph as a substitution (``store.query(q, substitutions=...)``, SPARQL SEP-0007). SEP-0007
only substitutes variables that a SELECT query projects, so a stored SELECT query must select its
parameters (the catalogue, :mod:`kg.query.catalogue`, checks this).

Every query is parsed with rdflib first, whatever the engine, and refused when it is an update
(INSERT, DELETE, LOAD, DROP ...), calls a SERVICE, or names in FROM / FROM NAMED a graph that is
not in the data (rdflib would fetch it from the web), unless ``allow_remote=True``; a prefix must
be declared in the query itself, so that both engines read the query the same way.

Both engines' answers are turned into the same :class:`Result` of rdflib terms, so
:func:`format_result` gives byte-identical output for the same rows, whichever engine ran.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import ConjunctiveGraph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from kg.errors import KgError, QueryError, QueryRefusedError, QuerySyntaxError
from kg.query.params import bind_parameters
from kg.rdf.oxterms import from_oxigraph, rdflib_to_store, store_to_rdflib, to_oxigraph

if TYPE_CHECKING:
    from kg.query.catalogue import StoredQuery

ENGINES = ("rdflib", "oxigraph")
_UPDATE_KEYWORDS = {
    "Load": "LOAD",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE ... WHERE",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_UNLESS_ALLOWED = "unless remote access is allowed (kg query --allow-remote; allow_remote=True in Python)"
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK", "DescribeQuery": "DESCRIBE"}


# -- parsing and refusal ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedQuery:
    """A query read by rdflib's parser: its form, prefixes, variables, and what it reaches for."""

    text: str
    form: str
    query: Query = field(repr=False, compare=False)
    prefixes: tuple[tuple[str, str], ...]
    #: The selected variables in column order; for ``SELECT *``, in the order of their first use in the text.
    projection: tuple[str, ...]
    variables: frozenset[str]
    services: tuple[str, ...]
    datasets: tuple[tuple[str, str], ...]
    ordered: bool


def _walk(node: Any) -> Iterator[Any]:
    """Every node of a parse tree or algebra, depth first, in the order of the text (a parse tree's fields are)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, CompValue | dict):
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, ParseResults | list | tuple):
            stack.extend(reversed(list(n)))
        elif isinstance(n, set | frozenset):
            stack.extend(n)


def _field(node: CompValue, key: str) -> Any:
    """A field of a parse-tree node, or None (``CompValue.get`` returns the key itself when it is missing)."""
    return OrderedDict.get(node, key)


class _Failure(Exception):
    def __init__(self, message: str, kind: type[QueryError] = QuerySyntaxError) -> None:
        super().__init__(message)
        self.kind = kind


def parse_sparql(text: str, *, source: str = "query") -> ParsedQuery:
    """Parse a SPARQL query; updates and syntax errors are errors naming ``source``."""
    try:
        return _parse(text)
    except _Failure as exc:
        raise exc.kind(f"{source}: {exc}") from None


@lru_cache(maxsize=256)
def _parse(text: str) -> ParsedQuery:
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        _refuse_update(text)
        raise _Failure(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # rdflib's parser raises plain exceptions for some malformed input
        raise _Failure(f"SPARQL syntax error: {exc}") from None
    declared = {(_field(d, "prefix") or ""): str(d["iri"]) for d in tree[0] if d.name == "PrefixDecl"}
    used = sorted(
        {(_field(n, "prefix") or "") for n in _walk(tree[1]) if isinstance(n, CompValue) and n.name == "pname"}
    )
    missing = [p for p in used if p not in declared]
    if missing:
        raise _Failure(
            f"prefix(es) {', '.join(p + ':' for p in missing)} used but not declared; "
            "declare every prefix in the query (PREFIX name: <namespace>)"
        )
    # Read before translateQuery, which adds variables of its own (__agg_1__) to the tree.
    first_use = {str(n): None for n in _walk(tree[1]) if isinstance(n, Variable)}
    try:
        query = translateQuery(tree)
    except Exception as exc:
        raise _Failure(f"cannot read the query: {exc}") from None
    algebra = query.algebra
    services = sorted(
        {
            f"<{n.term}>" if isinstance(n.term, URIRef) else n.term.n3()
            for n in _walk(algebra)
            if isinstance(n, CompValue) and n.name == "ServiceGraphPattern"
        }
    )
    datasets = tuple(
        ("FROM", str(d["default"])) if "default" in d else ("FROM NAMED", str(d["named"]))
        for d in algebra.datasetClause or ()
    )
    form = _FORMS[tree[1].name]
    projection = tuple(str(v) for v in _field(algebra, "PV") or ()) if form == "SELECT" else ()
    if _field(tree[1], "projection") is None:  # SELECT *: rdflib's order comes from a set, Oxigraph's is sorted
        order = {name: i for i, name in enumerate(first_use)}
        projection = tuple(sorted(projection, key=lambda v: (order.get(v, len(order)), v)))
    return ParsedQuery(
        text=text,
        form=form,
        query=query,
        prefixes=tuple(sorted(declared.items())),
        projection=projection,
        variables=frozenset(first_use),
        services=tuple(services),
        datasets=datasets,
        ordered=_field(tree[1], "orderby") is not None,
    )


def _refuse_update(text: str) -> None:
    try:
        update = parseUpdate(text)
    except Exception:
        return
    ops = [_UPDATE_KEYWORDS.get(op.name, op.name) for op in update.request or () if isinstance(op, CompValue)]
    if not ops:
        return
    why = " (LOAD would fetch data from the web)" if "LOAD" in ops else ""
    raise _Failure(
        f"the text is a SPARQL update ({', '.join(dict.fromkeys(ops))}){why}; "
        "kg runs read-only queries (SELECT, CONSTRUCT, ASK, DESCRIBE)",
        QueryRefusedError,
    )


def check_access(
    parsed: ParsedQuery, *, allow_remote: bool = False, local_graphs: Iterable[str] = (), source: str = "query"
) -> None:
    """Refuse SERVICE calls and FROM / FROM NAMED graphs that are not in the data."""
    if allow_remote:
        return
    if parsed.services:
        raise QueryRefusedError(
            f"{source}: the query calls a remote SPARQL service (SERVICE {parsed.services[0]}); "
            f"kg queries the local graph only, {_UNLESS_ALLOWED}"
        )
    local = set(local_graphs)
    for clause, iri in parsed.datasets:
        if iri not in local:
            raise QueryRefusedError(
                f"{source}: {clause} <{iri}> names a graph that is not in the data, and would be loaded "
                f"from the web; kg queries the local graph only, {_UNLESS_ALLOWED}"
            )


# -- running ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
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
    names = list(variables)
    order = [v for v in parsed.projection if v in names]
    order += sorted(v for v in names if v not in order)
    at = [names.index(v) for v in order]
    return tuple(order), tuple(tuple(row[i] for i in at) for row in rows)


def run_query(
    query: StoredQuery | str,
    *,
    data: Data,
    params: Mapping[str, str] | None = None,
    engine: str = "rdflib",
    allow_remote: bool = False,
) -> Result:
    """Run a stored query (or SPARQL text, with or without a ``#+`` header) on ``data``."""
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
    from kg.query.catalogue import StoredQuery, parse_stored_query

    if isinstance(query, str) and query.startswith("#+"):
        query = parse_stored_query(query, name="query")
    if isinstance(query, StoredQuery):
        source, text, declared = str(query.path or query.name), query.text, query.params
    else:
        source, text, declared = "query", query, ()
    parsed = parse_sparql(text, source=source)
    check_access(parsed, allow_remote=allow_remote, local_graphs=local_graphs, source=source)
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


def _run_rdflib(parsed: ParsedQuery, data: Data, bindings: dict[str, Identifier], source: str) -> Result:
    graph = data if isinstance(data, Graph) else store_to_rdflib(data)
    try:
        res = graph.query(parsed.query, initBindings=bindings)
        if parsed.form == "SELECT":
            variables, rows = in_query_order(parsed, [str(v) for v in res.vars or ()], res)  # type: ignore[arg-type]
            return Result("SELECT", variables, rows, prefixes=parsed.prefixes)
        if parsed.form == "ASK":
            return Result("ASK", boolean=bool(res.askAnswer), prefixes=parsed.prefixes)
        return Result(parsed.form, graph=_graph(parsed, res.graph or ()), prefixes=parsed.prefixes)
    except KgError:
        raise
    except Exception as exc:
        raise QueryError(f"{source}: the query failed in rdflib: {exc}") from None


def _run_oxigraph(parsed: ParsedQuery, data: Data, bindings: dict[str, Identifier], source: str) -> Result:
    store = data if isinstance(data, ox.Store) else rdflib_to_store(data)
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
    try:
        res = store.query(parsed.text, substitutions=substitutions or None)
        if isinstance(res, ox.QuerySolutions):
            solutions = (tuple(from_oxigraph(t) if t is not None else None for t in sol) for sol in res)
            variables, rows = in_query_order(parsed, [v.value for v in res.variables], solutions)
            return Result("SELECT", variables, rows, prefixes=parsed.prefixes)
        if isinstance(res, ox.QueryBoolean):
            return Result("ASK", boolean=bool(res), prefixes=parsed.prefixes)
        triples = ((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in res)
        return Result(parsed.form, graph=_graph(parsed, triples), prefixes=parsed.prefixes)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"{source}: SPARQL syntax error (oxigraph): {exc}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"{source}: the query failed in oxigraph: {exc}") from None
