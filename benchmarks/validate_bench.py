#!/usr/bin/env python3
"""Time SHACL validation (kg.validate) on the seed article and on a generated corpus. Run by hand:

    .venv/bin/python benchmarks/validate_bench.py                      # seed + 100 generated articles
    .venv/bin/python benchmarks/validate_bench.py --articles 300 --per-shape 10
    .venv/bin/python benchmarks/validate_bench.py --corpus /tmp/v-corpus   # an existing corpus folder

The corpus comes from /work/shared/corpus/generate.py (deterministic for a given --articles). The
graph is assembled in-process (kg.build.assemble) and not timed; validation is timed best of
--repeat runs. --per-shape also times each shape alone, slowest first: that is how to find a shape
that makes validation slow (usually a SPARQL constraint on a wide target).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib.namespace import RDF, SH  # noqa: E402

from kg.publish.knowledge import assemble, source_paths  # noqa: E402
from kg.source.aliases import load_aliases  # noqa: E402
from kg.source.config import load_config  # noqa: E402
from kg.validation.shacl import load_shapes, validate  # noqa: E402

GENERATOR = Path("/work/shared/corpus/generate.py")


def build(paths: list[Path]):
    sources = ROOT / "sources"
    return assemble(paths, config=load_config(sources / "dataset.toml"), aliases=load_aliases(sources / "aliases.csv"))


def best_of(repeat: int, run):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def bench(name: str, paths: list[Path], *, repeat: int, per_shape: int) -> None:
    started = time.perf_counter()
    knowledge = build(paths)
    assembled = time.perf_counter() - started
    shapes = load_shapes()
    seconds, report = best_of(repeat, lambda: validate(knowledge.graph, shapes=shapes, sources=knowledge.sources))
    counts = ", ".join(f"{n} {s.lower()}{'' if n == 1 else 's'}" for s, n in report.counts.items())
    print(
        f"{name}: {len(paths)} article(s), {len(knowledge.graph):,} triples "
        f"(assembled in {assembled:.2f} s); validate: {seconds:.2f} s best of {repeat} ({counts})"
    )
    if per_shape:
        names = sorted(str(s) for t in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, t))
        timed = []
        for shape in names:
            t, _ = best_of(1, lambda shape=shape: validate(knowledge.graph, shapes=shapes, only=[shape]))
            timed.append((t, shape.rsplit("#", 1)[-1]))
        print(f"  slowest shapes alone (sum of all {len(timed)}: {sum(t for t, _ in timed):.2f} s):")
        for t, shape in sorted(timed, reverse=True)[:per_shape]:
            print(f"    {t:6.2f} s  {shape}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100, help="articles to generate (default 100)")
    ap.add_argument("--corpus", type=Path, help="use this folder of articles instead of generating one")
    ap.add_argument("--generator", type=Path, default=GENERATOR, help=f"corpus generator (default {GENERATOR})")
    ap.add_argument("--repeat", type=int, default=3, help="time validation best of N runs (default 3)")
    ap.add_argument("--per-shape", type=int, default=0, metavar="N", help="also list the N slowest shapes")
    args = ap.parse_args()

    bench("seed", [ROOT / "sources" / "ecsite.txt"], repeat=args.repeat, per_shape=args.per_shape)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            cmd = [sys.executable, str(args.generator), "--articles", str(args.articles), "--out", str(corpus)]
            subprocess.run(cmd, check=True)
        paths = source_paths([corpus], corpus)
        bench(f"corpus {corpus}", paths, repeat=args.repeat, per_shape=args.per_shape)


if __name__ == "__main__":
    main()
