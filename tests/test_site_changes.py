"""The release notes on the site: with a previous release, ``changes.html`` lists what changed and the
home page links to it; without one there is no such page."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.publish.build import build
from kg.publish.knowledge import Inputs
from tests.releases import build_variant, sources, without_doors
from tests.test_site import Page


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    return build_variant(tmp_path_factory.mktemp("previous"))


@pytest.fixture(scope="module")
def released(tmp_path_factory, previous) -> Path:
    """Release 0.2.0 without the DOORS project, built with the previous release beside it."""
    tmp = tmp_path_factory.mktemp("release")
    build(
        Inputs(source_dir=sources(tmp / "src", edit=without_doors, version="0.2.0")),
        out=tmp / "dist",
        previous=previous,
    )
    return tmp / "dist"


def test_a_release_has_a_changes_page_linked_from_the_home_page(released):
    site = released / "site"
    home = Page((site / "index.html").read_text(encoding="utf-8"))
    assert "changes.html" in home.links
    assert "changes since release 0.1.0" in home.text
    changes = Page((site / "changes.html").read_text(encoding="utf-8"))
    assert "Changes since release 0.1.0" in changes.text
    assert "removed DOORS" in changes.text  # the project the release dropped, by name
    assert "Project 8 before, 7 after; 1 removed" in changes.text
    assert "../changes.ttl" in changes.links
    assert (released / "changes.ttl").is_file()


def test_a_build_without_a_previous_release_has_no_changes_page(previous):
    assert not (previous / "site" / "changes.html").exists()
    assert "changes.html" not in Page((previous / "site" / "index.html").read_text(encoding="utf-8")).links
