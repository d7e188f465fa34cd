"""Loading into real triple stores (Oxigraph and Virtuoso), started by fixtures on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError
from kg.store.client import Store
from kg.store.load import load, read_dataset, staging_graphs

GRAPH = "https://w3id.org/kg/id/graph/ecsite.txt"


def client(store) -> Store:
    return Store(endpoint=store.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=30)


def test_load_twice_gives_the_same_counts(store, built, seed):
    for _ in range(2):
        result = load(client(store), built)
        assert [(g.graph, g.triples) for g in result.graphs] == [(GRAPH, len(seed.graph))]
    assert client(store).count(GRAPH) == len(seed.graph)
    assert staging_graphs(client(store), read_dataset(built).base) == []


def test_load_into_a_named_graph(store, built, seed):
    target = "https://example.org/graphs/all"
    result = load(client(store), built, graph=target)
    assert result.triples == len(seed.graph)
    assert client(store).count(target) == len(seed.graph)


def test_a_broken_upload_leaves_the_old_graph_intact(store, built, seed, tmp_path):
    load(client(store), built)
    broken = tmp_path / "dist"
    shutil.copytree(built, broken)
    lines = (broken / "graph.nq").read_bytes().splitlines(keepends=True)
    half = len(lines) // 2
    bad = b'<https://w3id.org/kg/id/x> <https://w3id.org/kg/id/p> "unterminated <' + GRAPH.encode() + b"> .\n"
    (broken / "graph.nq").write_bytes(b"".join(lines[:half]) + bad + b"".join(lines[half:]))
    with pytest.raises(StoreError, match="was not changed"):
        load(client(store), broken)
    assert client(store).count(GRAPH) == len(seed.graph)
    assert staging_graphs(client(store), read_dataset(built).base) == []


def test_unreachable_endpoint_is_a_clear_error(built):
    from tests.stores import free_port

    with pytest.raises(StoreError, match="cannot reach the store"):
        load(Store(endpoint=f"http://127.0.0.1:{free_port()}", timeout=5), built)


def test_refused_authentication(virtuoso_store, built):
    with pytest.raises(StoreError, match="authentication refused"):
        load(Store(endpoint=virtuoso_store.endpoint, kind="virtuoso", user="dba", password="not-the-password"), built)


def test_server_error_message_is_shown(oxigraph_store):
    with pytest.raises(StoreError, match="HTTP 400"):
        client(oxigraph_store).put("https://example.org/g", b"this is not N-Triples\n")


def test_graph_iris_are_checked_before_use(oxigraph_store, built):
    with pytest.raises(StoreError, match="not an absolute IRI"):
        load(Store(endpoint=oxigraph_store.endpoint), built, graph="https://example.org/g> } ; DROP ALL ; {")


def test_cli_load(oxigraph_store, built, seed):
    result = CliRunner().invoke(main, ["load", "--endpoint", oxigraph_store.endpoint, "--dist", str(built)])
    assert result.exit_code == 0, result.output
    assert f"{len(seed.graph)} triples" in result.output
    missing = CliRunner().invoke(
        main, ["load", "--endpoint", oxigraph_store.endpoint, "--dist", str(Path("/nonexistent"))]
    )
    assert missing.exit_code == 2
    assert "kg build" in missing.output


def test_serve_answers_queries_read_only(built, seed):
    import json
    import urllib.parse
    import urllib.request

    from kg.query.serve import serving
    from tests.stores import free_port

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with serving(dist=built, port=free_port()) as server:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = urllib.request.Request(
            f"{server.query_url}?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with opener.open(request, timeout=10) as response:
            n = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
        assert n == len(seed.graph)  # the default graph is the union of the per-article graphs
        update = urllib.request.Request(
            f"{server.url}/update",
            data=b"update=DROP+ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError):
            opener.open(update, timeout=10)


# -- stored queries against the stores -------------------------------------------------------------
def _query_names() -> list[str]:
    from kg.query.catalogue import list_queries

    return [q.name for q in list_queries()]


@pytest.fixture(scope="module")
def loaded(store, built):
    load(client(store), built)
    return store


@pytest.mark.parametrize("name", _query_names())
def test_stored_queries_answer_the_same_in_the_store(name, loaded, built, seed):
    from rdflib.compare import isomorphic

    from kg.query.ask import ask
    from tests.test_queries import norm

    local = ask(query=name, graph=built).result
    remote = ask(
        query=name,
        graph=built,
        store=client(loaded),
    ).result
    assert remote.form == local.form
    if local.graph is not None:
        if local.form == "DESCRIBE":  # stores define DESCRIBE differently; the described node's own triples agree
            subject = next(iter(local.graph.subjects()))
            mine = {t for t in local.graph if t[0] == subject}
            theirs = {t for t in remote.graph if t[0] == subject}
            assert {tuple(map(norm, t)) for t in mine} == {tuple(map(norm, t)) for t in theirs}
        else:
            assert isomorphic(local.graph, remote.graph)
        assert len(remote) > 0
        return
    assert remote.variables == local.variables
    assert sorted(tuple(map(norm, r)) for r in remote.rows) == sorted(tuple(map(norm, r)) for r in local.rows)
    assert len(remote.rows) > 0


def test_remote_parameters_are_bound_not_pasted(loaded, built):
    from kg.query.ask import ask

    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    answer = ask(
        query="organisations-by-name",
        params={"text": hostile},
        graph=built,
        store=client(loaded),
    )
    assert answer.result.rows == ()
    assert client(loaded).count(GRAPH) > 0  # nothing was dropped


def test_a_silent_store_is_a_time_out(built):
    """A server that accepts the connection but never answers: the load ends with a time-out error."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # keep it open, say nothing
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        with pytest.raises(StoreError, match="time-out"):
            load(Store(endpoint=f"http://127.0.0.1:{port}", timeout=1), built)
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
