"""Time the build stages on the seed and on synthetic corpora. Run by hand, not by pytest:

    .venv/bin/python benchmarks/build_bench.py --articles 100 1000

Prints, per corpus: articles, triples, seconds to parse+map+mint+materialise, to render each
format, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.publish.knowledge import Inputs, knowledge  # noqa: E402
from kg.rdf.formats import RDF_FORMATS, render  # noqa: E402


def bench(paths: list[Path], label: str) -> None:
    t0 = time.perf_counter()
    k = knowledge(Inputs(sources=paths, source_dir=ROOT / "sources"))
    t1 = time.perf_counter()
    print(f"{label}: {len(k.sources)} articles, {len(k.graph)} triples, assemble {t1 - t0:.2f} s", flush=True)
    for fmt in RDF_FORMATS:
        t = time.perf_counter()
        size = len(render(k, fmt))
        print(f"  {fmt.name:9} {time.perf_counter() - t:6.2f} s  {size / 1e6:7.1f} MB", flush=True)
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="*", default=[100])
    a = ap.parse_args()
    bench([ROOT / "sources" / "ecsite.txt"], "seed")
    for n in a.articles:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, str(ROOT.parent / "shared/corpus/generate.py"), "--articles", str(n), "--out", tmp],
                check=True,
            )
            bench(sorted(Path(tmp).glob("*.txt")), f"corpus of {n}")


if __name__ == "__main__":
    main()
