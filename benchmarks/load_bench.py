"""Time `kg load` into real stores. Run by hand:

    .venv/bin/python benchmarks/load_bench.py --articles 100

Starts Oxigraph and Virtuoso on loopback ports (as the tests do), builds the seed and a synthetic
corpus, loads each twice into each store and prints seconds and triple counts.
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

from kg.publish.build import build  # noqa: E402
from kg.publish.knowledge import Inputs  # noqa: E402
from kg.store.client import Store  # noqa: E402
from kg.store.load import load  # noqa: E402
from tests.stores import oxigraph, virtuoso  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        subprocess.run(
            [
                sys.executable,
                str(ROOT.parent / "shared/corpus/generate.py"),
                "--articles",
                str(a.articles),
                "--out",
                str(corpus),
            ],
            check=True,
        )
        builds = {
            "seed": build(Inputs(source_dir=ROOT / "sources"), out=tmp / "seed").out,
            f"corpus of {a.articles}": build(
                Inputs(sources=[corpus], source_dir=ROOT / "sources"), out=tmp / "corpus-dist"
            ).out,
        }
        for starter in (oxigraph, virtuoso):
            (tmp / starter.__name__).mkdir()
            with starter(tmp / starter.__name__) as store:
                for label, dist in builds.items():
                    for attempt in (1, 2):
                        t = time.perf_counter()
                        client = Store(
                            endpoint=store.endpoint,
                            kind=store.kind,
                            user=store.user,
                            password=store.password,
                            timeout=600,
                        )
                        r = load(client, dist)
                        print(
                            f"{store.kind:9} {label:18} load {attempt}: {r.triples:8} triples in "
                            f"{len(r.graphs):4} graphs, {time.perf_counter() - t:6.2f} s",
                            flush=True,
                        )


if __name__ == "__main__":
    main()
