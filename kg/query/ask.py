"""`kg query` as one library call: pick the query, the data (local files or an endpoint), run it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.core.defaults import DEFAULT_OUT
from kg.errors import KgError, SourceError
from kg.query.catalogue import StoredQuery, find_query
from kg.query.engine import QueryResult, run_query
from kg.query.remote import run_remote
from kg.rdf.formats import format_for_path
from kg.rdf.read import read_rdf, refuse_xml_entities, turtle_prefixes
from kg.store.client import Store
from kg.store.load import loaded_graphs, named_graphs, read_dataset


@dataclass(frozen=True)
class Answer:
    result: QueryResult
    #: Prefixes of the data, to shorten IRIs in tables.
    prefixes: dict[str, str]


def _graph_file(graph: Path) -> Path:
    path = graph / "graph.ttl" if graph.is_dir() else graph
    if not path.is_file():
        raise KgError(f"{path} not found; run `kg build` first, or pass --graph FILE")
    return path


def _load_oxigraph(path: Path) -> Graph | ox.Store:
    """The file in a pyoxigraph store (fast bulk load); a dataset's default graph is the union of its graphs.

    JSON-LD goes through :func:`~kg.rdf.formats.read_rdf`, which reads its context files from disk.
    """
    fmt = format_for_path(path)
    if fmt.name == "jsonld":
        return read_rdf(path)
    if fmt.name == "rdfxml":
        refuse_xml_entities(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.from_media_type(fmt.media_type))
    except (SyntaxError, ValueError, OSError) as exc:
        raise SourceError(f"not valid {fmt.short_title} ({exc})", path=path) from None
    if fmt.dataset:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    if not len(store):
        raise SourceError(f"holds no RDF triples; expected a graph in {fmt.short_title}", path=path)
    return store


def build_graph_names(dist: Path) -> list[str]:
    """The named graphs of a build (one per source article), read from its N-Quads."""
    path = dist / "graph.nq"
    return sorted(named_graphs(path)) if path.is_file() else []


def _store_graphs(store: Store, dist: Path) -> list[str]:
    """The graphs the store's last ``kg load`` of this dataset recorded; else the build's own."""
    if (dist / "void.ttl").is_file() and (found := loaded_graphs(store, read_dataset(dist).base)):
        return found
    return build_graph_names(dist)


def ask(
    *,
    query: str | None = None,
    expression: str | None = None,
    params: Mapping[str, str] | None = None,
    graph: Path = DEFAULT_OUT,
    engine: str = "rdflib",
    allow_remote: bool = False,
    store: Store | None = None,
    default_graphs: Sequence[str] = (),
) -> Answer:
    """Run a stored query (name or .rq file) or a SPARQL ``expression`` on the build, or in ``store``.

    With a ``store`` the query runs there, over the graphs the store's manifest lists for the build
    in ``graph`` (its folder), or over ``default_graphs``.
    """
    if (query is None) == (expression is None):
        raise KgError("give either a stored query (NAME or FILE) or -e 'SPARQL', not both")
    chosen: StoredQuery | str = find_query(query) if query is not None else str(expression)
    if store is not None:
        dist = graph if graph.is_dir() else graph.parent
        graphs = list(default_graphs) or _store_graphs(store, dist)
        result = run_remote(chosen, store=store, params=params, default_graphs=graphs, allow_remote=allow_remote)
        return Answer(result, turtle_prefixes(dist / "graph.ttl") if (dist / "graph.ttl").is_file() else {})
    path = _graph_file(graph)
    data = _load_oxigraph(path) if engine == "oxigraph" else read_rdf(path)
    result = run_query(chosen, data=data, params=params, engine=engine, allow_remote=allow_remote)
    return Answer(result, turtle_prefixes(path))
