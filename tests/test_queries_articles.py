"""Every stored query, on both engines, over the graph of each article in tests/data/articles/.

The seed (sources/ecsite.txt) is one shape of article; these are others: no projects at all,
projects without an end year, funders without a programme, Greek names. Each graph is built with
the library (sources/dataset.toml and aliases.csv, as ``kg build`` would), and every stored query
runs on rdflib and on pyoxigraph with its defaults, its example and values taken from the graph
itself (entities of each class, their names, role names, years), so that the queries meet the
data they are meant for. Both engines must answer without an error, with the same rows in the
same order (every SELECT has an ORDER BY that orders its rows completely) or an isomorphic graph.
The real stores (Oxigraph's server and Virtuoso, parameters bound with VALUES) must give the same
rows too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD

from kg.core.vocab import KGO, SCHEMA
from kg.publish.knowledge import Inputs, knowledge
from kg.query.catalogue import Param, StoredQuery, list_queries
from kg.query.engine import QueryResult as Result
from kg.query.engine import run_query
from kg.query.remote import run_remote
from kg.store.client import Store
from tests.test_queries import norm

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
TOGETHER = "all articles together"
GRAPHS = [p.name for p in ARTICLES] + [TOGETHER]
QUERIES = {q.name: q for q in list_queries()}
#: Classes whose instances are passed to the queries that take an entity (and their names to those taking text).
KINDS = ("Network", "Organisation", "Funder", "FundingProgramme", "Project", "Person", "Post", "Country", "City")


@cache
def graph(name: str) -> Graph:
    sources = ARTICLES if name == TOGETHER else [ROOT / "tests" / "data" / "articles" / name]
    return knowledge(Inputs(sources=sources, source_dir=ROOT / "sources")).graph


@cache
def store(name: str) -> ox.Store:
    """The same triples in pyoxigraph, loaded from N-Triples rather than through kg's own conversion."""
    s = ox.Store()
    s.load(graph(name).serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert len(s) == len(graph(name))
    return s


def test_the_articles_are_there():
    assert len(ARTICLES) >= 4
    for name in GRAPHS:
        assert len(graph(name)) > 50, name


# -- parameter values from the data -----------------------------------------------------------------
def _first(g: Graph, kind: str) -> URIRef | None:
    found = sorted(s for s in g.subjects(RDF.type, KGO[kind]) if isinstance(s, URIRef))
    return found[0] if found else None


def _entities(g: Graph) -> list[URIRef]:
    return sorted({s for kind in KINDS for s in g.subjects(RDF.type, KGO[kind]) if isinstance(s, URIRef)})


def _strings(g: Graph) -> list[str]:
    """The empty text; the IRI and names (as written, in capitals, a lower-case start) of the first entity of
    each kind and of every project."""
    values = {""}
    projects = [p for p in g.subjects(RDF.type, KGO.Project) if isinstance(p, URIRef)]
    for entity in {*(e for e in (_first(g, kind) for kind in KINDS) if e is not None), *projects}:
        values.add(str(entity))
        for name in g.objects(entity, SCHEMA.name):
            values.update({str(name), str(name).upper(), str(name).lower()[:6]})
    return sorted(values)


def _years(g: Graph) -> list[str]:
    years = sorted({int(o) for o in g.objects() if isinstance(o, Literal) and o.datatype == XSD.gYear})
    around = {years[0] - 1, *years, years[-1] + 1} if years else set()
    return [f"{y:04d}" for y in sorted(around)]


def _roles(g: Graph) -> list[str]:
    return sorted({f"{o}@{o.language}" for o in g.objects(None, KGO.roleName) if isinstance(o, Literal) and o.language})


def _values(p: Param, g: Graph) -> list[str]:
    if p.type == "IRI":
        return [str(e) for e in _entities(g)]
    if p.type == "xsd:string":
        return _strings(g)
    if p.type == "rdf:langString":
        return _roles(g)
    if p.type == "xsd:gYear":
        return _years(g)
    if p.type == "xsd:integer":
        return ["0", "1", "2", "3"]
    raise AssertionError(f"no values for parameter type {p.type}")


def bindings(q: StoredQuery, g: Graph) -> Iterator[dict[str, str]]:
    """The query's defaults (the example for a required parameter), then one parameter at a time varied."""
    base = {p.name: p.default if p.default is not None else p.example for p in q.params}
    assert all(v is not None for v in base.values()), f"{q.name}: a required parameter has no example"
    yield base  # type: ignore[misc]
    for p in q.params:
        for value in [p.example, *_values(p, g)]:
            if value is not None and value != base[p.name]:
                yield {**base, p.name: value}  # type: ignore[misc]


# -- the same answer on both engines ----------------------------------------------------------------
def _rows(result: Result) -> list[tuple[str | None, ...]]:
    return [tuple(norm(t) for t in row) for row in result.rows]


def _show(rows: Counter) -> str:
    return "\n".join(f"  {n} x " + " | ".join(str(v) for v in row) for row, n in sorted(rows.items(), key=str)[:20])


def _same_answer(q: StoredQuery, by_rdflib: Result, by_oxigraph: Result, where: str) -> None:
    assert by_rdflib.form == by_oxigraph.form == q.form, where
    if q.form in ("CONSTRUCT", "DESCRIBE"):
        assert by_rdflib.graph is not None and by_oxigraph.graph is not None
        if not isomorphic(by_rdflib.graph, by_oxigraph.graph):
            _, only_rdflib, only_oxigraph = graph_diff(to_isomorphic(by_rdflib.graph), to_isomorphic(by_oxigraph.graph))
            pytest.fail(
                f"{where}: the engines build different graphs\nonly rdflib:\n"
                + "\n".join(sorted(only_rdflib.serialize(format="nt").splitlines())[:20])
                + "\nonly oxigraph:\n"
                + "\n".join(sorted(only_oxigraph.serialize(format="nt").splitlines())[:20])
            )
        return
    assert by_rdflib.boolean == by_oxigraph.boolean, where  # an ASK query's answer (None for a SELECT)
    assert by_rdflib.variables == by_oxigraph.variables, where
    mine, theirs = _rows(by_rdflib), _rows(by_oxigraph)
    only_rdflib, only_oxigraph = Counter(mine) - Counter(theirs), Counter(theirs) - Counter(mine)
    assert not only_rdflib and not only_oxigraph, (
        f"{where}: the engines answer differently\nonly rdflib:\n{_show(only_rdflib)}\nonly oxigraph:\n{_show(only_oxigraph)}"
    )
    assert mine == theirs, f"{where}: the engines give the same rows in different orders (the ORDER BY leaves ties)"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_answer_on_both_engines_for_every_article(name: str):
    q = QUERIES[name]
    answered = Counter[str]()
    for article in GRAPHS:
        g = graph(article)
        for params in bindings(q, g):
            where = f"{name} on {article} with {params}"
            by_rdflib = run_query(q, data=g, params=params, engine="rdflib")
            by_oxigraph = run_query(q, data=store(article), params=params, engine="oxigraph")
            _same_answer(q, by_rdflib, by_oxigraph, where)
            answered[article] += len(by_rdflib) > 0
    # Not vacuous: the articles give the query something to answer.
    assert answered[TOGETHER] > 0, f"{name} answers nothing on {TOGETHER}: {dict(answered)}"


def test_the_parameter_values_come_from_the_data():
    g = graph(TOGETHER)
    kinds = {kind for kind in KINDS if _first(g, kind) is not None}
    assert kinds == set(KINDS), set(KINDS) - kinds
    funder = _first(g, "Funder")
    name = str(g.value(funder, SCHEMA.name))
    assert {"", str(funder), name, name.upper()} <= set(_strings(g))
    assert len(_entities(g)) > len(KINDS)
    assert _roles(g) and _years(g)
    with_params = [q for q in QUERIES.values() if q.params]
    assert with_params
    for q in with_params:
        assert len(list(bindings(q, g))) > 3, q.name


# -- the same answer in the real stores -------------------------------------------------------------
@pytest.fixture(scope="module")
def in_store(store) -> Iterator[tuple[Store, dict[str, str]]]:
    """Each article's graph in a named graph of the store (removed afterwards)."""
    client = Store(endpoint=store.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=30)
    names = {article: f"urn:kg:test:articles:{i}" for i, article in enumerate(GRAPHS)}
    for article, iri in names.items():
        client.put(iri, graph(article).serialize(format="nt", encoding="utf-8"))
    yield client, names
    for iri in names.values():
        client.delete(iri)


def _described(result: Result, entity: str) -> set[tuple[str | None, ...]]:
    """The described entity's own triples: stores add different neighbours to a DESCRIBE."""
    assert result.graph is not None
    return {tuple(norm(t) for t in triple) for triple in result.graph.triples((URIRef(entity), None, None))}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_answer_in_the_store_for_every_article(name: str, in_store):
    client, names = in_store
    q = QUERIES[name]
    for article in GRAPHS:
        g = graph(article)
        for params in bindings(q, g):
            where = f"{name} on {article} with {params} in {client.kind}"
            local = run_query(q, data=g, params=params)
            remote = run_remote(q, store=client, params=params, default_graphs=[names[article]])
            assert remote.form == local.form, where
            if q.form == "DESCRIBE":
                entity = params[q.params[0].name]
                assert _described(remote, entity) == _described(local, entity), where
            elif q.form == "CONSTRUCT":
                assert local.graph is not None and remote.graph is not None
                assert isomorphic(local.graph, remote.graph), where
            else:
                assert remote.boolean == local.boolean, where
                assert remote.variables == local.variables, where
                only_local = Counter(_rows(local)) - Counter(_rows(remote))
                only_remote = Counter(_rows(remote)) - Counter(_rows(local))
                assert not only_local and not only_remote, (
                    f"{where}: the store answers differently\nonly local:\n{_show(only_local)}"
                    f"\nonly in the store:\n{_show(only_remote)}"
                )
