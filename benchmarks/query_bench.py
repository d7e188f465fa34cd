#!/usr/bin/env python3
"""Time every stored query: `kg query NAME` (default engine) against bare pyoxigraph on the same
store, as whole processes, medians of --runs after one warm-up run. Run by hand:

    .venv/bin/python benchmarks/query_bench.py --dist /tmp/q-dist1000       # an existing build
    .venv/bin/python benchmarks/query_bench.py --articles 100               # generate and build first

"bare" is a Python process that imports pyoxigraph, opens the build's cached store read-only
(the one `kg query` made, under --cache) and runs the same text (the query with its defaults
bound, as kg binds them), writing its rows as CSV; "kg" is the `kg` command writing CSV. The
ratio kg / bare is what issue 12 asks to keep within 2. Both run on the same store in the same
run, so the ratio does not depend on how fast the machine is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query.cache import data_file, store_folder  # noqa: E402
from kg.query.catalogue import list_queries  # noqa: E402
from kg.query.params import bind_parameters, bind_text  # noqa: E402
from kg.query.sparql import parse_sparql  # noqa: E402
from kg.rdf.oxterms import to_oxigraph  # noqa: E402

GENERATOR = Path("/work/shared/corpus/generate.py")
KG = Path(sys.executable).parent / "kg"
BARE = """\
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
result = store.query(text, substitutions={ox.Variable(k): v for k, v in SUBSTITUTIONS.items()} or None)
if isinstance(result, ox.QueryBoolean):
    sys.stdout.write(str(bool(result)) + "\\n")
elif isinstance(result, ox.QuerySolutions):
    sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
else:
    sys.stdout.buffer.write(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
"""


#: Python may keep compiled modules (as an installed kg has them): PYTHONDONTWRITEBYTECODE would
#: make every run compile kg's modules again, which is not what a user's run costs.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=ENV)  # the warm-up (first) run
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_script(name: str, text: str, defaults: dict[str, str], folder: Path) -> tuple[Path, Path]:
    """The query's text and a script that runs it, its defaults bound as kg binds them."""
    parsed = parse_sparql(text, source=name)
    from kg.query.catalogue import find_query

    bound = bind_parameters(find_query(name).params, defaults, query=name)
    projected = set(parsed.projection) if parsed.form == "SELECT" else set()
    query = folder / f"{name}.rq"
    query.write_text(bind_text(text, {k: v for k, v in bound.items() if k not in projected}), encoding="utf-8")
    subs = {k: to_oxigraph(v) for k, v in bound.items() if k in projected}
    literal = "{" + ", ".join(f"{k!r}: ox.{type(v).__name__}({_args(v)})" for k, v in subs.items()) + "}"
    script = folder / f"{name}.py"
    script.write_text(BARE.replace("SUBSTITUTIONS", literal))
    return query, script


def _args(term) -> str:
    if hasattr(term, "datatype") and term.language:
        return f"{term.value!r}, language={term.language!r}"
    if hasattr(term, "datatype"):
        return f"{term.value!r}, datatype=ox.NamedNode({term.datatype.value!r})"
    return repr(term.value)


def build(articles: int, work: Path) -> Path:
    sources, dist = work / f"src{articles}", work / f"dist{articles}"
    subprocess.run([sys.executable, str(GENERATOR), "--articles", str(articles), "--out", str(sources)], check=True)
    subprocess.run([str(KG), "build", "--source-dir", str(sources), "--out", str(dist), "-q"], check=True)
    return dist


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, help="An existing build folder.")
    parser.add_argument("--articles", type=int, default=100, help="Without --dist: generate and build this many.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="The cache folder (default: a temporary one).")
    parser.add_argument("--only", nargs="*", help="Only these queries.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-query-bench-"))
    dist = (args.dist or build(args.articles, work)).resolve()
    cache = (args.cache or work / "cache").resolve()
    env_note = f"{os.cpu_count()} cores"
    started = time.perf_counter()
    subprocess.run(
        [str(KG), "query", "dataset-statistics", "--graph", str(dist), "--cache", str(cache)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"{dist}: store made (or found) in {time.perf_counter() - started:.1f} s; {env_note}; median of {args.runs} runs after a warm-up"
    )
    store = store_folder(data_file(dist), cache=cache)
    print(f"{'query':36} {'kg (s)':>8} {'bare (s)':>9} {'ratio':>6}")
    ratios = []
    for q in list_queries():
        if args.only and q.name not in args.only:
            continue
        query, script = bare_script(q.name, q.text, q.defaults, work)
        fmt = "ntriples" if q.form in ("CONSTRUCT", "DESCRIBE") else "csv"
        command = [str(KG), "query", q.name, "--graph", str(dist), "--cache", str(cache), "--format", fmt]
        kg = median_seconds(command, args.runs, work)
        bare = median_seconds([sys.executable, str(script), str(store), str(query)], args.runs, work)
        ratios.append(kg / bare)
        print(f"{q.name:36} {kg:8.3f} {bare:9.3f} {kg / bare:6.2f}", flush=True)
    print(f"ratio kg / bare: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}")


if __name__ == "__main__":
    main()
