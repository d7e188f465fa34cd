"""A rebuild into the same folder keeps the site's unchanged entity files (hard links to the site it
replaces) and renders the rest: always the bytes of a build from scratch, whatever the record says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.core.progress import Recorded
from kg.publish.articles import ArticleStage
from kg.publish.build import build
from kg.publish.knowledge import Inputs
from kg.site.reuse import record_path
from tests.builds import assert_same_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
KEPT = "entity pages kept"


def _sources(folder: Path) -> Path:
    """The seed and one test article, with the seed's configuration and alias list."""
    folder.mkdir()
    for path in [ARTICLES / "nordic_festivals.txt", ROOT / "sources" / "ecsite.txt"]:
        shutil.copy(path, folder / path.name)
    for name in ("dataset.toml", "aliases.csv"):
        shutil.copy(ROOT / "sources" / name, folder / name)
    return folder


@pytest.fixture
def sources(tmp_path) -> Path:
    return _sources(tmp_path / "sources")


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> Path:
    """A build of the unedited sources without a cache: the bytes every warm build must write."""
    folder = tmp_path_factory.mktemp("cold")
    built(_sources(folder / "sources"), folder / "dist", None)
    return folder / "dist"


def built(sources: Path, out: Path, cache: Path | None) -> dict[str, int]:
    progress = Recorded()
    build(Inputs(source_dir=sources, article_stage=ArticleStage(cache=cache)), out=out, progress=progress)
    return progress.counts


def pages(out: Path) -> dict[str, int]:
    """Each entity page's inode: the same inode after a rebuild means the file was kept, not written."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in (out / "site").rglob("*.html")}


def test_an_unchanged_rebuild_keeps_every_entity_page_and_writes_the_same_bytes(sources, tmp_path, cold):
    out, cache = tmp_path / "dist", tmp_path / "cache"
    first = built(sources, out, cache)
    before = pages(out)
    again = built(sources, out, cache)
    assert first[KEPT] == 0
    assert again[KEPT] > 100
    assert sum(before[p] == ino for p, ino in pages(out).items()) >= again[KEPT]
    assert_same_files(cold, out)


def test_an_edit_renders_the_edited_entities_and_their_neighbours_as_a_cold_build_does(sources, tmp_path):
    out, cache = tmp_path / "dist", tmp_path / "cache"
    built(sources, out, cache)
    every = built(sources, out, cache)[KEPT]  # nothing changed: every page but the networks' is kept
    edited = sources / "nordic_festivals.txt"
    text = edited.read_text(encoding="utf-8")
    assert "Holmqvist" in text
    edited.write_text(text.replace("Holmqvist", "Holmquist"), encoding="utf-8")  # a name others link to
    counts = built(sources, out, cache)
    assert 0 < counts[KEPT] < every - 1  # the person's page and the pages that name the person
    built(sources, tmp_path / "cold", None)
    assert_same_files(tmp_path / "cold", out)


def test_a_published_page_changed_since_is_rendered_again(sources, tmp_path, cold):
    out, cache = tmp_path / "dist", tmp_path / "cache"
    built(sources, out, cache)
    page = next(p for p in sorted((out / "site" / "organisation").glob("*.html")))
    page.write_text("edited by hand\n", encoding="utf-8")
    built(sources, out, cache)
    assert_same_files(cold, out)


def test_a_damaged_or_foreign_record_is_ignored(sources, tmp_path, cold):
    out, cache = tmp_path / "dist", tmp_path / "cache"
    built(sources, out, cache)
    record = record_path(cache, out / "site")
    assert record.is_file()
    for damage in ("{not json", json.dumps({"format": 1, "salt": "other", "entries": {}}), json.dumps([1])):
        record.write_text(damage, encoding="utf-8")
        assert built(sources, out, cache)[KEPT] == 0
        assert_same_files(cold, out)


def test_a_new_dataset_version_renders_every_page_again(sources, tmp_path):
    out, cache = tmp_path / "dist", tmp_path / "cache"
    built(sources, out, cache)
    config = sources / "dataset.toml"
    text = config.read_text(encoding="utf-8")
    assert "version" in text
    config.write_text(text.replace('version = "', 'version = "9.', 1), encoding="utf-8")  # in every page's footer
    assert built(sources, out, cache)[KEPT] == 0
    built(sources, tmp_path / "cold", None)
    assert_same_files(tmp_path / "cold", out)


def test_no_cache_keeps_nothing_and_writes_no_record(sources, tmp_path):
    out = tmp_path / "dist"
    built(sources, out, None)
    assert built(sources, out, None)[KEPT] == 0
    assert not (tmp_path / "cache").exists()
