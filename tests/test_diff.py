"""`kg diff OLD NEW`: what changed between two builds, entity by entity, on variants of the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.errors import EXIT_DIFFERENT, EXIT_OK
from kg.release import diff_releases
from kg.release.changeset import CS
from tests.releases import (
    ARTICLES,
    COPERNICUS_RENAMED,
    ID,
    KGO,
    MAKE_IT_OPEN_SITE,
    WILD,
    build_variant,
    new_make_it_open_site,
    without_doors,
)

DOORS = ID + "project/doors_2021_2023"
MAKE_IT_OPEN = ID + "project/make-it-open_2020_2023"
COPERNICUS = ID + "organisation/copernicus-science-centre"
NETWORK = ID + "organisation/european-network-of-science-centres-and-museums"


def run(*args: object):
    return CliRunner().invoke(main, ["diff", *(str(a) for a in args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return build_variant(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> dict[str, Path]:
    """The seed built with one change each, into folders of their own."""
    options = {
        "same": {},
        "no-doors": {"edit": without_doors},
        "website": {"edit": new_make_it_open_site},
        "renamed": {"aliases": [COPERNICUS_RENAMED]},
    }
    return {name: build_variant(tmp_path_factory.mktemp(name), **opts) for name, opts in options.items()}


def entities(old: Path, new: Path) -> dict[str, dict]:
    summary = json.loads(diff_releases(old=old, new=new, fmt="json").output)
    return {e["iri"]: e for e in summary["entities"]}


def values(entity: dict, side: str) -> set[tuple[str, str]]:
    return {(v["property_label"], v["text"]) for v in entity[side]}


# -- what is reported ------------------------------------------------------------------------------


def test_two_builds_of_the_same_sources_have_no_differences_and_exit_0(seed, variants):
    result = run(seed, variants["same"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.output.endswith("no differences\n")
    assert json.loads(run(seed, variants["same"], "--format", "json").output)["entities"] == []
    changes = Graph().parse(data=run(seed, variants["same"], "--format", "turtle").output, format="turtle")
    assert not list(changes.subjects(RDF.type, CS.ChangeSet))


def test_a_changed_website_is_the_one_project_changed_with_its_old_and_new_value(seed, variants):
    result = run(seed, variants["website"])
    assert result.exit_code == EXIT_DIFFERENT
    found = entities(seed, variants["website"])
    assert list(found) == [MAKE_IT_OPEN]
    (project,) = found.values()
    assert (project["change"], project["class_label"], project["label"]) == ("changed", "Project", "Make it Open")
    assert values(project, "removed") == {
        ("website", f"<{MAKE_IT_OPEN_SITE}>"),
        ("schema:url", f"<{MAKE_IT_OPEN_SITE}>"),
    }
    new = "<https://www.makeitopen.eu/>"
    assert values(project, "added") == {("website", new), ("schema:url", new)}
    assert f"      - website: <{MAKE_IT_OPEN_SITE}>\n      + schema:url: {new}\n" in result.output


def test_a_removed_project_row_removes_the_project_and_the_partners_only_it_had(seed, variants):
    found = entities(seed, variants["no-doors"])
    removed = {iri for iri, e in found.items() if e["change"] == "removed"}
    assert removed == {
        DOORS,
        ID + "organisation/ars-electronica-linz-gmbh-and-co-kg",
        ID + "organisation/museum-booster-gmbh",
    }
    assert found[NETWORK]["change"] == "changed"
    assert ("involved in", "project:doors_2021_2023") in values(found[NETWORK], "removed")
    # the rows below it moved up a line: their entities changed provenance only, and say so
    moved = [e for e in found.values() if e["change"] == "moved"]
    assert moved and all(
        {v["property_label"] for v in e["added"] + e["removed"]} == {"prov:wasDerivedFrom"} for e in moved
    )
    output = run(seed, variants["no-doors"]).output
    assert '  - project:doors_2021_2023 "DOORS"\n' in output
    assert "Project (kgo:Project): 8 before, 7 after; 1 removed" in output


def test_an_organisation_renamed_through_the_alias_list_is_one_rename_not_a_removal_and_an_addition(seed, variants):
    found = entities(seed, variants["renamed"])
    renamed = found[COPERNICUS + "-warsaw"]
    assert renamed["change"] == "renamed"
    assert renamed["previous"] == COPERNICUS and COPERNICUS not in found
    assert values(renamed, "removed") == {
        ("schema:name", '"Copernicus Science Centre"'),
        ("rdfs:label", '"Copernicus Science Centre"'),
    }
    assert ("schema:alternateName", '"Copernicus Science Centre"') in values(renamed, "added")
    # the project it takes part in now names it by its new IRI
    assert found[MAKE_IT_OPEN]["change"] == "changed"
    assert ("participant", "organisation:copernicus-science-centre-warsaw") in values(found[MAKE_IT_OPEN], "added")
    summary = json.loads(diff_releases(old=seed, new=variants["renamed"], fmt="json").output)
    assert summary["totals"] == {"added": 0, "removed": 0, "renamed": 1, "changed": 1, "moved": 0}
    assert "(renamed from organisation:copernicus-science-centre)" in run(seed, variants["renamed"]).output


def test_an_added_article_adds_its_network_source_and_partners(tmp_path):
    old = build_variant(tmp_path / "old", articles=sorted(ARTICLES.glob("*.txt")))
    new = build_variant(tmp_path / "new", articles=[*sorted(ARTICLES.glob("*.txt")), WILD / "icom.txt"])
    summary = json.loads(diff_releases(old=old, new=new, fmt="json").output)
    assert summary["totals"]["added"] > 10
    assert summary["totals"] | {"added": 0} == {"added": 0, "removed": 0, "renamed": 0, "changed": 0, "moved": 0}
    found = {e["iri"]: e for e in summary["entities"]}
    assert (found[ID + "source/icom.txt"]["change"], found[ID + "source/icom.txt"]["class_label"]) == (
        "added",
        "Source document",
    )
    networks = [e["label"] for e in summary["entities"] if e["class_iri"] == KGO + "Network"]
    assert networks == ["International Council of Museums"]


def test_every_class_count_adds_up_when_an_organisation_becomes_a_network(tmp_path):
    """The new article is about an organisation another article names as a partner: it is now a network."""
    old = build_variant(tmp_path / "old", articles=sorted(ARTICLES.glob("*.txt")))
    new = build_variant(tmp_path / "new", articles=[*sorted(ARTICLES.glob("*.txt")), WILD / "eusea.txt"])
    summary = json.loads(diff_releases(old=old, new=new, fmt="json").output)
    (eusea,) = [e for e in summary["entities"] if e["label"] == "European Science Engagement Association"]
    assert (eusea["change"], eusea["class_iri"], eusea["previous_class_iri"]) == (
        "changed",
        KGO + "Network",
        KGO + "Organisation",
    )
    for c in summary["classes"]:
        joined = sum(1 for e in summary["entities"] if e["class_iri"] == c["iri"] and e["previous_class_iri"])
        left = sum(1 for e in summary["entities"] if e["previous_class_iri"] == c["iri"])
        assert c["after"] == c["before"] + c["added"] - c["removed"] + joined - left, c


# -- the change set in RDF -------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["no-doors", "website", "renamed"])
def test_applying_the_change_set_to_the_old_graph_gives_the_new_one(seed, variants, variant):
    old = Graph().parse(seed / "graph.nt", format="nt")
    new = Graph().parse(variants[variant] / "graph.nt", format="nt")
    changes = Graph().parse(data=run(seed, variants[variant], "--format", "turtle").output, format="turtle")

    def statements(link: URIRef) -> set:
        return {
            (changes.value(st, RDF.subject), changes.value(st, RDF.predicate), changes.value(st, RDF.object))
            for st in changes.objects(None, link)
        }

    additions, removals = statements(CS.addition), statements(CS.removal)
    assert additions and removals
    assert removals <= set(old) and not additions & set(old)
    assert set(old) - removals | additions == set(new)


def test_a_change_set_names_its_subject_and_has_no_blank_nodes(seed, variants):
    changes = Graph().parse(data=run(seed, variants["renamed"], "--format", "turtle").output, format="turtle")
    subjects = {changes.value(cs, CS.subjectOfChange) for cs in changes.subjects(RDF.type, CS.ChangeSet)}
    assert URIRef(COPERNICUS) in subjects and URIRef(COPERNICUS + "-warsaw") in subjects
    assert (
        URIRef(COPERNICUS + "-warsaw"),
        URIRef("http://www.w3.org/ns/prov#wasRevisionOf"),
        URIRef(COPERNICUS),
    ) in changes
    assert not [t for triple in changes for t in triple if isinstance(t, BNode)]
    # minted under the new release, none from the clock
    assert all(str(cs).startswith(ID + "dataset/0.1.0/changes/") for cs in changes.subjects(RDF.type, CS.ChangeSet))
    assert "createdDate" not in run(seed, variants["renamed"], "--format", "turtle").output


def test_bare_graph_files_get_change_set_iris_derived_from_the_changes(seed, variants):
    first = run(seed / "graph.nt", variants["website"] / "graph.nt", "--format", "turtle").output
    again = run(seed / "graph.ttl", variants["website"] / "graph.ttl", "--format", "turtle").output
    assert "<urn:uuid:" in first and "/changes/" not in first
    assert first == again  # the same changes, whatever format they were read from
