"""`kg load` of a dataset of 1,000 graphs into real Oxigraph and Virtuoso.

Every update a load sends must stay within what the store takes: Virtuoso 7 refuses an update
whose generated SQL grows too long (a journal of 400 moves, 1,000 MOVEs or DROPs in one update),
which made a load of the 1,000-article corpus fail before its move. A second build that keeps 700
of the graphs, edits 10 of them and leaves out 300 is then loaded incrementally."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.client import Store
from kg.store.guard import journal_graph
from kg.store.load import load, staging_graphs
from tests.test_load_graphs import manifest_counts

BASE = "https://example.org/thousand/"
P = f"{BASE}p"


@pytest.fixture(params=["oxigraph_store", "virtuoso_store"])
def store(request):
    return request.getfixturevalue(request.param)


def client(store) -> Store:
    return Store(endpoint=store.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=120)


def graph(i: int) -> str:
    return f"{BASE}graph/g{i:04}.txt"


def write_dist(folder: Path, values: dict[int, str]) -> Path:
    """A build folder as `kg load` reads it: the dataset's void:uriSpace, and graph.nq with one graph
    per article (its own subject and value, and a triple every graph shares)."""
    folder.mkdir()
    (folder / "void.ttl").write_text(f'<{BASE}dataset> <http://rdfs.org/ns/void#uriSpace> "{BASE}" .\n')
    lines = []
    for i, value in sorted(values.items()):
        lines.append(f'<{BASE}id/s{i}> <{P}> "{value}" <{graph(i)}> .\n')
        lines.append(f'<{BASE}id/shared> <{P}> "in every graph" <{graph(i)}> .\n')
    (folder / "graph.nq").write_text("".join(lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("thousand")
    later = {i: (f"edited {i}" if i < 10 else f"value {i}") for i in range(700)}
    return {
        "all": write_dist(tmp / "all", {i: f"value {i}" for i in range(1000)}),
        "later": write_dist(tmp / "later", later),
    }


def held(store) -> dict[str, set[str]]:
    """The values of each of the dataset's article graphs in the store."""
    prefix = f'"{BASE}graph/g"'
    rows = client(store).select(
        f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s <{P}> ?o }} FILTER(STRSTARTS(STR(?g), {prefix})) }}"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["g"]["value"], set()).add(row["o"]["value"])
    return found


def test_a_thousand_graphs_load_and_a_later_build_replaces_ten_and_drops_three_hundred(store, dists):
    first = load(client(store), dists["all"], full=True)
    assert len(first.changed) == 1000 and not first.removed
    assert held(store) == {graph(i): {f"value {i}", "in every graph"} for i in range(1000)}
    assert len(manifest_counts(store, BASE)) == 1000
    assert staging_graphs(client(store), BASE) == []
    assert not client(store).count(journal_graph(BASE))

    later = load(client(store), dists["later"])
    assert (len(later.changed), len(later.removed), len(later.unchanged)) == (10, 300, 690), later.summary
    expected = {graph(i): {f"edited {i}" if i < 10 else f"value {i}", "in every graph"} for i in range(700)}
    assert held(store) == expected
    assert manifest_counts(store, BASE) == {graph(i): 2 for i in range(700)}
    assert staging_graphs(client(store), BASE) == []
    assert not client(store).count(journal_graph(BASE))
