"""Seventeen articles written from Wikipedia articles about other networks (tests/data/wikipedia):
each builds and conforms, alone and with the seed, and its key facts are in the graph through
schema.org terms, with nothing in the wrong place (people or years as projects, markup in literals).

The facts are data (facts.toml); the few kg does not find yet are listed with their reason in
gaps.toml, and a gap that is found fails the test too, so the list stays true.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from kg.publish.knowledge import Inputs, Knowledge, knowledge
from kg.validation.shacl import validate
from tests.wikipedia_facts import FOLDER, facts, found_facts

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(facts())


@cache
def built(name: str) -> Knowledge:
    return knowledge(Inputs(sources=[FOLDER / name], source_dir=ROOT / "sources"))


@cache
def gaps() -> dict[str, dict[str, str]]:
    return tomllib.loads((FOLDER / "gaps.toml").read_text(encoding="utf-8"))["gaps"]


def test_every_article_of_the_folder_has_its_facts():
    assert sorted(p.name for p in FOLDER.glob("*.txt")) == ARTICLES
    assert len(ARTICLES) >= 12
    assert set(gaps()) <= set(ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_the_article_builds_and_conforms(name: str):
    k = built(name)
    report = validate(k.graph, sources=k.sources)
    assert report.conforms, [(r.shape, r.focus, r.message) for r in report.violations]


@pytest.mark.parametrize("name", ARTICLES)
def test_the_article_s_key_facts_are_found_and_its_gaps_are_the_listed_ones(name: str):
    found = found_facts(built(name).graph, name)
    missing = {fact for fact, ok in found.items() if not ok}
    listed = set(gaps().get(name, {}))
    assert missing == listed, (
        f"missing {sorted(missing - listed)}; found although listed as gaps {sorted(listed - missing)}"
    )
    assert len(found) >= 15  # a meaningful number of facts per article


@pytest.mark.parametrize("name", ARTICLES)
def test_no_person_no_year_and_no_place_becomes_a_project(name: str):
    found = found_facts(built(name).graph, name)
    wrong = [fact for fact, ok in found.items() if fact.startswith("not_project:") and not ok]
    assert not wrong
    assert found["no_markup"]


def test_all_articles_together_with_the_seed_conform():
    k = knowledge(
        Inputs(sources=[*(FOLDER / n for n in ARTICLES), ROOT / "sources" / "ecsite.txt"], source_dir=ROOT / "sources")
    )
    assert validate(k.graph, sources=k.sources).conforms


def test_parent_organisations_and_affiliations_are_not_reported_as_connected_to_nothing():
    from kg.core.vocab import KGO

    linked = 0
    for name in ARTICLES:
        k = built(name)
        related = {o for p in (KGO.parentOrganisation, KGO.affiliatedWith) for o in k.graph.objects(None, p)}
        linked += len(related)
        report = validate(k.graph, sources=k.sources)
        lonely = {r.focus for r in report.results if r.shape.endswith("OrganisationConnectedShape")}
        assert not lonely & {str(o) for o in related}, name
    assert linked >= 3  # the articles do name parents and affiliations
