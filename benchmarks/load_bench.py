"""`kg load` against a bare upload of the same build, in real stores. Run by hand:

    .venv/bin/python benchmarks/load_bench.py --articles 100 [--runs 3] [--dist DIR] [--stores oxigraph,virtuoso]

Starts Oxigraph and Virtuoso on loopback ports (as the tests do), builds a synthetic corpus (or
takes the build in ``--dist``) and times, each ``--runs`` times, each in a store started afresh
for the run (so that no run pays for the deletions of another):

* the floor: one bare POST of ``graph.nq`` to Oxigraph's N-Quads service (one transaction); on
  Virtuoso, which has none, its bulk loader (``ld_dir`` + ``rdf_loader_run`` through ``isql``) on
  ``graph.nq``;
* ``kg load --full`` into the empty store (a first load), then again (every graph replaced through
  staging, counted, moved in one update), then an incremental ``kg load`` of the same build (nothing
  changed: the manifest's checksums agree);
* on Virtuoso, ``kg load --full --bulk`` (staging through its bulk loader) replacing the dataset.

It prints medians and the ratio of each to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.publish.build import build  # noqa: E402
from kg.publish.knowledge import Inputs  # noqa: E402
from kg.store.bulk import BulkLoader  # noqa: E402
from kg.store.client import Store  # noqa: E402
from kg.store.load import load  # noqa: E402
from tests.stores import RunningStore, oxigraph, virtuoso  # noqa: E402

BARE_GRAPH = "https://example.org/bench/bare"
STARTERS = {"oxigraph": oxigraph, "virtuoso": virtuoso}


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def client(info: RunningStore) -> Store:
    return Store(endpoint=info.endpoint, kind=info.kind, user=info.user, password=info.password, timeout=3600)


def bare(info: RunningStore, dist: Path) -> Callable[[], None]:
    """The floor: Oxigraph's N-Quads POST of ``graph.nq``; Virtuoso's own bulk loader on ``graph.nq``
    (copied into a folder the server may read before the clock starts), as its fastest way in: a
    single Graph Store Protocol POST of the whole graph made Virtuoso 7 stall at 1,000 articles."""
    store = client(info)
    if store.quads_url:
        data = (dist / "graph.nq").read_bytes()
        return lambda: store.post_quads(data)
    assert info.folder is not None
    run = info.folder / "bare"
    run.mkdir()
    shutil.copyfile(dist / "graph.nq", run / "graph.nq")
    loader = BulkLoader(info.folder, sql=info.sql, user=info.user or "dba", password=info.password or "dba")
    return lambda: loader._run(run, BARE_GRAPH)


def kg_steps(info: RunningStore, dist: Path) -> dict[str, Callable[[], object]]:
    """The kg loads to time, in order, in one store."""
    store = client(info)
    steps: dict[str, Callable[[], object]] = {
        "kg load --full (first)": lambda: load(store, dist, full=True),
        "kg load --full (replace)": lambda: load(store, dist, full=True),
        "kg load (unchanged)": lambda: load(store, dist),
    }
    if info.kind == "virtuoso":
        assert info.folder is not None
        bulk = BulkLoader(info.folder, sql=info.sql, user=info.user or "dba", password=info.password or "dba")
        steps["kg load --full --bulk (replace)"] = lambda: load(store, dist, full=True, bulk=bulk)
    return steps


def bench(kind: str, dist: Path, runs: int, tmp: Path) -> None:
    seconds: dict[str, list[float]] = {}
    floor = "POST graph.nq" if kind == "oxigraph" else "bulk loader graph.nq"
    for run in range(runs):
        (tmp / f"{kind}-{run}-bare").mkdir()
        with STARTERS[kind](tmp / f"{kind}-{run}-bare") as info:
            seconds.setdefault(f"bare {floor}", []).append(timed(bare(info, dist)))
        (tmp / f"{kind}-{run}-kg").mkdir()
        with STARTERS[kind](tmp / f"{kind}-{run}-kg") as info:
            steps = kg_steps(info, dist)
            for label, step in steps.items():
                seconds.setdefault(label, []).append(timed(step))
    floor_m = statistics.median(seconds[f"bare {floor}"])
    for label, values in seconds.items():
        m = statistics.median(values)
        print(
            f"{kind:9} {label:32} median {m:7.2f} s  ({', '.join(f'{v:.2f}' for v in values)})  "
            f"ratio {m / floor_m:5.2f}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dist", type=Path, help="A build to load (default: build a synthetic corpus).")
    ap.add_argument("--stores", default="oxigraph,virtuoso")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        dist = a.dist
        if dist is None:
            corpus = tmp / "corpus"
            generate = ROOT.parent / "shared/corpus/generate.py"
            subprocess.run(
                [sys.executable, str(generate), "--articles", str(a.articles), "--out", str(corpus)], check=True
            )
            dist = build(Inputs(sources=[corpus], source_dir=ROOT / "sources"), out=tmp / "dist").out
        lines = sum(1 for _ in (dist / "graph.nq").open("rb"))
        print(f"build {dist}: {lines} quads", flush=True)
        for name in a.stores.split(","):
            bench(name, dist, a.runs, tmp)


if __name__ == "__main__":
    main()
