"""`kg query --endpoint` on real stores (Oxigraph and Virtuoso on 127.0.0.1): a dataset of 1,000
graphs, found from the store's own manifest from an empty folder, named in the query as FROM
lines (no URL parameter or header per graph); a store with no dataset is exit 2; hostile
parameter values come back verbatim; --timeout ends a request that gets no answer."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT
from kg.store.client import Store
from kg.store.load import SD, manifest_graph
from tests.stores import RunningStore, oxigraph, virtuoso
from tests.test_adhoc_params import HOSTILE

BASE = "https://example.org/many/"
GRAPHS = [f"{BASE}graph/g{i:04}" for i in range(1000)]
SHARED = '<https://example.org/many/id/shared> <https://example.org/many/p> "in every graph" .'
COUNT = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, tmp_path_factory) -> Iterator[RunningStore]:
    """A store of its own (the session's stores hold other tests' datasets)."""
    start = oxigraph if request.param == "oxigraph" else virtuoso
    with start(tmp_path_factory.mktemp(f"endpoint-{request.param}")) as running:
        yield running


def _client(server: RunningStore) -> Store:
    return Store(endpoint=server.endpoint, kind=server.kind, user=server.user, password=server.password)


def _options(server: RunningStore) -> list[str]:
    login = ["--user", server.user, "--password", server.password or ""] if server.user else []
    return ["--endpoint", server.endpoint, "--store", server.kind, *login]


@pytest.fixture(scope="module")
def loaded(server: RunningStore) -> RunningStore:
    """1,000 tiny graphs (one subject of its own each, one triple they all share) and the manifest
    that `kg load` writes, put straight into the store."""
    store = _client(server)
    for at in range(0, len(GRAPHS), 250):
        chunk = GRAPHS[at : at + 250]
        body = " ".join(f"GRAPH <{g}> {{ <{g}#it> <{BASE}p> {at + i} . {SHARED} }}" for i, g in enumerate(chunk))
        store.update(f"INSERT DATA {{ {body} }}")
    dataset = f"<{BASE}dataset>"
    lines = [f"{dataset} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SD}Dataset> ."]
    for i, g in enumerate(GRAPHS):
        lines += [f"{dataset} <{SD}namedGraph> _:n{i} .", f"_:n{i} <{SD}name> <{g}> ."]
    store.put(manifest_graph(BASE), ("\n".join(lines) + "\n").encode("utf-8"))
    return server


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_store_without_a_dataset_is_exit_2_never_an_empty_answer(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an empty folder: no build, no configuration
    result = invoke("query", "-e", COUNT, *_options(server))
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "describes no dataset" in result.stderr and "kg load" in result.stderr


def test_a_dataset_of_a_thousand_graphs_is_found_in_the_store_from_an_empty_folder(loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for base in ([], ["--base", BASE]):
        result = invoke("query", "-e", COUNT, *_options(loaded), *base, "--format", "csv")
        assert result.exit_code == 0, result.output
        # every graph's own subject and the shared one; not the manifest, nor a system graph of Virtuoso's
        assert result.stdout.split() == ["n", "1001"], (base, result.stdout)
    graphs = invoke("query", "-e", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{BASE}p> ?o FILTER(isNumeric(?o)) }}",
                    *_options(loaded), "--format", "csv")  # fmt: skip
    assert graphs.stdout.split() == ["n", "1000"], graphs.output


def test_another_base_names_no_dataset_and_is_exit_2(loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("query", "-e", COUNT, *_options(loaded), "--base", "https://example.org/other/")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "https://example.org/other/graph/manifest" in result.stderr


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_comes_back_verbatim_at_the_endpoint(value, loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "query", "-e", "SELECT ?x WHERE { BIND(?name AS ?x) }", "-p", f"name={value}",
        *_options(loaded), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == [{"x": {"type": "literal", "value": value}}]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A listener on 127.0.0.1 that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    taken: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                taken.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in taken:
        conn.close()
    listener.close()


def test_a_store_that_never_answers_is_a_time_out_after_timeout(silent_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "query", "-e", COUNT, "--endpoint", silent_server, "--default-graph", GRAPHS[0], "--timeout", "0.5",
    )  # fmt: skip
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "time-out" in result.stderr and "0.5" in result.stderr


def test_the_dataset_is_named_in_the_query_text_not_in_parameters(tmp_path):
    from kg.query.dataset import with_dataset

    text = with_dataset("PREFIX ex: <https://example.org/>\nSELECT ?s WHERE { ?s ?p ?o }", GRAPHS[:2])
    assert text == (
        f"PREFIX ex: <https://example.org/>\nSELECT ?s \nFROM <{GRAPHS[0]}>\nFROM <{GRAPHS[1]}>\nWHERE {{ ?s ?p ?o }}"
    )
    assert with_dataset("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", GRAPHS[:1]).endswith(
        f"FROM <{GRAPHS[0]}>\n{{ ?s ?p ?o }}"
    )
    assert (
        with_dataset("CONSTRUCT WHERE { ?s ?p ?o }", GRAPHS[:1])
        == f"CONSTRUCT \nFROM <{GRAPHS[0]}>\nWHERE {{ ?s ?p ?o }}"
    )
    assert with_dataset("DESCRIBE <https://example.org/x>", GRAPHS[:1]) == (
        f"DESCRIBE <https://example.org/x>\nFROM <{GRAPHS[0]}>\n"
    )
