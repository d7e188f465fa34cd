#!/usr/bin/env python3
"""Time `kg diff` on two builds of a generated corpus that differ in one article. Run by hand:

    .venv/bin/python benchmarks/diff_bench.py                         # 1,000 articles, in a temporary folder
    .venv/bin/python benchmarks/diff_bench.py --work /tmp/diff-bench  # keep (and reuse) the two builds
    .venv/bin/python benchmarks/diff_bench.py --articles 100 --runs 9

The corpus comes from /work/shared/corpus/generate.py (deterministic for a given --articles). One
article is edited (a project's website and one participant's name) and both corpora are built with
`kg build` (minutes for 1,000 articles; not timed, and skipped when --work already has them). The
timing is of the whole command, `kg diff OLD NEW` in a new process each run, median of --runs.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = Path("/work/shared/corpus/generate.py")
KG = [sys.executable, "-m", "kg"]


def edit(article: Path) -> None:
    """Another website for the article's first project, and another name for its first participant."""
    text = article.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| ") and "https://" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    website = next(c for c in cells if c.startswith("https://"))
    participant = cells[2].split(";")[0].strip()
    changed = row.replace(website, website.replace("https://", "https://www.", 1)).replace(
        participant, participant + " Centre", 1
    )
    article.write_text(text.replace(row, changed), encoding="utf-8")


def build(corpus: Path, out: Path) -> None:
    if (out / "void.ttl").is_file():
        return
    started = time.perf_counter()
    subprocess.run([*KG, "build", str(corpus), "--out", str(out), "-q"], cwd=ROOT, check=True, capture_output=True)
    print(f"built {corpus.name} in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="Folder for the corpora and builds (default: a temporary one).")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-diff-bench-"))
    old_corpus, new_corpus = work / "corpus-old", work / "corpus-new"
    if not old_corpus.is_dir():
        subprocess.run(
            [sys.executable, str(GENERATOR), "--articles", str(args.articles), "--out", str(old_corpus)], check=True
        )
        shutil.copytree(old_corpus, new_corpus)
        edit(sorted(new_corpus.glob("*.txt"))[len(list(new_corpus.glob("*.txt"))) // 2])
    build(old_corpus, work / "old")
    build(new_corpus, work / "new")
    times, output = [], ""
    for _ in range(args.runs):
        started = time.perf_counter()
        done = subprocess.run([*KG, "diff", str(work / "old"), str(work / "new")], cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
        assert done.returncode == 1, done.stderr
        output = done.stdout.decode()
    triples = sum(1 for _ in (work / "old" / "graph.nt").open("rb"))
    print(re.search(r"^\d+ entities differ.*$", output, re.M).group())  # type: ignore[union-attr]
    print(
        f"kg diff on two {args.articles}-article builds ({triples:,} triples each): median {statistics.median(times):.2f} s "
        f"of {args.runs} runs (min {min(times):.2f}, max {max(times):.2f})"
    )


if __name__ == "__main__":
    main()
