"""The `kg` entry point (:mod:`kg.cli.front`): an ordinary `kg query` answered without importing
click, with the bytes the click command writes, and everything else left to the click command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.front import quick_options, quick_text
from kg.core.defaults import DEFAULT_CACHE, DEFAULT_OUT
from kg.errors import EXIT_BAD_INPUT
from kg.query.catalogue import list_queries

ROOT = Path(__file__).resolve().parent.parent
QUERIES = list_queries()


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("front") / ".kg-cache"


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.name)
def test_the_front_answers_every_stored_query_with_the_bytes_of_the_click_command(q, built, cache):
    fmt = "ntriples" if q.form in ("CONSTRUCT", "DESCRIBE") else "csv"
    args = [q.name, "--graph", str(built), "--cache", str(cache), "--format", fmt]
    assert quick_text(args) is None  # never read: the click command reads it first
    by_click = invoke("query", *args)
    assert by_click.exit_code == 0, by_click.output
    got = quick_text(args)
    assert got is not None, f"{q.name}: a query read once is answered by the front"
    assert got.encode("utf-8") == by_click.stdout_bytes


def test_the_front_gives_an_expressions_answer_as_the_click_command_does(built, tmp_path):
    args = ["-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", str(built), "--cache", str(tmp_path)]
    by_click = invoke("query", *args, "--format", "tsv")
    assert by_click.exit_code == 0, by_click.output
    assert quick_text([*args, "--format=tsv"]) == by_click.stdout_bytes.decode("utf-8")


def test_the_front_reads_the_options_as_the_click_command_does():
    args = ["q", "--graph=g", "-p", "a=1", "--param", "b=x=y", "--cache", "c", "--format", "csv", "--allow-remote"]
    assert quick_options(args) == {
        "query": "q",
        "params": {"a": "1", "b": "x=y"},
        "graph": Path("g"),
        "cache": Path("c"),
        "fmt": "csv",
        "allow_remote": True,
    }
    assert quick_options(["q"]) == {"query": "q", "params": {}, "graph": DEFAULT_OUT, "cache": DEFAULT_CACHE}
    assert quick_options(["-e", "ASK {}", "--engine", "oxigraph"])["expression"] == "ASK {}"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["-h"],
        ["q", "--help"],
        ["q", "--endpoint", "http://127.0.0.1:1/sparql"],
        ["q", "--engine", "rdflib"],
        ["q", "--graph", "a", "--graph", "b"],
        ["q", "-p", "a=1", "-p", "a=2"],
        ["q", "-p", "novalue"],
        ["q", "-p", "=1"],
        ["q", "--graph"],
        ["q", "r"],
        ["q", "-e", "ASK {}"],
        ["q", "--"],
        ["q", "-xyz"],
        ["q", "--allow-remote", "--allow-remote"],
    ],
    ids=repr,
)
def test_the_front_leaves_to_the_click_command_what_it_does_not_read(args):
    assert quick_options(args) is None


def test_the_fronts_options_and_defaults_are_the_click_commands():
    command = main.commands["query"]
    options = {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}
    for opt in ("-e", "--expression", "--graph", "--cache", "--format", "--engine", "-p", "--param", "--allow-remote"):
        assert opt in options, opt
    assert Path(options["--graph"].default) == DEFAULT_OUT
    assert Path(options["--cache"].default) == DEFAULT_CACHE
    assert options["--engine"].default == "oxigraph"
    assert options["--allow-remote"].is_flag


def _run(*args: str, cache: Path, built: Path) -> subprocess.CompletedProcess[bytes]:
    script = (
        "import sys\nfrom kg.cli.front import main\n"
        "try:\n    main(sys.argv[1:])\nfinally:\n    print('click' in sys.modules, 'click loaded', file=sys.stderr)\n"
    )
    command = [sys.executable, "-c", script, "query", *args, "--graph", str(built), "--cache", str(cache)]
    return subprocess.run(command, capture_output=True, cwd=ROOT)


def test_an_ordinary_query_runs_without_importing_click(built, tmp_path):
    args = ("projects-active-in-year", "-p", "year=2021", "--format", "csv")
    first = _run(*args, cache=tmp_path, built=built)  # reads the query: the click command runs
    assert first.returncode == 0 and b"True click loaded" in first.stderr, first.stderr
    second = _run(*args, cache=tmp_path, built=built)
    assert second.returncode == 0 and b"False click loaded" in second.stderr, second.stderr
    assert second.stdout == first.stdout and b"2021" in second.stdout


def test_a_query_the_front_cannot_answer_is_reported_by_the_click_command(built, tmp_path):
    _run("describe-entity", "--format", "ntriples", cache=tmp_path, built=built)
    done = _run("describe-entity", "-p", "nosuch=1", "--format", "ntriples", cache=tmp_path, built=built)
    assert done.returncode == EXIT_BAD_INPUT
    assert b"unknown parameter(s) nosuch" in done.stderr, done.stderr


def test_a_reader_that_goes_away_is_a_quiet_success(built, tmp_path):
    args = ["query", "dataset-statistics", "--graph", str(built), "--cache", str(tmp_path), "--format", "csv"]
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, capture_output=True, cwd=ROOT)
    for _ in range(2):  # the second run is the front's
        child = subprocess.Popen(
            [sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
        )
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        err = child.stderr.read()
        assert child.wait(timeout=60) == 0, err
        assert b"Broken pipe" not in err and b"Error" not in err, err


def test_a_literal_with_a_terminal_escape_comes_back_verbatim_from_the_front_and_the_click_command(built, tmp_path):
    value = "a\x1b[31mb\x1b]0;title\x07c"
    args = ["-e", "SELECT ?x WHERE { BIND(?v AS ?x) }", "-p", f"v={value}", "--graph", str(built)]
    args += ["--cache", str(tmp_path), "--format", "csv"]  # TSV would write the escapes as \\u001B
    by_click = invoke("query", *args)  # not a terminal: click strips escapes unless told not to
    assert by_click.exit_code == 0, by_click.output
    assert by_click.stdout_bytes.decode("utf-8") == f"x\r\n{value}\r\n"
    assert quick_text(args) == by_click.stdout_bytes.decode("utf-8")
