"""The fast paths of a load against real stores: a first load in one transaction, staging through
Oxigraph's bulk loader, the move that writes only the difference, and Virtuoso's bulk loader."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError, StoreError
from kg.store.bulk import BulkLoader
from kg.store.guard import journal_graph
from kg.store.load import load, loaded_graphs, manifest_graph
from tests.load_proxy import FaultProxy, is_move, is_upload
from tests.stores import free_port
from tests.test_load_faults import assert_whole, direct, port_of, via
from tests.test_load_graphs import ARTICLES, EDITED_ARTICLE, graph_of, local_counts, old_and_edited

EDITED = next(a for a in ARTICLES if a.name == EDITED_ARTICLE)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """All test articles, and the same with one article edited."""
    return old_and_edited(tmp_path_factory.mktemp("paths"), "https://example.org/kg-test/paths/")


def wipe(store, base: str, dist: Path) -> None:
    """Drop every graph of the dataset, so that the next load is a first load."""
    graphs = [*local_counts(dist), manifest_graph(base), journal_graph(base)]
    direct(store).update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    assert loaded_graphs(direct(store), base) == []


def held(store, graph: str) -> set[ox.Triple]:
    """A graph's triples in Oxigraph, fetched through its Graph Store Protocol service."""
    client = direct(store)
    data = client._send("GET", client._graph_url(graph), headers={"Accept": "application/n-triples"})
    return {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def built(dist: Path, graph: str) -> set[ox.Triple]:
    return {
        q.triple
        for q in ox.parse(path=str(dist / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name.value == graph
    }


def recording(store) -> tuple[FaultProxy, list[bytes]]:
    """A proxy that forwards everything and keeps the requests."""
    seen: list[bytes] = []
    proxy = FaultProxy(port_of(store), lambda r: seen.append(r))  # type: ignore[arg-type,func-returns-value]
    return proxy, seen


def test_a_first_load_into_oxigraph_is_one_upload_straight_onto_the_targets(oxigraph_store, builds):
    base = builds["base"]
    wipe(oxigraph_store, base, builds["old"])
    proxy, seen = recording(oxigraph_store)
    with proxy:
        result = load(via(oxigraph_store, proxy), builds["old"])
    uploads = [r for r in seen if is_upload(r)]
    assert [r.split(b" ", 2)[:2] for r in uploads] == [[b"POST", b"/store"]]
    assert not any(is_move(r) for r in seen)
    assert b"graph/staging/" not in uploads[0]
    assert len(result.changed) == len(ARTICLES)
    assert_whole(oxigraph_store, base, builds["old"])


def test_a_first_load_whose_upload_never_reached_oxigraph_leaves_the_dataset_absent(oxigraph_store, builds):
    base = builds["base"]
    wipe(oxigraph_store, base, builds["old"])
    with FaultProxy(port_of(oxigraph_store), lambda r: "reset" if is_upload(r) else None) as proxy:
        with pytest.raises(StoreError, match="the store was not changed"):
            load(via(oxigraph_store, proxy), builds["old"])
        assert proxy.fired == ["reset"]
    assert loaded_graphs(direct(oxigraph_store), base) == []
    assert all(direct(oxigraph_store).count(g) == 0 for g in local_counts(builds["old"]))


def test_a_first_load_whose_answer_was_lost_is_found_applied(oxigraph_store, builds):
    base = builds["base"]
    wipe(oxigraph_store, base, builds["old"])
    fault = lambda r: "forward-then-reset" if is_upload(r) else None  # noqa: E731
    with FaultProxy(port_of(oxigraph_store), fault) as proxy:
        result = load(via(oxigraph_store, proxy), builds["old"])
        assert proxy.fired == ["forward-then-reset"]
    assert any("the store had applied it" in note for note in result.notes), result.notes
    assert_whole(oxigraph_store, base, builds["old"])


def test_replacing_a_dataset_in_oxigraph_stages_through_the_bulk_loader_and_moves_by_difference(oxigraph_store, builds):
    base = builds["base"]
    load(direct(oxigraph_store), builds["old"], full=True)
    proxy, seen = recording(oxigraph_store)
    with proxy:
        result = load(via(oxigraph_store, proxy), builds["edited"], full=True)
    uploads = [r for r in seen if is_upload(r)]
    assert uploads and all(r.startswith(b"POST /store?no_transaction ") for r in uploads)
    assert all(b"graph/staging/" in r for r in uploads)
    moves = [r for r in seen if is_move(r)]
    assert len(moves) == 1 and b"VALUES (?staging ?target)" in moves[0] and b"MOVE" not in moves[0]
    assert result.summary == f"{len(ARTICLES)} graphs changed, 0 removed, 0 unchanged"
    assert_whole(oxigraph_store, base, builds["edited"])
    edited = graph_of(base, EDITED)
    assert held(oxigraph_store, edited) == built(builds["edited"], edited) != built(builds["old"], edited)


def test_a_move_by_difference_drops_a_triple_put_into_a_target_behind_kg(oxigraph_store, builds):
    base = builds["base"]
    load(direct(oxigraph_store), builds["old"], full=True)
    victim = graph_of(base, ARTICLES[0])
    direct(oxigraph_store).update(f"INSERT DATA {{ GRAPH <{victim}> {{ <urn:x:s> <urn:x:p> <urn:x:intruder> }} }}")
    load(direct(oxigraph_store), builds["old"], full=True)
    assert held(oxigraph_store, victim) == built(builds["old"], victim)
    assert_whole(oxigraph_store, base, builds["old"])


# -- Virtuoso's bulk loader -----------------------------------------------------------------------
def bulk_of(store, folder: Path | None = None) -> BulkLoader:
    return BulkLoader(folder or store.folder, sql=store.sql, user=store.user, password=store.password)


def test_a_bulk_load_into_virtuoso_gives_the_whole_dataset_and_leaves_no_files(virtuoso_store, builds):
    base = builds["base"]
    wipe(virtuoso_store, base, builds["old"])
    before = sorted(p.name for p in virtuoso_store.folder.iterdir())
    first = load(direct(virtuoso_store), builds["old"], bulk=bulk_of(virtuoso_store))
    assert len(first.changed) == len(ARTICLES)
    assert_whole(virtuoso_store, base, builds["old"])
    again = load(direct(virtuoso_store), builds["edited"], bulk=bulk_of(virtuoso_store))
    assert again.changed == [graph_of(base, EDITED)]
    assert_whole(virtuoso_store, base, builds["edited"])
    assert sorted(p.name for p in virtuoso_store.folder.iterdir()) == before


def test_a_bulk_load_that_cannot_reach_the_sql_port_is_an_error_and_the_store_is_unchanged(virtuoso_store, builds):
    base = builds["base"]
    load(direct(virtuoso_store), builds["old"], full=True)
    bulk = BulkLoader(virtuoso_store.folder, sql=f"127.0.0.1:{free_port()}", user="dba", password="dba")
    with pytest.raises(StoreError, match="bulk loader failed") as raised:
        load(direct(virtuoso_store), builds["edited"], full=True, bulk=bulk)
    assert "the store was not changed" in str(raised.value)
    assert not any(p.name.startswith("kg-bulk-") for p in virtuoso_store.folder.iterdir())
    assert_whole(virtuoso_store, base, builds["old"])


def test_a_file_virtuosos_bulk_loader_refuses_is_an_error_naming_it(virtuoso_store):
    graph = "https://example.org/kg-test/paths/refused"
    with pytest.raises(StoreError, match=r"bulk loader failed on .*kg-bulk-") as raised:
        bulk_of(virtuoso_store).load([b"<urn:x:s> <urn:x:p> this is not N-Quads .\n"], graph)
    assert "KG-ERROR" in str(raised.value)
    assert direct(virtuoso_store).count(graph) == 0


def test_the_cli_loads_through_virtuosos_bulk_loader(virtuoso_store, builds):
    base = builds["base"]
    wipe(virtuoso_store, base, builds["old"])
    args = ["load", "--endpoint", virtuoso_store.endpoint, "--store", "virtuoso", "--dist", str(builds["old"])]
    args += ["--user", "dba", "--password", "dba", "--bulk", str(virtuoso_store.folder), "--isql", virtuoso_store.sql]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"{len(ARTICLES)} graphs changed" in result.output
    assert_whole(virtuoso_store, base, builds["old"])


def test_the_bulk_loader_is_refused_for_oxigraph(oxigraph_store, builds, tmp_path):
    with pytest.raises(KgError, match="bulk loader is Virtuoso's"):
        load(direct(oxigraph_store), builds["old"], bulk=BulkLoader(tmp_path))
    args = ["load", "--endpoint", oxigraph_store.endpoint, "--dist", str(builds["old"]), "--bulk", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "bulk loader is Virtuoso's" in result.output


def test_a_folder_name_that_could_change_the_isql_script_is_refused(virtuoso_store, builds, tmp_path):
    hostile = tmp_path / "x');\nDROP"
    hostile.mkdir()
    base = builds["base"]
    load(direct(virtuoso_store), builds["old"], full=True)
    with pytest.raises(StoreError, match="control character"):
        load(direct(virtuoso_store), builds["edited"], full=True, bulk=bulk_of(virtuoso_store, hostile))
    assert_whole(virtuoso_store, base, builds["old"])
