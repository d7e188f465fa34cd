"""The per-article stage of ``kg build`` alone (read + map, :func:`kg.publish.articles.map_articles`):
serial against a process pool, without a cache, with a cold and a warm one, and warm after editing
one article. Run by hand; each figure is also given as a ratio to the serial stage without a cache
measured in the same run (the reference this work is judged against).

    python3 ../shared/corpus/generate.py --articles 1000 --out /tmp/corpus1000
    .venv/bin/python benchmarks/articles_bench.py /tmp/corpus1000 --jobs 2
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.core.progress import Recorded
from kg.publish.articles import map_articles, process_pool
from kg.source.aliases import load_aliases
from kg.source.config import load_config


def timed(run: Callable[[Recorded], object]) -> tuple[float, dict[str, int]]:
    progress = Recorded()
    started = time.perf_counter()
    run(progress)
    return time.perf_counter() - started, progress.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-articles-bench-"))
    corpus = work / "corpus"
    shutil.copytree(args.corpus, corpus)
    paths = sorted(corpus.glob("*.txt"))
    config = load_config(corpus / "dataset.toml")
    aliases = load_aliases(corpus / "aliases.csv")
    cache = work / "cache"
    rows: list[tuple[str, float, dict[str, int]]] = []

    def stage(name: str, **options: object) -> None:
        seconds, counts = timed(lambda p: map_articles(paths, config=config, aliases=aliases, progress=p, **options))
        rows.append((name, seconds, counts))

    stage("--jobs 1, no cache")
    with process_pool(args.jobs) as pool:
        list(pool.map(int, range(args.jobs * 4)))  # start the workers: their start is not the stage's
        stage(f"--jobs {args.jobs}, no cache", executor=pool)
        stage(f"--jobs {args.jobs}, cold cache", executor=pool, cache=cache)
        stage(f"--jobs {args.jobs}, warm cache", executor=pool, cache=cache)
        edited = paths[len(paths) // 2]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited for the benchmark.\n", encoding="utf-8")
        stage(f"--jobs {args.jobs}, warm, one article edited", executor=pool, cache=cache)
    stage("--jobs 1, warm cache", cache=cache)
    reference = rows[0][1]
    print(f"{len(paths)} articles, {args.jobs} jobs")
    print(f"{'stage':40} {'seconds':>8} {'ratio':>6}  {'mapped':>6} {'cached':>6}")
    for name, seconds, counts in rows:
        mapped, cached = counts.get("articles mapped", 0), counts.get("articles from the cache", 0)
        print(f"{name:40} {seconds:8.2f} {seconds / reference:6.2f}  {mapped:6} {cached:6}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
