"""The live progress display: drawn on a terminal, never into a log (nor with -q); the summary line always."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from kg.cli import main
from kg.cli.progress import live_progress, showing, summary
from kg.core.progress import SILENT

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"built [\d,]+ triples from [\d,]+ articles? in \d+\.\d s")


def terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=100), buffer


def test_a_build_without_a_terminal_prints_only_the_summary_line_on_stderr(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--source-dir", str(ROOT / "sources"), "--out", str(tmp_path / "dist"), "--no-cache", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert SUMMARY.fullmatch(lines[-1]), lines[-1]
    assert "\x1b[" not in result.stderr  # no terminal codes: no display drawn
    assert not any("reading articles" in line or "validating" in line for line in lines)
    assert result.stdout.startswith("built ") and " source(s) into " in result.stdout.splitlines()[0]


def test_quiet_prints_the_summary_line_only(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "-q", "--source-dir", str(ROOT / "sources"), "--out", str(tmp_path / "d"), "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert [SUMMARY.fullmatch(line) is not None for line in result.stderr.splitlines()] == [True]


def test_the_display_is_off_without_a_terminal_and_with_quiet():
    console, _ = terminal()
    assert showing(quiet=False, console=console)
    assert not showing(quiet=True, console=console)
    assert not showing(quiet=False, console=Console(file=io.StringIO()))
    with live_progress(quiet=False, console=Console(file=io.StringIO())) as progress:
        assert progress is SILENT


def test_on_a_terminal_the_display_shows_each_stage_and_the_counts():
    console, buffer = terminal()
    with live_progress(quiet=False, console=console) as progress:
        progress.stage("reading articles", total=3)
        progress.advance()
        progress.advance(2)
        progress.count("articles from the cache", 1)
        progress.count("triples", 1115300)
        progress.stage("validating")
        progress.stage("writing files", total=2)
        progress.advance(2)
        progress.count("files written", 2)
    drawn = buffer.getvalue()
    assert "\x1b[" in drawn  # drawn as on a terminal
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    for text in ("reading articles", "3/3", "validating", "writing files", "2/2"):
        assert text in plain, text
    assert "triples 1,115,300" in plain
    assert "articles from the cache 1" in plain
    assert "files written 2" in plain


def test_a_quiet_display_draws_nothing_even_on_a_terminal():
    console, buffer = terminal()
    with live_progress(quiet=True, console=console) as progress:
        progress.stage("reading articles", total=1)
        progress.advance()
    assert buffer.getvalue() == ""


def test_the_summary_line_groups_thousands_and_rounds_the_seconds():
    assert (
        summary(triples=1115300, articles=1000, seconds=28.44)
        == "built 1,115,300 triples from 1,000 articles in 28.4 s"
    )
    assert summary(triples=20, articles=1, seconds=0.05) == "built 20 triples from 1 article in 0.1 s"
