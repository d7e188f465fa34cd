"""`kg load` through a proxy that breaks the transport, in front of real Oxigraph and Virtuoso.

Whatever breaks, the store holds the old dataset or the new one (never a mix), the manifest's counts
match the store, no staging graph is left, and the error is a StoreError (exit 2), never exit 3.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError
from kg.store.client import Store
from kg.store.guard import journal_graph
from kg.store.load import load, loaded_graphs, staging_graphs
from tests.load_proxy import FaultProxy, is_journal, is_move, is_upload
from tests.test_load_graphs import ARTICLES, build_dist, local_counts, manifest_counts, store_counts

MESSAGES = {
    "truncate": "cut short: 5 bytes of the body arrived",
    "not-http": "not an HTTP status line",
    "headers": "got more than 100 headers",
    "reset": "(connection lost|reset)",
}


def port_of(store) -> int:
    return int(store.endpoint.rsplit(":", 1)[1])


def via(store, proxy: FaultProxy, timeout: float = 30) -> Store:
    return Store(endpoint=proxy.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=timeout)


def direct(store) -> Store:
    return Store(endpoint=store.endpoint, kind=store.kind, user=store.user, password=store.password, timeout=30)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two builds of the same dataset: all test articles, and all but the last (so graphs are removed)."""
    tmp = tmp_path_factory.mktemp("faults")
    base = "https://example.org/kg-test/faults/"
    return base, build_dist(tmp / "old", ARTICLES, base), build_dist(tmp / "new", ARTICLES[:-1], base)


def assert_whole(store, base: str, dist: Path) -> None:
    """The store holds exactly the dataset of ``dist``: its graphs, their counts, a true manifest."""
    counts = local_counts(dist)
    assert loaded_graphs(direct(store), base) == sorted(counts)
    assert store_counts(store, sorted(counts)) == counts == manifest_counts(store, base)
    assert staging_graphs(direct(store), base) == []
    assert direct(store).count(journal_graph(base)) == 0


@pytest.mark.parametrize("fault", sorted(MESSAGES))
def test_a_broken_answer_to_an_upload_is_a_clear_error_and_the_old_dataset_stays(store, two_builds, fault):
    base, old, new = two_builds
    load(direct(store), old, full=True)
    with FaultProxy(port_of(store), lambda r: fault if is_upload(r) else None) as proxy:
        with pytest.raises(StoreError, match=MESSAGES[fault]) as raised:
            load(via(store, proxy), new)
        assert proxy.fired == [fault]
    assert "the store was not changed" in str(raised.value)
    assert_whole(store, base, old)


@pytest.mark.parametrize("fault", sorted(MESSAGES))
def test_the_cli_exits_2_for_a_broken_answer(oxigraph_store, two_builds, fault):
    base, old, new = two_builds
    load(direct(oxigraph_store), old, full=True)
    with FaultProxy(port_of(oxigraph_store), lambda r: fault if is_upload(r) else None) as proxy:
        result = CliRunner().invoke(main, ["load", "--endpoint", proxy.endpoint, "--dist", str(new)])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert_whole(oxigraph_store, base, old)


def test_a_lost_answer_to_the_move_finds_the_move_applied(store, two_builds):
    base, old, new = two_builds
    load(direct(store), old, full=True)
    with FaultProxy(port_of(store), lambda r: "forward-then-reset" if is_move(r) else None) as proxy:
        result = load(via(store, proxy), new)
        assert proxy.fired == ["forward-then-reset"]
    assert any("the store had applied it" in note for note in result.notes)
    assert_whole(store, base, new)


def test_a_move_that_never_reached_the_store_is_finished_from_its_journal(store, two_builds):
    base, old, new = two_builds
    load(direct(store), old, full=True)
    with FaultProxy(port_of(store), lambda r: "reset" if is_move(r) else None) as proxy:
        result = load(via(store, proxy), new)
        assert proxy.fired == ["reset"]
    assert any("finished the interrupted load" in note for note in result.notes), result.notes
    assert_whole(store, base, new)


def test_a_broken_journal_write_leaves_the_old_dataset(store, two_builds):
    base, old, new = two_builds
    load(direct(store), old, full=True)
    with FaultProxy(port_of(store), lambda r: "reset" if is_journal(r) else None) as proxy:
        with pytest.raises(StoreError, match="the store was not changed"):
            load(via(store, proxy), new)
        assert proxy.fired == ["reset"]
    assert_whole(store, base, old)


def test_the_timeout_bounds_the_whole_request_when_the_store_trickles(oxigraph_store, two_builds):
    """The proxy sends the answer at one byte a second (120 s for it all): a 2 s limit ends it."""
    with FaultProxy(port_of(oxigraph_store), lambda r: "trickle" if r.startswith(b"POST /query") else None) as proxy:
        start = time.monotonic()
        with pytest.raises(StoreError, match=r"within 2 s \(time-out\)"):
            via(oxigraph_store, proxy, timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert time.monotonic() - start < 10  # not 120: the deadline is for the request, not for each read


def test_the_cli_timeout_bounds_a_load_into_a_trickling_store(oxigraph_store, two_builds):
    _, old, _ = two_builds
    with FaultProxy(port_of(oxigraph_store), lambda r: "trickle" if r.startswith(b"POST /query") else None) as proxy:
        result = CliRunner().invoke(main, ["load", "--endpoint", proxy.endpoint, "--dist", str(old), "--timeout", "2"])
    assert result.exit_code == 2, result.output
    assert "time-out" in result.output


def test_kg_query_at_an_endpoint_has_a_whole_request_timeout(oxigraph_store, two_builds):
    _, old, _ = two_builds
    load(direct(oxigraph_store), old)
    with FaultProxy(port_of(oxigraph_store), lambda r: "trickle" if r.startswith(b"POST /query") else None) as proxy:
        result = CliRunner().invoke(
            main,
            ["query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", proxy.endpoint, "--timeout", "2"],
        )
    assert result.exit_code == 2, result.output
    assert "time-out" in result.output
