"""The manifest `kg load` keeps in the store: which graphs make up the dataset, in real stores.

Each test builds the test articles under a base IRI of its own, so its manifest
(``{base}graph/manifest``) is not touched by other tests sharing the store.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError, StoreError
from kg.publish.build import build
from kg.publish.knowledge import Inputs
from kg.query.ask import ask
from kg.store.client import Store
from kg.store.load import load, loaded_graphs, manifest_graph, read_dataset, staging_graphs
from tests.conftest import ROOT, SOURCES
from tests.stores import free_port
from tests.test_queries import norm

ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
REMOVED = ROOT / "tests" / "data" / "articles" / "hellenic_science_centres.txt"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def client(store) -> Store:
    return Store(endpoint=store.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=30)


#: The article the incremental-load tests edit.
EDITED_ARTICLE = "hellenic_science_centres.txt"


def build_dist(out: Path, sources: list[Path], base: str) -> Path:
    return build(Inputs(sources=sources, source_dir=SOURCES, base=base), out=out).out


def old_and_edited(tmp: Path, base: str) -> dict[str, object]:
    """Builds of all test articles and of the same with one article's membership edited (18 to 19)."""
    edited = tmp / "edited"
    edited.mkdir()
    for article in ARTICLES:
        shutil.copy(article, edited / article.name)
    changed = edited / EDITED_ARTICLE
    text = changed.read_text(encoding="utf-8")
    assert "- Membership: 18" in text
    changed.write_text(text.replace("- Membership: 18", "- Membership: 19"), encoding="utf-8")
    return {
        "base": base,
        "old": build_dist(tmp / "old", ARTICLES, base),
        "edited": build_dist(tmp / "edited-dist", sorted(edited.glob("*.txt")), base),
    }


def load_dist(store, dist: Path, graph: str | None = None):
    return load(client(store), dist, graph=graph)


def graph_of(base: str, source: Path) -> str:
    return f"{base}graph/{source.name}"


def local_counts(dist: Path) -> dict[str, int]:
    """Distinct triples per named graph of the build, read with pyoxigraph (not with kg.load)."""
    graphs: dict[str, set[ox.Triple]] = defaultdict(set)
    for quad in ox.parse(path=str(dist / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].add(quad.triple)
    return {name: len(triples) for name, triples in graphs.items()}


def distinct_triples(dist: Path) -> int:
    return len(set(ox.parse(path=str(dist / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)))


def store_counts(store, graphs: list[str]) -> dict[str, int]:
    return {g: client(store).count(g) for g in graphs}


def manifest_rows(store, base: str) -> list[tuple[str, ...]]:
    """Every triple of the manifest graph as the store answers it (blank node labels included)."""
    rows = client(store).select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{manifest_graph(base)}> {{ ?s ?p ?o }} }}")
    return sorted(tuple(row[v]["value"] for v in ("s", "p", "o")) for row in rows)


def manifest_counts(store, base: str) -> dict[str, int]:
    """The triple counts the manifest records, read through the Service Description terms."""
    rows = client(store).select(
        f"SELECT ?g ?n WHERE {{ GRAPH <{manifest_graph(base)}> {{ <{base}dataset> a <{SD}Dataset> ; "
        f"<{SD}namedGraph> ?named . ?named a <{SD}NamedGraph> ; <{SD}name> ?g ; <{SD}graph> ?graph . "
        f"?graph a <{SD}Graph> ; <{VOID}triples> ?n }} }}"
    )
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def test_a_removed_article_graph_is_dropped_and_the_others_stay(store, tmp_path):
    base = "https://example.org/kg-test/removed/"
    full = build_dist(tmp_path / "full", ARTICLES, base)
    first = load_dist(store, full)
    graphs = sorted(graph_of(base, a) for a in ARTICLES)
    assert loaded_graphs(client(store), base) == graphs
    assert first.removed == []
    counts = local_counts(full)
    assert {g.graph: g.triples for g in first.graphs} == counts == store_counts(store, graphs)
    assert manifest_counts(store, base) == counts
    # a triple shared by two articles is in both graphs but once in the dataset's total
    assert first.triples == distinct_triples(full) < sum(counts.values())

    kept = [a for a in ARTICLES if a != REMOVED]
    fewer = build_dist(tmp_path / "fewer", kept, base)
    second = load_dist(store, fewer)
    assert second.removed == [graph_of(base, REMOVED)]
    assert client(store).count(graph_of(base, REMOVED)) == 0
    remaining = sorted(graph_of(base, a) for a in kept)
    assert loaded_graphs(client(store), base) == remaining
    assert store_counts(store, remaining) == local_counts(fewer) == manifest_counts(store, base)
    assert staging_graphs(client(store), base) == []


