"""`kg query` on the build's store at the store's speed: the quick path.

When the cache (:mod:`kg.query.plan`) already holds what reading the query found, a SELECT or ASK
query runs on the build's read-only Oxigraph store (:mod:`kg.query.cache`) and its rows are
formatted (:mod:`kg.query.tables`) without importing rdflib, whose import alone costs more than
most queries. Anything out of the ordinary (no plan yet, a graph result, a parameter value that
needs the full check, an error) returns None, and the full path (:func:`kg.query.ask.ask`) runs
the query instead, with its checks and messages, and keeps the plan for the next run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.cache import data_file, data_prefixes, open_store
from kg.query.plan import Plan, load_plan, query_text
from kg.query.tables import SELECT_FORMATS, format_rows
from kg.query.terms import ad_hoc_parameters, bind_values, names_variable, quick_term

#: The local SPARQL engines, the default first.
ENGINES = ("oxigraph", "rdflib")
#: The formats of a graph the quick path writes (sorted N-Triples, as kg's writer does; also N-Quads
#: of the one default graph); Turtle and JSON-LD go the full path.
_GRAPH_LINES = ("ntriples", "nquads")
_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def in_query_order(
    projection: Sequence[str], variables: Sequence[str], rows: Sequence[Sequence[object]]
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """The columns in the query's own order (its ``projection``), whatever order an engine reports."""
    names = list(variables)
    order = [v for v in projection if v in names]
    order += sorted(v for v in names if v not in order)
    at = [names.index(v) for v in order]
    return tuple(order), [tuple(row[i] for i in at) for row in rows]


def _bindings(plan: Plan, params: Mapping[str, str] | None) -> dict[str, ox.NamedNode | ox.Literal] | None:
    if plan.params is None:
        declared, values = ad_hoc_parameters(params)
        if not all(names_variable(plan.text, p.name) for p in declared):
            return None
        typed = [(p.name, p.type, values[p.name]) for p in declared]
    else:
        given = dict(params or {})
        if set(given) - {p.name for p in plan.params}:
            return None
        typed = []
        for p in plan.params:
            value = given.get(p.name, p.default)
            if value is None:
                return None
            typed.append((p.name, p.type, value))
    bound = {name: quick_term(type_, value) for name, type_, value in typed}
    return None if any(t is None for t in bound.values()) else bound  # type: ignore[return-value]


def _lines(triples: ox.QueryTriples) -> str | None:
    """A graph as sorted, distinct N-Triples lines; None when it has blank nodes (whose labels the
    full path makes canonical) or triple terms."""
    lines = set()
    for t in triples:
        if not all(isinstance(x, ox.NamedNode | ox.Literal) for x in (t.subject, t.object)):
            return None
        lines.add(f"{t.subject} {t.predicate} {t.object} .\n")
    return "".join(sorted(lines))


def quick_answer(
    *,
    query: str | None = None,
    expression: str | None = None,
    params: Mapping[str, str] | None = None,
    graph: Path,
    cache: Path,
    fmt: str | None = None,
    allow_remote: bool = False,
    tty: bool = False,
) -> str | None:
    """The formatted answer of a SELECT or ASK query on the build's store, or None when the full
    path must run it (see the module's documentation)."""
    if fmt is not None and fmt not in SELECT_FORMATS + _GRAPH_LINES:
        return None
    found = query_text(query, expression)
    plan = load_plan(cache, *found) if found is not None else None
    if plan is None or (plan.services and not allow_remote):
        return None
    if (plan.form in ("CONSTRUCT", "DESCRIBE")) != (fmt in _GRAPH_LINES):
        return None
    bindings = _bindings(plan, params)
    if bindings is None:
        return None
    path = data_file(graph)
    store = open_store(path, cache=cache)
    if plan.datasets and not allow_remote:
        local = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        if any(iri not in local for _, iri in plan.datasets):
            return None
    # SEP-0007 substitutes projected variables only; any other is bound by a VALUES block of
    # terms in N-Triples as pyoxigraph writes them (never pasted text)
    projected = set(plan.projection) if plan.form == "SELECT" else set()
    substitutions = {ox.Variable(k): v for k, v in bindings.items() if k in projected}
    try:
        text = bind_values(plan.text, {k: str(v) for k, v in bindings.items() if k not in projected})
        res = store.query(text, substitutions=substitutions or None)
        names = {**dict(plan.names), **data_prefixes(path)}
        fmt = fmt or ("table" if tty else "csv")
        if isinstance(res, ox.QueryBoolean):
            return format_rows("ASK", fmt=fmt, boolean=bool(res), names=names)
        if not isinstance(res, ox.QuerySolutions):
            return _lines(res)
        variables = [v.value for v in res.variables]
        solutions = [tuple(sol) for sol in res]
        if any(t is not None and not isinstance(t, _TERMS) for row in solutions for t in row):
            return None  # RDF-star triple terms: the full path says why it cannot show them
        columns, rows = in_query_order(plan.projection, variables, solutions)
        return format_rows("SELECT", fmt=fmt, variables=columns, rows=rows, names=names)  # type: ignore[arg-type]
    except (KgError, SyntaxError, OSError, RuntimeError, ValueError, TypeError):  # the full path reports it
        return None
