"""`kg query` as one library call: pick the query, the data (local files or an endpoint), run it.

The default engine, oxigraph, queries the build's persistent store (:mod:`kg.query.cache`), made
on the first query; :func:`quick` answers a query already read once without loading rdflib
(:mod:`kg.query.local`), and :func:`ask` is the full path that reads it and keeps what it found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.defaults import DEFAULT_CACHE, DEFAULT_OUT
from kg.errors import KgError
from kg.query.cache import data_file, data_prefixes, open_store
from kg.query.local import quick_answer
from kg.query.plan import Plan, PlanParam, query_text, save_plan

if TYPE_CHECKING:
    from kg.query.catalogue import StoredQuery
    from kg.query.engine import QueryResult
    from kg.store.client import Store


@dataclass(frozen=True)
class Answer:
    result: QueryResult
    #: Prefixes of the data, to shorten IRIs in tables.
    prefixes: dict[str, str]


def quick(
    *,
    query: str | None = None,
    expression: str | None = None,
    params: Mapping[str, str] | None = None,
    graph: Path = DEFAULT_OUT,
    cache: Path = DEFAULT_CACHE,
    fmt: str | None = None,
    allow_remote: bool = False,
    tty: bool = False,
) -> str | None:
    """The formatted answer on the build's store when the quick path can give it, else None (then
    call :func:`ask`)."""
    if (query is None) == (expression is None):
        return None
    return quick_answer(
        query=query,
        expression=expression,
        params=params,
        graph=graph,
        cache=cache,
        fmt=fmt,
        allow_remote=allow_remote,
        tty=tty,
    )


def _rdflib_file(graph: Path) -> Path:
    path = graph / "graph.ttl" if graph.is_dir() else graph
    if not path.is_file():
        raise KgError(f"{path} not found; run `kg build` first, or pass --graph FILE")
    return path


def make_plan(query: StoredQuery | str) -> Plan:
    """What reading the query finds, for :mod:`kg.query.plan`'s cache."""
    from kg.core.vocab import PREFIXES
    from kg.query.catalogue import StoredQuery, parse_stored_query
    from kg.query.sparql import parse_sparql

    if isinstance(query, str) and query.startswith("#+"):
        query = parse_stored_query(query, name="query")
    if isinstance(query, StoredQuery):
        source, text = str(query.path or query.name), query.text
        params: tuple[PlanParam, ...] | None = tuple(
            PlanParam(p.name, p.type, p.default, p.example) for p in query.params
        )
    else:
        source, text, params = "query", query, None
    parsed = parse_sparql(text, source=source)
    names = {**{p: str(ns) for p, ns in PREFIXES.items()}, **dict(parsed.prefixes)}
    return Plan(
        source=source,
        text=text,
        form=parsed.form,
        prefixes=parsed.prefixes,
        projection=parsed.projection,
        services=parsed.services,
        datasets=parsed.datasets,
        params=params,
        names=tuple(names.items()),
    )


def ask(
    *,
    query: str | None = None,
    expression: str | None = None,
    params: Mapping[str, str] | None = None,
    graph: Path = DEFAULT_OUT,
    engine: str = "oxigraph",
    allow_remote: bool = False,
    store: Store | None = None,
    default_graphs: Sequence[str] = (),
    base: str | None = None,
    cache: Path = DEFAULT_CACHE,
) -> Answer:
    """Run a stored query (name or .rq file) or a SPARQL ``expression`` on the build, or in ``store``.

    With a ``store`` the query runs there, over ``default_graphs``, else over the graphs of the
    dataset the store's manifest describes (:func:`kg.query.dataset.store_dataset`: its IRI from
    ``base``, the build in ``graph``, or the store's one dataset).
    """
    from kg.query.catalogue import find_query
    from kg.query.engine import run_query

    if (query is None) == (expression is None):
        raise KgError("give either a stored query (NAME or FILE) or -e 'SPARQL', not both")
    chosen: StoredQuery | str = find_query(query) if query is not None else str(expression)
    if store is not None:
        from kg.query.dataset import store_dataset
        from kg.query.remote import run_remote

        dist = graph if graph.is_dir() else graph.parent
        graphs = list(default_graphs) or store_dataset(store, dist=dist, base=base)
        result = run_remote(chosen, store=store, params=params, default_graphs=graphs, allow_remote=allow_remote)
        return Answer(result, data_prefixes(dist / "graph.ttl"))
    if engine == "rdflib":
        from kg.rdf.read import read_rdf

        path = _rdflib_file(graph)
        result = run_query(chosen, data=read_rdf(path), params=params, engine=engine, allow_remote=allow_remote)
        return Answer(result, data_prefixes(path))
    path = data_file(graph)
    data = open_store(path, cache=cache)
    result = run_query(chosen, data=data, params=params, engine=engine, allow_remote=allow_remote)
    if (found := query_text(query, expression)) is not None:
        save_plan(cache, *found, make_plan(chosen))
    return Answer(result, data_prefixes(path))
