"""`kg load` against a bare upload of the same build, in real stores. Run by hand:

    .venv/bin/python benchmarks/load_bench.py --articles 100 [--runs 3] [--dist DIR]

Starts Oxigraph and Virtuoso on loopback ports (as the tests do), builds a synthetic corpus (or
takes the build in ``--dist``) and times, each ``--runs`` times, in the same store:

* the floor: one bare POST of ``graph.nq`` to Oxigraph's N-Quads service; on Virtuoso, which has
  none, one bare POST of ``graph.nt`` into one graph through its Graph Store Protocol service;
* ``kg load --full`` (every graph replaced through staging, counted, moved in one update);
* an incremental ``kg load`` of the same build (nothing changed: the manifest's checksums agree).

It prints medians and the ratio of each to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
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
from kg.store.client import Store  # noqa: E402
from kg.store.load import load  # noqa: E402
from tests.stores import oxigraph, virtuoso  # noqa: E402

BARE_GRAPH = "https://example.org/bench/bare"


def timed(runs: int, before: Callable[[], None], step: Callable[[], None]) -> list[float]:
    seconds = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - start)
    return seconds


def bench(store_info, dist: Path, runs: int) -> None:
    store = Store(
        endpoint=store_info.endpoint,
        kind=store_info.kind,
        user=store_info.user,
        password=store_info.password,
        timeout=3600,
    )

    def clear() -> None:
        store.update(f"DROP SILENT GRAPH <{BARE_GRAPH}>")
        for g in load_graphs:
            store.update(f"DROP SILENT GRAPH <{g}>")

    if store.quads_url:
        data = (dist / "graph.nq").read_bytes()
        load_graphs = sorted({line.rsplit(b" <", 1)[1][:-3].decode() for line in data.splitlines() if line.strip()})

        def bare() -> None:
            store.post_quads(data)

        floor = "POST graph.nq"
    else:
        data = (dist / "graph.nt").read_bytes()
        load_graphs = []

        def bare() -> None:
            store._send(
                "POST", store._graph_url(BARE_GRAPH), data=data, headers={"Content-Type": "application/n-triples"}
            )

        floor = "POST graph.nt"
    bare_s = timed(runs, clear, bare)
    clear()
    full_s = timed(runs, lambda: None, lambda: load(store, dist, full=True))
    incremental_s = timed(runs, lambda: None, lambda: load(store, dist))
    floor_m = statistics.median(bare_s)
    for label, values in (
        (f"bare {floor}", bare_s),
        ("kg load --full", full_s),
        ("kg load (unchanged)", incremental_s),
    ):
        m = statistics.median(values)
        print(
            f"{store.kind:9} {label:22} median {m:7.2f} s  ({', '.join(f'{v:.2f}' for v in values)})  "
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
        starters = {"oxigraph": oxigraph, "virtuoso": virtuoso}
        for name in a.stores.split(","):
            (tmp / name).mkdir()
            with starters[name](tmp / name) as store:
                bench(store, dist, a.runs)


if __name__ == "__main__":
    main()
