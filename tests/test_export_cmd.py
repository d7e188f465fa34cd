"""`kg export` validates like `kg build` and writes a file that stands alone; unexpected errors exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.cli.support import errors as _errors
from kg.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATIONS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED = (SOURCES / "ecsite.txt").read_text(encoding="utf-8")


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def broken_sources(tmp_path: Path) -> Path:
    """The seed with a project that ends before it starts: a SHACL violation at line 35."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("dataset.toml", "aliases.csv"):
        shutil.copy(SOURCES / name, sources / name)
    assert "| DOORS | 2021-2023 |" in SEED
    (sources / "ecsite.txt").write_text(
        SEED.replace("| DOORS | 2021-2023 |", "| DOORS | 2023-2021 |"), encoding="utf-8"
    )
    return sources


# -- kg export -----------------------------------------------------------------------------------------


def test_exported_jsonld_stands_alone(tmp_path):
    """The context is inline: the file parses back, alone in its folder, to the Turtle export's graph."""
    out = tmp_path / "export" / "g.jsonld"
    out.parent.mkdir()
    result = invoke("export", "--source-dir", str(SOURCES), "--format", "jsonld", "--out", str(out))
    assert result.exit_code == EXIT_OK, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["g.jsonld"]  # no context.jsonld written
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(out, alone / "graph.jsonld")

    turtle = invoke("export", "--source-dir", str(SOURCES), "--format", "turtle", "-q")
    assert turtle.exit_code == EXIT_OK
    want = Graph().parse(data=turtle.stdout_bytes, format="turtle")
    assert len(want) > 1000
    got = Graph().parse(alone / "graph.jsonld", format="json-ld")
    assert isomorphic(got, want)

    # and kg's own reader, which fetches nothing, takes it as it is
    check = invoke("validate", str(alone / "graph.jsonld"), "--source-dir", str(SOURCES))
    assert check.exit_code == EXIT_OK, check.output


def test_export_is_deterministic_and_build_keeps_the_context_file(tmp_path, built):
    first = invoke("export", "--source-dir", str(SOURCES), "--format", "jsonld", "-q")
    second = invoke("export", "--source-dir", str(SOURCES), "--format", "jsonld", "-q")
    assert first.stdout_bytes == second.stdout_bytes
    assert b'"@context": {' in first.stdout_bytes
    assert (built / "graph.jsonld").read_text(encoding="utf-8").startswith('{\n "@context": "context.jsonld"')


def test_export_prints_notices_and_warnings_on_stderr(tmp_path):
    result = invoke("export", "--source-dir", str(SOURCES), "--format", "ntriples")
    assert result.exit_code == EXIT_OK
    assert "Warnings (2)" in result.stderr and "kgsh:ProjectWebsiteShape" in result.stderr
    lines = result.stdout.splitlines()
    assert lines == sorted(lines) and all(line.endswith(" .") for line in lines)  # stdout is only the data
    quiet = invoke("export", "--source-dir", str(SOURCES), "--format", "ntriples", "--quiet")
    assert quiet.stderr == ""
    assert quiet.stdout == result.stdout


def test_export_notices_reach_stderr(tmp_path):
    """A key the mapping does not know is a build notice; export says so too."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("dataset.toml", "aliases.csv"):
        shutil.copy(SOURCES / name, sources / name)
    assert "- Location City: Brussels" in SEED
    text = SEED.replace("- Location City: Brussels", "- Location City: Brussels\n- Favourite Colour: Blue", 1)
    (sources / "ecsite.txt").write_text(text, encoding="utf-8")
    build = CliRunner().invoke(main, ["build", "--source-dir", str(sources), "--out", str(tmp_path / "dist")])
    build_notices = [line for line in build.stderr.splitlines() if line.startswith("warning: ")]
    assert any("Favourite Colour" in line for line in build_notices), build.stderr
    result = invoke("export", "--source-dir", str(sources), "--out", str(tmp_path / "g.ttl"))
    assert result.exit_code == EXIT_OK
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: ")] == build_notices


@pytest.mark.parametrize("to_file", [True, False], ids=["out", "stdout"])
def test_export_with_violations_writes_nothing(tmp_path, to_file):
    sources = broken_sources(tmp_path)
    out = tmp_path / "graph.ttl"
    args = ["export", "--source-dir", str(sources)] + (["--out", str(out)] if to_file else [])
    result = invoke(*args)
    assert result.exit_code == EXIT_VIOLATIONS, result.output
    assert "ecsite.txt:35:" in result.stderr and "kgsh:ProjectYearsShape" in result.stderr
    assert "nothing was written" in result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]  # no report file either


# -- unexpected errors ---------------------------------------------------------------------------------


@click.group()
@click.option("--debug", is_flag=True)
def probe(debug: bool) -> None:
    """A group shaped like `kg`'s (a --debug option), for a command that fails unexpectedly."""


@probe.command()
@_errors
def fail() -> None:
    raise RuntimeError("the index went missing")


def test_an_internal_error_has_its_own_exit_code_and_message():
    result = CliRunner().invoke(probe, ["fail"], env={"KG_DEBUG": None})
    assert result.exit_code == EXIT_INTERNAL == 3
    assert result.stderr == "internal error: RuntimeError: the index went missing (please report this)\n"
    assert result.stdout == ""
    assert EXIT_INTERNAL not in (EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT)


@pytest.mark.parametrize(
    ("args", "env"), [(["--debug", "fail"], {"KG_DEBUG": None}), (["fail"], {"KG_DEBUG": "1"})], ids=["option", "env"]
)
def test_debug_shows_the_traceback(args, env):
    result = CliRunner().invoke(probe, args, env=env)
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("the index went missing")' in result.stderr
    assert result.stderr.endswith("internal error: RuntimeError: the index went missing (please report this)\n")


def test_the_wrapper_without_a_click_context():
    """Called as a plain function (no click context), only the environment can ask for the traceback."""
    wrapped = _errors(lambda: 1 / 0)
    with pytest.raises(SystemExit) as info:
        wrapped()
    assert info.value.code == EXIT_INTERNAL


def test_usage_errors_inside_a_command_stay_exit_2(built):
    """click's own errors raised inside a wrapped command are not internal errors."""
    result = invoke("query", "dataset-statistics", "-p", "no-equals-sign", "--graph", str(built))
    assert result.exit_code == EXIT_BAD_INPUT
    assert "expected NAME=VALUE" in result.stderr
    assert "internal error" not in result.output


def test_debug_is_a_harmless_option_of_kg():
    result = invoke("--debug", "queries")
    assert result.exit_code == EXIT_OK
    assert "projects-active-in-year" in result.stdout
    assert "3 internal error (a bug)" in " ".join(invoke("--help").stdout.split())
