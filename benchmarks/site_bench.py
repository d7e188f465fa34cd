"""What the linked-data site adds to a build, on the seed and on synthetic corpora. Run by hand:

    .venv/bin/python benchmarks/site_bench.py --articles 1000

Each corpus is built once with ``kg.publish.build.build`` (the product, site included). The time spent in
the site's writer (``kg.publish.build._site``) is measured inside that build, so the build without the site
is the rest: nothing is skipped or switched off. The flush of the staging folder to disk before it
is swapped in (``kg.publish.staging._sync_tree``: one sync(2) on Linux, for the site's files and all the
others) is shown on its own. Prints, per corpus: the build's time, the site's share, the % it
adds, the same in CPU seconds (which the machine's other load does not change as much), and the
site's files and megabytes.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg.publish.build  # noqa: E402
import kg.publish.staging  # noqa: E402
from kg.publish.knowledge import Inputs  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the site's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench(paths: list[Path] | None, label: str) -> None:
    spent = {"site": 0.0, "flush": 0.0, "site_cpu": 0.0}
    write_site, sync = kg.publish.build._site, kg.publish.staging._sync_tree

    def timed_site(*args, **kwargs):  # type: ignore[no-untyped-def]
        t, cpu = time.perf_counter(), _cpu()
        try:
            return write_site(*args, **kwargs)
        finally:
            spent["site"] += time.perf_counter() - t
            spent["site_cpu"] = _cpu() - cpu

    def timed_sync(folder: Path) -> None:
        t = time.perf_counter()
        try:
            sync(folder)
        finally:
            spent["flush"] += time.perf_counter() - t

    kg.publish.build._site, kg.publish.staging._sync_tree = timed_site, timed_sync
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "dist"
            t, cpu = time.perf_counter(), _cpu()
            result = kg.publish.build.build(Inputs(sources=paths, source_dir=ROOT / "sources"), out=out)
            total, total_cpu = time.perf_counter() - t, _cpu() - cpu
            files = [p for p in (out / "site").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
            dist = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    finally:
        kg.publish.build._site, kg.publish.staging._sync_tree = write_site, sync
    site = spent["site"]
    rest = total - site
    print(
        f"{label}: {len(result.knowledge.sources)} articles, {len(result.knowledge.graph)} triples\n"
        f"  build {total:7.1f} s = without the site {rest:7.1f} s + site {site:6.1f} s: +{100 * site / rest:.1f} %"
        f" (flushing all of dist/ to disk: {spent['flush']:.1f} s, counted in the build)\n"
        f"  CPU: build {total_cpu:.1f} s, of which the site {spent['site_cpu']:.1f} s (its worker processes included); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n"
        f"  site: {len(files)} files, {size / 1e6:.1f} MB (dist/ in all: {dist / 1e6:.1f} MB)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="*", default=[1000])
    a = ap.parse_args()
    bench(None, "seed")
    for n in a.articles:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, str(ROOT.parent / "shared/corpus/generate.py"), "--articles", str(n), "--out", tmp],
                check=True,
                capture_output=True,
            )
            bench(sorted(Path(tmp).glob("*.txt")), f"corpus of {n}")


if __name__ == "__main__":
    main()
