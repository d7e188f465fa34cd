"""The cache of mapped articles (``.kg-cache/articles/``): a build with a cold, warm or stale cache
writes the same bytes as one without, and a warm rebuild maps only what changed."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.core.progress import Recorded
from kg.publish.articles import ArticleStage
from kg.publish.build import build
from kg.publish.cache import MAPPED_CONFIG, ArticleCache
from kg.publish.knowledge import Inputs, knowledge
from tests.builds import assert_same_files, files_in

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"


@pytest.fixture
def sources(tmp_path) -> Path:
    """The test articles and the seed article, with the seed's configuration and alias list."""
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in [*sorted(ARTICLES.glob("*.txt")), ROOT / "sources" / "ecsite.txt"]:
        shutil.copy(path, folder / path.name)
    for name in ("dataset.toml", "aliases.csv"):
        shutil.copy(ROOT / "sources" / name, folder / name)
    return folder


def built(sources: Path, out: Path, cache: Path | None = None, base: str | None = None) -> dict[str, int]:
    """Build ``sources`` into ``out``; the counts the per-article stage reported."""
    progress = Recorded()
    inputs = Inputs(source_dir=sources, base=base, article_stage=ArticleStage(cache=cache))
    build(inputs, out=out, progress=progress)
    return progress.counts


def test_cold_and_warm_caches_give_the_bytes_of_a_build_without_one(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "plain")
    cold = built(sources, tmp_path / "cold", cache)
    warm = built(sources, tmp_path / "warm", cache)
    assert (cold["articles mapped"], cold["articles from the cache"]) == (5, 0)
    assert (warm["articles mapped"], warm["articles from the cache"]) == (0, 5)
    assert len(list(ArticleCache(cache).keys())) == 5
    assert_same_files(tmp_path / "plain", tmp_path / "cold")
    assert_same_files(tmp_path / "plain", tmp_path / "warm")


def test_a_warm_rebuild_after_editing_one_article_maps_that_article_only(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    edited = sources / "nordic_festivals.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\n\n", "\n\nA festival season runs every summer.\n\n", 1), encoding="utf-8")
    counts = built(sources, tmp_path / "stale", cache)
    assert (counts["articles mapped"], counts["articles from the cache"]) == (1, 4)
    built(sources, tmp_path / "plain")
    assert_same_files(tmp_path / "plain", tmp_path / "stale")
    assert files_in(tmp_path / "first")["graph.nt"] != files_in(tmp_path / "stale")["graph.nt"]


def test_an_edited_alias_list_maps_every_article_again(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    aliases = sources / "aliases.csv"
    aliases.write_text(
        aliases.read_text(encoding="utf-8") + "Some Museum,Some Museum Foundation,short-name,added by a test\n", "utf-8"
    )
    counts = built(sources, tmp_path / "stale", cache)
    assert (counts["articles mapped"], counts["articles from the cache"]) == (5, 0)
    built(sources, tmp_path / "plain")
    assert_same_files(tmp_path / "plain", tmp_path / "stale")


def test_another_base_iri_maps_every_article_again(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    counts = built(sources, tmp_path / "stale", cache, base="https://data.example.org/kg/")
    assert (counts["articles mapped"], counts["articles from the cache"]) == (5, 0)
    built(sources, tmp_path / "plain", base="https://data.example.org/kg/")
    assert_same_files(tmp_path / "plain", tmp_path / "stale")


def test_one_articles_own_language_maps_that_article_only_again(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    config = sources / "dataset.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[sources."ecsite.txt"]\nlanguage = "fr"\n', "utf-8")
    counts = built(sources, tmp_path / "stale", cache)
    assert (counts["articles mapped"], counts["articles from the cache"]) == (1, 4)
    built(sources, tmp_path / "plain")
    assert_same_files(tmp_path / "plain", tmp_path / "stale")


def test_a_damaged_entry_is_ignored_and_written_anew(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    entries = sorted((cache / "articles").glob("*/*.bin"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short, as by a full disk
    entries[1].write_bytes(b"not an entry at all")
    counts = built(sources, tmp_path / "again", cache)
    assert (counts["articles mapped"], counts["articles from the cache"]) == (2, 3)
    assert_same_files(tmp_path / "first", tmp_path / "again")
    assert built(sources, tmp_path / "third", cache)["articles mapped"] == 0


def test_an_entry_serves_the_same_article_in_another_folder(sources, tmp_path):
    cache = tmp_path / "cache"
    built(sources, tmp_path / "first", cache)
    moved = shutil.copytree(sources, tmp_path / "elsewhere" / "sources")
    counts = built(moved, tmp_path / "moved", cache)
    assert counts["articles from the cache"] == 5
    built(moved, tmp_path / "plain")
    assert_same_files(tmp_path / "plain", tmp_path / "moved")
    # the warnings name the article where it is now, not where it was when cached
    cached = knowledge(Inputs(source_dir=moved, article_stage=ArticleStage(cache=cache))).notices
    assert cached == knowledge(Inputs(source_dir=moved)).notices
    assert any(n.path.parent == moved for n in cached)


def test_a_failed_article_is_not_cached(sources, tmp_path):
    cache = tmp_path / "cache"
    (sources / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "-q",
            "--keep-going",
            "--source-dir",
            str(sources),
            "--out",
            str(tmp_path / "d"),
            "--cache",
            str(cache),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "empty.txt" in result.output
    assert len(list(ArticleCache(cache).keys())) == 5


def test_no_cache_writes_no_cache_and_cache_dir_moves_it(sources, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["build", "-q", "--jobs", "1", "--source-dir", str(sources)]
    assert runner.invoke(main, [*args, "--out", "a", "--no-cache"]).exit_code == 0
    assert not (tmp_path / ".kg-cache").exists()
    assert runner.invoke(main, [*args, "--out", "b", "--cache", "elsewhere"]).exit_code == 0
    assert not (tmp_path / ".kg-cache").exists()
    assert len(list(ArticleCache(tmp_path / "elsewhere").keys())) == 5
    assert runner.invoke(main, [*args, "--out", "c"]).exit_code == 0
    assert len(list(ArticleCache(tmp_path / ".kg-cache").keys())) == 5
    assert_same_files(tmp_path / "a", tmp_path / "c")


def test_writing_an_entry_leaves_no_temporary_file(tmp_path):
    cache = ArticleCache(tmp_path)
    cache.put("ab" * 32, b"packed")
    cache.put("ab" * 32, b"packed again")  # a second build writing the same entry
    assert cache.get("ab" * 32) == b"packed again"
    assert [p.name for p in (tmp_path / "articles").rglob("*") if p.is_file()] == [f"{'ab' * 32}.bin"]
    assert cache.get("cd" * 32) is None


def test_the_mapping_reads_no_configuration_the_cache_key_leaves_out():
    """A field of the configuration that the mapping reads but the key leaves out would let a changed
    configuration reuse stale entries; every ``config.X`` the mapping reads must be in the key."""
    read: set[str] = set()
    for path in (ROOT / "kg" / "mapping").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and re.fullmatch(r"config", _name(node.value)):
                read.add(node.attr)
    assert read, "found no configuration read in the mapping: the check itself is broken"
    assert read - {"for_source"} <= set(MAPPED_CONFIG)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""
