"""Loads that meet other loads, crashed loads and a killed store, against real Oxigraph and Virtuoso."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import LoadLocked, StoreError
from kg.store.guard import journal_graph, lock_graph, staging_prefix
from kg.store.load import load, staging_graphs
from tests.load_proxy import FaultProxy, is_journal, is_move, is_upload
from tests.stores import free_port, oxigraph_binary
from tests.test_load_faults import assert_whole, direct, port_of, via
from tests.test_load_graphs import ARTICLES, EDITED_ARTICLE, build_dist, graph_of, manifest_counts, old_and_edited

EDITED = next(a for a in ARTICLES if a.name == EDITED_ARTICLE)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """All test articles; the same with one article edited; the same with one article removed."""
    tmp = tmp_path_factory.mktemp("runs")
    found = old_and_edited(tmp, "https://example.org/kg-test/runs/")
    found["fewer"] = build_dist(tmp / "fewer", ARTICLES[1:], str(found["base"]))
    return found


def test_a_second_load_while_one_holds_the_lock_is_refused_and_nothing_is_destroyed(store, builds):
    base = builds["base"]
    load(direct(store), builds["old"], full=True)
    outcome: dict[str, object] = {}
    with FaultProxy(port_of(store), lambda r: "delay" if is_upload(r) else None, delay=4) as proxy:

        def first() -> None:
            try:
                outcome["first"] = load(via(store, proxy), builds["fewer"], full=True)
            except StoreError as exc:
                outcome["first"] = exc

        thread = threading.Thread(target=first)
        thread.start()
        while not proxy.fired:  # the first run holds the lock and is uploading
            threading.Event().wait(0.05)
        second = CliRunner().invoke(
            main,
            [
                "load",
                "--endpoint",
                store.endpoint,
                "--store",
                store.kind,
                "--dist",
                str(builds["edited"]),
                *(["--user", store.user, "--password", store.password] if store.user else []),
            ],
        )
        thread.join()
    assert second.exit_code == 2, second.output
    assert "another kg load holds the lock" in second.output and "--break-lock" in second.output
    assert not isinstance(outcome["first"], Exception), outcome["first"]
    assert_whole(store, base, builds["fewer"])
    assert direct(store).count(lock_graph(base)) == 0


def test_two_loads_started_together_leave_one_whole_dataset(store, builds):
    base = builds["base"]
    results: list[object] = []

    def run(dist: Path) -> None:
        try:
            results.append(load(direct(store), dist, full=True))
        except Exception as exc:  # judged below: only LoadLocked may end a run
            results.append(exc)

    threads = [threading.Thread(target=run, args=(builds[k],)) for k in ("old", "fewer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    loaded = [r for r in results if not isinstance(r, Exception)]
    assert len(results) == 2
    assert all(isinstance(r, LoadLocked) for r in results if r not in loaded), results
    if loaded:  # both may refuse when their locks race; never do both write
        counts = manifest_counts(store, base)
        assert sorted(counts) in (sorted(g.graph for g in r.graphs) for r in loaded)  # type: ignore[union-attr]
    assert staging_graphs(direct(store), base) == []
    assert direct(store).count(lock_graph(base)) == 0


def _lock(store, base: str, run: str, host: str, pid: int) -> None:
    direct(store).update(
        f'INSERT DATA {{ GRAPH <{lock_graph(base)}> {{ <{lock_graph(base)}#{run}> <https://w3id.org/kg/load#run> "{run}" ; '
        f'<https://w3id.org/kg/load#host> "{host}" ; <https://w3id.org/kg/load#pid> {pid} ; '
        f'<https://w3id.org/kg/load#since> "2026-01-01T00:00:00Z" }} }}'
    )


def test_a_lock_held_elsewhere_refuses_and_break_lock_breaks_it(store, builds):
    base = builds["base"]
    _lock(store, base, "elsewhere-run", "another-host.example", 4242)
    with pytest.raises(
        LoadLocked, match=re.escape("run elsewhere-run on another-host.example (process 4242) since 2026-01-01")
    ):
        load(direct(store), builds["old"])
    result = load(direct(store), builds["old"], break_lock=True)
    assert any("broke the lock of run elsewhere-run" in note for note in result.notes)
    assert_whole(store, base, builds["old"])


def test_the_lock_of_a_dead_process_on_this_host_is_broken(store, builds):
    import socket

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _lock(store, builds["base"], "dead-run", socket.gethostname(), dead.pid)
    result = load(direct(store), builds["old"])
    assert any(f"process {dead.pid} is no longer running" in note for note in result.notes)


def test_a_later_run_drops_the_staging_graphs_crashed_runs_left(store, builds):
    base = builds["base"]
    for n in range(3):
        direct(store).update(
            f"INSERT DATA {{ GRAPH <{staging_prefix(base)}crashed-run/{n}> {{ <urn:x:s> <urn:x:p> <urn:x:o{n}> }} }}"
        )
    assert len(staging_graphs(direct(store), base)) == 3
    result = load(direct(store), builds["old"])
    assert "dropped 3 staging graph(s) left by crashed run(s) crashed-run" in result.notes
    assert staging_graphs(direct(store), base) == []


def test_an_incremental_load_uploads_only_the_edited_article(store, builds):
    base = builds["base"]
    load(direct(store), builds["old"], full=True)
    graphs = sorted(graph_of(base, a) for a in ARTICLES)
    with FaultProxy(port_of(store), lambda r: None) as proxy:  # counts the uploads only
        uploads: list[bytes] = []
        proxy.fault = lambda r: uploads.append(r) if is_upload(r) else None  # type: ignore[assignment]
        result = load(via(store, proxy), builds["edited"])
    assert result.changed == [graph_of(base, EDITED)]
    assert result.summary == f"1 graph changed, 0 removed, {len(graphs) - 1} unchanged"
    uploaded = sum(len(u) for u in uploads)
    assert 0 < uploaded < (builds["old"] / "graph.nq").stat().st_size * 0.6  # not the whole build again
    assert_whole(store, base, builds["edited"])

    again = load(direct(store), builds["edited"])
    assert again.summary == f"0 graphs changed, 0 removed, {len(graphs)} unchanged"
    full = load(direct(store), builds["edited"], full=True)
    assert full.summary == f"{len(graphs)} graphs changed, 0 removed, 0 unchanged"
    fewer = load(direct(store), builds["fewer"])
    before, after = graph_contents(builds["edited"]), graph_contents(builds["fewer"])
    assert fewer.changed == sorted(g for g in after if after[g] != before.get(g))
    assert fewer.removed == [graph_of(base, ARTICLES[0])]
    assert fewer.unchanged == sorted(g for g in after if after[g] == before.get(g))
    assert_whole(store, base, builds["fewer"])


def test_a_graph_changed_behind_kg_is_uploaded_again(store, builds):
    base = builds["base"]
    load(direct(store), builds["old"])
    victim = graph_of(base, ARTICLES[1])
    direct(store).update(f"INSERT DATA {{ GRAPH <{victim}> {{ <urn:x:s> <urn:x:p> <urn:x:intruder> }} }}")
    result = load(direct(store), builds["old"])
    assert result.changed == [victim]
    assert_whole(store, base, builds["old"])


def graph_contents(dist: Path) -> dict[str, frozenset]:
    import pyoxigraph as ox

    found: dict[str, set] = {}
    for quad in ox.parse(path=str(dist / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        found.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return {g: frozenset(t) for g, t in found.items()}


# -- kill -9 of the store at each phase ------------------------------------------------------------
class KillableOxigraph:
    """An Oxigraph server of the test's own, that can be killed with SIGKILL and started again."""

    def __init__(self, tmp: Path) -> None:
        self.location, self.port = tmp / "data", free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.kind, self.user, self.password = "oxigraph", None, None
        self.proc: subprocess.Popen | None = None
        self.log = tmp / "oxigraph.log"

    def start(self) -> None:
        from tests.stores import _wait

        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait(f"{self.endpoint}/query?query=ASK%7B%7D", self.proc, 30, self.log)

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


