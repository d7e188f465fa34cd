"""`kg query` on the build's cached Oxigraph store: the default engine, the quick path that runs a
query read once without rdflib, and the cache that is never stale and always safe to delete.
Every output is compared with the rdflib engine's, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT, ParameterError
from kg.query import cache as cache_module
from kg.query.ask import ask, quick
from kg.query.cache import store_folder
from kg.query.catalogue import list_queries
from kg.query.params import to_term
from kg.query.results import format_result
from kg.query.terms import PARAM_TYPES, quick_term
from kg.rdf.oxterms import to_oxigraph
from tests.test_adhoc_params import HOSTILE

ROOT = Path(__file__).resolve().parent.parent
QUERIES = list_queries()
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def dist(built, tmp_path_factory) -> Path:
    """A copy of the build, so that tests may change it."""
    copy = tmp_path_factory.mktemp("local") / "dist"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache") / ".kg-cache"


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.name)
def test_every_stored_query_gives_the_same_bytes_on_the_quick_path_the_full_path_and_rdflib(q, dist, cache):
    formats = SELECT_FORMATS if q.form in ("SELECT", "ASK") else ("ntriples", "nquads")
    full = ask(query=q.name, graph=dist, cache=cache)
    by_rdflib = ask(query=q.name, graph=dist, engine="rdflib")
    for fmt in formats:
        want = format_result(by_rdflib.result, fmt=fmt, prefixes=by_rdflib.prefixes)
        assert format_result(full.result, fmt=fmt, prefixes=full.prefixes) == want, (q.name, fmt)
        got = quick(query=q.name, graph=dist, cache=cache, fmt=fmt)
        assert got is not None, f"{q.name} ({fmt}): the second run must take the quick path"
        assert got == want, (q.name, fmt)
    assert len(full.result) > 0 or q.name in ("curation-gaps",), f"{q.name}: the comparison must see an answer"


def test_a_query_never_read_takes_the_full_path_and_is_quick_the_next_time(dist, tmp_path):
    cache = tmp_path / "cache"
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert quick(expression=text, graph=dist, cache=cache, fmt="csv") is None
    first = invoke("query", "-e", text, "--graph", str(dist), "--cache", str(cache), "--format", "csv")
    assert first.exit_code == 0, first.output
    assert quick(expression=text, graph=dist, cache=cache, fmt="csv") == first.stdout_bytes.decode("utf-8")
    # the default graph is the union of the build's graphs, as graph.nt has it (one distinct triple a line)
    assert int(first.stdout.split()[1]) == len((dist / "graph.nt").read_bytes().splitlines())


def test_the_quick_path_loads_no_rdflib(dist, tmp_path):
    cache = tmp_path / "cache"
    args = ["query", "projects-active-in-year", "--graph", str(dist), "--cache", str(cache), "-p", "year=2021"]
    assert invoke(*args).exit_code == 0  # reads the query and makes the store
    script = (
        "import sys\nfrom kg.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('rdflib' in sys.modules, 'rdflib loaded', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, cwd=ROOT, check=True)
    assert b"False rdflib loaded" in done.stderr, done.stderr
    assert done.stdout == invoke(*args, "--engine", "rdflib").stdout_bytes
    assert b"2021" in done.stdout


def test_a_changed_file_gets_a_new_store_and_a_deleted_cache_is_made_again(dist, tmp_path):
    data = tmp_path / "dist"
    shutil.copytree(dist, data)
    cache = tmp_path / "cache"
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = invoke("query", "-e", text, "--graph", str(data), "--cache", str(cache))
    old = store_folder(data / "graph.nq", cache=cache)
    with (data / "graph.nq").open("a", encoding="utf-8") as f:
        f.write('<https://example.org/new> <https://example.org/p> "v" <https://example.org/g> .\n')
    after = invoke("query", "-e", text, "--graph", str(data), "--cache", str(cache))
    assert int(after.stdout.split()[1]) == int(before.stdout.split()[1]) + 1
    assert store_folder(data / "graph.nq", cache=cache) != old
    shutil.rmtree(cache)
    again = invoke("query", "-e", text, "--graph", str(data), "--cache", str(cache))
    assert again.exit_code == 0 and again.stdout == after.stdout


def test_an_unchanged_file_is_not_hashed_again(dist, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = cache_module.file_sha256(dist / "graph.nq", cache=cache)

    def no_rehash(path: Path) -> str:
        raise AssertionError(f"{path} hashed again")

    monkeypatch.setattr(cache_module, "_hash_file", no_rehash)
    assert cache_module.file_sha256(dist / "graph.nq", cache=cache) == first
    os.utime(dist / "graph.nq")  # a new mtime: hashed again
    with pytest.raises(AssertionError, match="hashed again"):
        cache_module.file_sha256(dist / "graph.nq", cache=cache)


def test_concurrent_first_queries_each_end_with_the_one_complete_store(dist, tmp_path):
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "kg", "query", "dataset-statistics", "--graph", str(dist), "--cache", str(cache)]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], [e.decode() for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count(b"\n") > 3
    assert [p.name for p in (cache / "stores").iterdir()] == [store_folder(dist / "graph.nq", cache=cache).name]


def test_a_cache_that_cannot_be_made_is_a_clear_error(dist, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = invoke("query", "dataset-statistics", "--graph", str(dist), "--cache", str(blocker / "cache"))
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "--cache" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_comes_back_verbatim_on_both_engines_and_the_quick_path(value, dist, cache):
    text = "SELECT ?x WHERE { BIND(?name AS ?x) }"
    outputs = []
    for engine in ("oxigraph", "oxigraph", "rdflib"):  # the second oxigraph run takes the quick path
        result = invoke(
            "query", "-e", text, "-p", f"name={value}", "--graph", str(dist), "--cache", str(cache),
            "--engine", engine, "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert json.loads(outputs[0])["results"]["bindings"] == [{"x": {"type": "literal", "value": value}}]
    assert outputs[0] == outputs[1] == outputs[2]
    assert quick(expression=text, params={"name": value}, graph=dist, cache=cache, fmt="json") == outputs[0]


_VALUES = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"https?://[a-z]{1,8}\.org/[A-Za-z0-9_~%#?/=.-]{0,20}", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{1,20}", fullmatch=True),
    st.from_regex(r"[^@]{0,10}@[A-Za-z]{1,9}(-[A-Za-z0-9]{1,9})?", fullmatch=True),
)


@given(type_=st.sampled_from(sorted(PARAM_TYPES)), value=_VALUES)
def test_the_quick_term_of_a_value_is_the_term_the_full_check_gives(type_, value):
    quick_value = quick_term(type_, value)
    try:
        full = to_oxigraph(to_term(type_, value, name="v"))
    except (ParameterError, ValueError):  # ValueError: a term rdflib takes and pyoxigraph does not
        assert quick_value is None
        return
    assert quick_value is None or quick_value == full


@pytest.mark.parametrize("q", [q for q in QUERIES if q.form in ("CONSTRUCT", "DESCRIBE")], ids=lambda q: q.name)
def test_a_graph_as_json_ld_is_the_graph_as_n_triples_on_both_engines(q, dist, cache):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    outputs = {}
    for engine in ("oxigraph", "rdflib"):
        for fmt in ("jsonld", "ntriples"):
            args = ("query", q.name, "--graph", str(dist), "--cache", str(cache), "--engine", engine, "--format", fmt)
            result = invoke(*args)
            assert result.exit_code == 0, result.output
            outputs[engine, fmt] = result.stdout
    assert outputs["oxigraph", "jsonld"] == outputs["rdflib", "jsonld"]
    document = json.loads(outputs["oxigraph", "jsonld"])
    assert isinstance(document["@context"], dict), "the context is inline: the answer stands alone"
    from_jsonld = Graph().parse(data=outputs["oxigraph", "jsonld"], format="json-ld")
    from_ntriples = Graph().parse(data=outputs["oxigraph", "ntriples"], format="nt")
    assert len(from_ntriples) > 0 and isomorphic(from_jsonld, from_ntriples)


def test_a_format_that_does_not_fit_the_answer_is_exit_2_naming_the_ones_that_do(dist, cache):
    rows = invoke("query", "dataset-statistics", "--graph", str(dist), "--cache", str(cache), "--format", "jsonld")
    assert rows.exit_code == EXIT_BAD_INPUT and "table, csv, tsv, json, xml" in rows.stderr
    graph = invoke("query", "describe-entity", "--graph", str(dist), "--cache", str(cache), "--format", "csv")
    assert graph.exit_code == EXIT_BAD_INPUT and "turtle, ntriples, nquads, jsonld" in graph.stderr
    unknown = invoke("query", "dataset-statistics", "--graph", str(dist), "--cache", str(cache), "--format", "yaml")
    assert unknown.exit_code == EXIT_BAD_INPUT and "unknown output format 'yaml'" in unknown.stderr
