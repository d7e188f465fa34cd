"""What kg serve's query check costs: each stored query sent through `kg serve`'s endpoint (read by
kg's parser, then passed to Oxigraph) and straight to its Oxigraph server (the floor), in turn, in
the same run. Run by hand:

    .venv/bin/python benchmarks/serve_bench.py [--dist DIST] [--rounds 20]

Each round's text is new to kg (a comment numbers it), so the figures include the parse, which
kg otherwise caches for a text it has seen. Prints, per query, the median milliseconds of both and their ratio; then the median ratio. Queries
with parameters run as stored, their parameters unbound.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.publish.build import build  # noqa: E402
from kg.publish.knowledge import Inputs  # noqa: E402
from kg.query.catalogue import list_queries  # noqa: E402
from kg.query.serve import serving  # noqa: E402
from tests.stores import free_port  # noqa: E402

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def ask(url: str, text: str) -> float:
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"query": text}).encode(),
        headers={
            "Accept": "application/sparql-results+json, application/n-triples",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    start = time.perf_counter()
    with _NO_PROXY.open(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", type=Path)
    ap.add_argument("--rounds", type=int, default=20)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dist = a.dist
        if dist is None:
            dist = Path(tmp) / "dist"
            build(Inputs(source_dir=ROOT / "sources"), out=dist)
        texts = {q.name: q.text for q in list_queries()}
        ratios = []
        with serving(dist=dist, port=free_port()) as server:
            print(f"{'query':36} {'kg serve ms':>12} {'oxigraph ms':>12} {'ratio':>7}")
            for name, text in sorted(texts.items()):
                front, floor = [], []
                for n in range(a.rounds):
                    unique = f"{text}\n# round {n}\n"  # not one kg has parsed (and cached) before
                    front.append(ask(server.query_url, unique))
                    floor.append(ask(f"{server.sparql_url}/query", unique))
                f, o = statistics.median(front), statistics.median(floor)
                ratios.append(f / o)
                print(f"{name:36} {f * 1000:12.2f} {o * 1000:12.2f} {f / o:7.2f}")
        print(f"median ratio over {len(ratios)} queries: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