PHASES = {"upload": is_upload, "journal": is_journal, "move": is_move}


@pytest.mark.parametrize("phase", sorted(PHASES))
def test_a_store_killed_at_each_phase_holds_the_old_dataset_or_the_new_one(phase, builds, tmp_path):
    base = builds["base"]
    server = KillableOxigraph(tmp_path)
    server.start()
    try:
        load(direct(server), builds["old"])
        with FaultProxy(port_of(server), lambda r: "call" if PHASES[phase](r) else None, callback=server.kill) as proxy:
            with pytest.raises(StoreError) as raised:
                load(via(server, proxy, timeout=10), builds["fewer"])
            assert proxy.fired == ["call"]
        assert "internal error" not in str(raised.value)
        server.start()
        # before any recovery, a reader sees the old dataset whole (the move never ran)
        counts = manifest_counts(server, base)
        assert sorted(counts) == sorted(graph_of(base, a) for a in ARTICLES)
        recovered = CliRunner().invoke(
            main, ["load", "--endpoint", server.endpoint, "--dist", str(builds["fewer"]), "--recover"]
        )
        assert recovered.exit_code == 0, recovered.output
        if phase == "move":  # the journal was written: the move is finished from it
            assert "finished the interrupted load" in recovered.output
            assert direct(server).count(journal_graph(base)) == 0
            assert_whole(server, base, builds["fewer"])
        else:
            assert "finished the interrupted load" not in recovered.output
            assert_whole(server, base, builds["old"])
        final = load(direct(server), builds["fewer"])
        assert_whole(server, base, builds["fewer"])
        assert final.summary.endswith("unchanged")
    finally:
        server.stop()


def test_a_move_applied_in_part_is_finished_from_its_journal(store, builds):
    """As Virtuoso does when an update fails midway: some MOVEs applied, the journal still there."""
    from kg.store.guard import read_journal

    base = builds["base"]
    load(direct(store), builds["old"], full=True)

    def apply_the_first_move() -> None:
        found = read_journal(direct(store), base)
        assert found is not None
        first = found[1][0]
        direct(store).update(f"MOVE SILENT <{first.staging}> TO <{first.target}>")

    with FaultProxy(port_of(store), lambda r: "call" if is_move(r) else None, callback=apply_the_first_move) as proxy:
        result = load(via(store, proxy), builds["edited"], full=True)
        assert proxy.fired == ["call"]
    assert any("(1 had been moved)" in note for note in result.notes), result.notes
    assert_whole(store, builds["base"], builds["edited"])