def test_a_load_into_one_graph_is_what_queries_find(store, tmp_path):
    base = "https://example.org/kg-test/single/"
    single = "https://example.org/kg-test/single-graph"
    dist = build_dist(tmp_path / "dist", ARTICLES, base)
    load_dist(store, dist)
    result = load_dist(store, dist, graph=single)
    articles = sorted(graph_of(base, a) for a in ARTICLES)
    assert result.removed == articles  # the per-article copy is not left behind
    assert store_counts(store, articles) == dict.fromkeys(articles, 0)
    graphs = loaded_graphs(client(store), base)
    assert graphs == [single]
    assert client(store).count(single) == distinct_triples(dist) == result.triples

    local = ask(query="dataset-statistics", graph=dist).result
    remote = ask(
        query="dataset-statistics",
        graph=dist,
        store=client(store),
    ).result  # no default graphs given: kg query asks the store's manifest which graphs to use
    assert len(remote.rows) > 0
    assert sorted(tuple(map(norm, r)) for r in remote.rows) == sorted(tuple(map(norm, r)) for r in local.rows)


def test_a_broken_second_load_leaves_the_manifest_and_the_old_graphs(store, tmp_path):
    base = "https://example.org/kg-test/broken/"
    full = build_dist(tmp_path / "full", ARTICLES, base)
    load_dist(store, full)
    graphs = sorted(graph_of(base, a) for a in ARTICLES)
    counts, manifest = store_counts(store, graphs), manifest_rows(store, base)

    # A build that would change the first graph, add one, drop the last, and breaks in the third.
    broken = tmp_path / "broken"
    shutil.copytree(full, broken)
    first, _, third, last = graphs
    extra = f"{base}graph/extra.txt"
    lines = (broken / "graph.nq").read_bytes().splitlines(keepends=True)
    lines = [line for line in lines if not line.rstrip().endswith(f"<{last}> .".encode())]
    lines.remove(next(line for line in lines if line.rstrip().endswith(f"<{first}> .".encode())))
    lines.append(
        b"<https://example.org/s> <https://example.org/p> <https://example.org/o> <" + extra.encode() + b"> .\n"
    )
    at = next(i for i, line in enumerate(lines) if line.rstrip().endswith(f"<{third}> .".encode()))
    lines.insert(at, b'<https://example.org/x> <https://example.org/p> "unterminated <' + third.encode() + b"> .\n")
    (broken / "graph.nq").write_bytes(b"".join(lines))

    with pytest.raises(StoreError, match="the store was not changed"):
        load_dist(store, broken)
    assert manifest_rows(store, base) == manifest
    assert loaded_graphs(client(store), base) == graphs
    assert store_counts(store, graphs) == counts
    assert client(store).count(extra) == 0
    assert staging_graphs(client(store), base) == []


def test_the_manifest_graph_cannot_hold_data(built):
    manifest = manifest_graph(read_dataset(built).base)
    with pytest.raises(KgError, match="manifest graph"):  # refused before the store is contacted
        load(Store(endpoint=f"http://127.0.0.1:{free_port()}", timeout=5), built, graph=manifest)


def test_a_build_without_its_dataset_description_is_refused(built, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(built, dist)
    (dist / "void.ttl").unlink()
    with pytest.raises(KgError, match=r"void\.ttl not found; run `kg build`"):
        load(Store(endpoint=f"http://127.0.0.1:{free_port()}", timeout=5), dist)


def test_serve_counts_a_shared_triple_once(tmp_path):
    import json
    import urllib.parse
    import urllib.request

    from kg.query.serve import serving

    dist = build_dist(tmp_path / "dist", ARTICLES, "https://example.org/kg-test/serve/")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def count(server, pattern: str) -> int:
        query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"})
        request = urllib.request.Request(
            f"{server.query_url}?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with opener.open(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])

    with serving(dist=dist, port=free_port()) as server:
        assert count(server, "?s ?p ?o") == distinct_triples(dist)
        assert count(server, "GRAPH ?g { ?s ?p ?o }") == sum(local_counts(dist).values()) > distinct_triples(dist)
