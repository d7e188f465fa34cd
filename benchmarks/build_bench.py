"""How fast `kg build` is, per corpus size, as a ratio to a floor measured in the same run. Run by hand:

    .venv/bin/python benchmarks/build_bench.py --articles 100 1000 3000 10000

For each size it writes a synthetic corpus (../shared/corpus/generate.py) and times, each in a
fresh process:

- the floor: pyoxigraph parsing the build's ``graph.nt`` and writing it as Turtle, once;
- a full build with a cold cache (``--jobs`` as given, default every CPU);
- a rebuild after editing one article, with the cache the full build left.

It prints articles, triples, wall seconds, the ratio to the floor, peak memory (the largest
resident set of the build process and its workers) and the seconds of each stage (as the build
reports them to its progress display).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT.parent / "shared" / "corpus" / "generate.py"

FLOOR = """
import sys, pyoxigraph as ox
triples = ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
ox.serialize(triples, output=sys.argv[2], format=ox.RdfFormat.TURTLE)
"""


def child(corpus: Path, out: Path, jobs: int, cache: Path) -> None:
    """One build, in this process: prints its stage times and counts as JSON."""
    sys.path.insert(0, str(ROOT))
    from kg.cli.workers import article_stage
    from kg.core.progress import Recorded
    from kg.publish.build import build
    from kg.publish.knowledge import Inputs

    stages = Recorded()
    started = time.perf_counter()
    with article_stage(jobs=jobs, cache=cache) as stage:
        inputs = Inputs(sources=[corpus], source_dir=ROOT / "sources", article_stage=stage)
        built = build(inputs, out=out, progress=stages, jobs=jobs)
    result = len(built.knowledge.encoded)
    seconds = stages.finish()
    seconds["total"] = time.perf_counter() - started
    print(json.dumps({"stages": seconds, "triples": result, "counts": stages.counts}))


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB (the process and its workers) and stdout of a command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as captured:
        process = subprocess.Popen(command, stdout=captured, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        captured.seek(0)
        stdout = captured.read()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    # the largest resident set of this process and of the workers it waited for (Linux: KiB)
    return wall, usage.ru_maxrss / 1024, stdout


def bench(n: int, jobs: int, work: Path, generate: Path) -> dict[str, object]:
    corpus = work / f"corpus-{n}"
    subprocess.run([sys.executable, str(generate), "--articles", str(n), "--out", str(corpus)], check=True)
    out, cache = work / f"dist-{n}", work / f"cache-{n}"
    me = [sys.executable, __file__, "--child", str(corpus), str(out), str(jobs), str(cache)]
    full_wall, full_peak, full_out = timed(me)
    full = json.loads(full_out)
    floor_wall, _, _ = timed([sys.executable, "-c", FLOOR, str(out / "graph.nt"), str(work / "floor.ttl")])
    edited = corpus / "network-00000.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("network", "Network", 1), encoding="utf-8")
    again_wall, _, again_out = timed(me)
    return {
        "articles": n,
        "triples": full["triples"],
        "wall": full_wall,
        "floor": floor_wall,
        "peak": full_peak,
        "stages": full["stages"],
        "rebuild": again_wall,
        "rebuild_stages": json.loads(again_out)["stages"],
        "rebuild_counts": json.loads(again_out)["counts"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="*", default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--generator", type=Path, default=GENERATE, help="the corpus generator (default: %(default)s)")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        corpus, out, jobs, cache = a.child
        child(Path(corpus), Path(out), int(jobs), Path(cache))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.articles:
            rows.append(bench(n, a.jobs, Path(tmp), a.generator))
            r = rows[-1]
            stages, again = (
                ", ".join(f"{k} {v:.1f}" for k, v in r[key].items() if k != "total")  # type: ignore[union-attr]
                for key in ("stages", "rebuild_stages")
            )
            print(
                f"{r['articles']:>6} articles {r['triples']:>10,} triples  build {r['wall']:6.1f} s  "
                f"floor {r['floor']:5.2f} s  ratio {r['wall'] / r['floor']:5.1f}x  peak {r['peak']:6.0f} MiB  "
                f"rebuild after one edit {r['rebuild']:5.1f} s ({r['rebuild'] / r['wall']:.0%})\n        stages: {stages}\n        rebuild stages: {again}\n        rebuild counts: {r['rebuild_counts']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
