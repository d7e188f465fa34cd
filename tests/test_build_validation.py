"""`kg build` validates before it publishes: violations stop it and leave the output as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SH

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "sources" / "ecsite.txt").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("old", "new", "line", "shape"),
    [
        ("| DOORS | 2021-2023 |", "| DOORS | 2023-2021 |", 35, "ProjectYearsShape"),
        ("| https://makeitopen.eu/ |", "| makeitopen dot eu |", 36, "WebsiteShape"),
    ],
    ids=["end-before-start", "website-not-a-url"],
)
def test_a_broken_article_stops_the_build(tmp_path, old, new, line, shape):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("dataset.toml", "aliases.csv"):
        (sources / name).write_bytes((ROOT / "sources" / name).read_bytes())
    article = sources / "ecsite.txt"
    article.write_text(SEED, encoding="utf-8")
    out = tmp_path / "dist"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--source-dir", str(sources), "--out", str(out)]).exit_code == 0
    before = snapshot(out)

    assert old in SEED
    article.write_text(SEED.replace(old, new), encoding="utf-8")
    result = runner.invoke(main, ["build", "--source-dir", str(sources), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"ecsite.txt:{line}:" in result.output
    assert f"kgsh:{shape}" in result.output
    if shape == "WebsiteShape":  # the mapping's warning, which explains the violation, is shown too
        assert f"warning: {article}:{line}: website 'makeitopen dot eu' is not an absolute http(s) URL" in result.output
    assert snapshot(out) == before  # the previous build is untouched
    report = Graph().parse(tmp_path / "dist.validation.ttl")
    assert (None, SH.conforms, None) in report
    assert any(str(s).endswith(shape) for s in report.objects(None, SH.sourceShape))

    # once the article is mended, the build succeeds and the stale report is gone
    article.write_text(SEED, encoding="utf-8")
    assert runner.invoke(main, ["build", "--source-dir", str(sources), "--out", str(out)]).exit_code == 0
    assert not (tmp_path / "dist.validation.ttl").exists()


def test_validate_command_exit_codes(tmp_path, built):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(built / "graph.ttl"), "--source-dir", str(ROOT / "sources")])
    assert ok.exit_code == 0
    assert "conforms" in ok.output
    broken = tmp_path / "broken.ttl"
    text = (built / "graph.ttl").read_text(encoding="utf-8")
    broken.write_text(text.replace('kgo:startYear "2021"^^xsd:gYear', 'kgo:startYear "2029"^^xsd:gYear', 1))
    bad = runner.invoke(main, ["validate", str(broken), "--format", "turtle"])
    assert bad.exit_code == 1
    assert "sh:Violation" in bad.output
    unreadable = tmp_path / "nonsense.ttl"
    unreadable.write_text("this is not turtle <")
    assert runner.invoke(main, ["validate", str(unreadable)]).exit_code == 2
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.ttl")]).exit_code == 2
