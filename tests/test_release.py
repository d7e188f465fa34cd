"""A build made with a previous release: changes.ttl, the release in void.ttl, and the mass-loss alarm."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT, EXIT_OK, ReleaseError
from kg.publish.build import build
from kg.publish.knowledge import Inputs
from kg.rdf.ontology import load_ontology
from kg.release.changeset import CS
from kg.validation.shacl import check_ontology
from tests.releases import ARTICLES, ID, KGO, ROOT, WIKIPEDIA, WILD, build_variant, sources, without_doors

DATASET = URIRef(ID + "dataset")
PREVIOUS = URIRef(ID + "dataset/0.1.0")
DOWNLOADS = "https://w3id.org/kg/dist/"
SPDX = "http://spdx.org/rdf/terms#"
DCAT3 = "http://www.w3.org/ns/dcat#"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """Release 0.1.0: the seed as it is."""
    return build_variant(tmp_path_factory.mktemp("previous"))


@pytest.fixture(scope="module")
def release(tmp_path_factory, previous) -> Path:
    """Release 0.2.0, without the DOORS row (1 of 8 projects: over the 10% alarm, so warned about), built by the CLI."""
    folder = tmp_path_factory.mktemp("release")
    src = sources(folder / "sources", edit=without_doors, version="0.2.0")
    result = run("build", "--source-dir", src, "--out", folder / "dist", "--previous", previous)
    assert result.exit_code == EXIT_OK, result.output
    return folder / "dist"


def void(dist: Path) -> Graph:
    return Graph().parse(dist / "void.ttl")


def class_changes(graph: Graph) -> dict[str, dict[str, int]]:
    found = {}
    for node in graph.objects(DATASET, URIRef(KGO + "classChanges")):
        assert (node, RDF.type, URIRef(KGO + "ClassChanges")) in graph
        cls = str(graph.value(node, URIRef(KGO + "changedClass"))).removeprefix(KGO)
        found[cls] = {
            str(p).removeprefix(KGO + "entities").lower(): int(o)
            for p, o in graph.predicate_objects(node)
            if str(p).startswith(KGO + "entities")
        }
    return found


# -- what the release publishes --------------------------------------------------------------------


def test_the_release_says_in_void_which_release_it_revises(release):
    graph = void(release)
    assert graph.value(DATASET, URIRef(DCAT3 + "version")) == Literal("0.2.0")
    assert graph.value(DATASET, PROV.wasRevisionOf) == PREVIOUS
    assert graph.value(DATASET, URIRef(DCAT3 + "previousVersion")) == PREVIOUS
    assert graph.value(PREVIOUS, URIRef(DCAT3 + "version")) == Literal("0.1.0")
    assert (PREVIOUS, RDF.type, URIRef(DCAT3 + "Dataset")) in graph


def test_the_release_counts_per_class_what_it_added_removed_and_changed(release):
    counts = class_changes(void(release))
    # DOORS removed; the four projects below it in the table moved up a line
    assert counts["Project"] == {"before": 8, "added": 0, "removed": 1, "changed": 0, "renamed": 0, "moved": 4}
    assert counts["Organisation"]["removed"] == 2 and counts["Organisation"]["before"] == 79
    assert "Country" not in counts  # only the classes with a change


def test_the_release_description_uses_declared_terms_and_no_blank_nodes(release):
    graph = void(release)
    report = check_ontology(load_ontology(), graph)
    assert report.results == [], [(r.shape, r.focus, r.message) for r in report.results]
    declared = {str(s) for s in load_ontology().subjects()}
    used = {str(t) for triple in graph for t in triple if str(t).startswith(KGO) and str(t) != KGO}
    assert used and used <= declared
    assert not [t for triple in graph for t in triple if isinstance(t, BNode)]


def test_no_blank_nodes_in_the_graph_its_description_or_its_change_log(release, tmp_path):
    """kg diff matches entities by IRI: every file it may be given, and void.ttl, names every node."""
    every = [p for folder in (ARTICLES, WILD, WIKIPEDIA) for p in sorted(folder.glob("*.txt"))]
    articles = build_variant(tmp_path, articles=every)
    for path in (release / "graph.nt", release / "void.ttl", release / "changes.ttl", articles / "graph.nt"):
        graph = Graph().parse(path)
        assert len(graph) > 10
        assert not [t for triple in graph for t in triple if isinstance(t, BNode)], path


def test_changes_ttl_is_published_and_described_like_every_file(release):
    data = (release / "changes.ttl").read_bytes()
    graph, file = void(release), URIRef(DOWNLOADS + "changes.ttl")
    assert int(graph.value(file, URIRef(DCAT3 + "byteSize"))) == len(data)
    checksum = graph.value(file, URIRef(SPDX + "checksum"))
    assert str(graph.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest()
    assert (DATASET, URIRef("http://purl.org/dc/terms/relation"), file) in graph


def test_changes_ttl_is_what_kg_diff_says_between_the_two_releases(previous, release):
    result = run("diff", previous, release, "--format", "turtle")
    assert result.output.encode("utf-8") == (release / "changes.ttl").read_bytes()
    changes = Graph().parse(release / "changes.ttl")
    doors = URIRef(ID + "project/doors_2021_2023")
    (change_set,) = changes.subjects(CS.subjectOfChange, doors)
    assert str(change_set) == ID + "dataset/0.2.0/changes/project/doors_2021_2023"
    assert (change_set, URIRef("http://purl.org/dc/terms/isPartOf"), URIRef(ID + "dataset/0.2.0")) in changes


def test_a_build_without_a_previous_release_writes_no_change_log(previous):
    assert not (previous / "changes.ttl").exists()
    graph = void(previous)
    assert graph.value(DATASET, PROV.wasRevisionOf) is None
    assert not class_changes(graph)


def test_the_release_summary_is_there_for_a_release_notes_page(tmp_path, previous):
    result = build(
        Inputs(source_dir=sources(tmp_path / "src", edit=without_doors, version="0.2.0")),
        out=tmp_path / "dist",
        previous=previous,
    )
    assert result.release is not None
    notes = result.release.summary()
    assert (notes.old.version, notes.new.version, notes.new.release) == ("0.1.0", "0.2.0", ID + "dataset/0.2.0")
    project = next(c for c in notes.classes if c.name == "kgo:Project")
    assert (project.label, project.before, project.after, project.removed) == ("Project", 8, 7, 1)
    doors = next(e for e in notes.entities if e.iri == ID + "project/doors_2021_2023")
    assert (doors.change, doors.label, doors.class_label) == ("removed", "DOORS", "Project")


# -- where the previous release comes from ---------------------------------------------------------


def test_the_previous_release_can_be_configured_in_dataset_toml(tmp_path, previous):
    release = f'previous = "{os.path.relpath(previous, tmp_path / "src")}"\nmax_loss = 0.2'
    src = sources(tmp_path / "src", edit=without_doors, version="0.2.0", release=release)
    result = run("build", "--source-dir", src, "--out", tmp_path / "dist")
    assert result.exit_code == EXIT_OK, result.output
    assert "compared with release 0.1.0" in result.stdout
    assert "max_loss" not in result.stderr  # 1 of 8 projects, 12.5%, is under max_loss = 0.2
    assert void(tmp_path / "dist").value(DATASET, PROV.wasRevisionOf) == PREVIOUS


@pytest.mark.parametrize("kind", ["missing", "not-a-build"])
def test_a_previous_release_that_is_not_a_build_folder_is_refused(tmp_path, kind):
    given = tmp_path / "previous"
    if kind == "not-a-build":
        given.mkdir()
        (given / "graph.nt").write_text('<http://example.org/a> <http://example.org/p> "x" .\n')
    result = run("build", "--source-dir", ROOT / "sources", "--out", tmp_path / "dist", "--previous", given)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "expected the build folder of the previous release" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_same_version_as_the_previous_release_is_a_warning(tmp_path, previous):
    result = run("build", "--source-dir", ROOT / "sources", "--out", tmp_path / "dist", "--previous", previous)
    assert result.exit_code == EXIT_OK
    assert "the previous release has the same version, 0.1.0, as this build" in result.stderr
    assert "compared with release 0.1.0" in result.stdout and ": no change" in result.stdout


# -- the alarm -------------------------------------------------------------------------------------


def test_losing_more_than_max_loss_of_a_class_is_a_warning_naming_the_class_and_the_numbers(tmp_path, previous):
    src = sources(tmp_path / "src", edit=without_doors, version="0.2.0")
    result = run("build", "--source-dir", src, "--out", tmp_path / "dist", "--previous", previous)
    assert result.exit_code == EXIT_OK
    assert (
        f"warning: {previous}: release 0.2.0 removes 1 of the 8 kgo:Project entities of the previous release "
        "(12.5%: project:doors_2021_2023), more than [release] max_loss = 0.1 allows"
    ) in result.stderr
    assert "kgo:Organisation" not in result.stderr  # 2 of 79: under 10%


def test_with_strict_losing_too_much_fails_and_writes_nothing(tmp_path, previous):
    src = sources(tmp_path / "src", edit=without_doors, version="0.2.0")
    out = tmp_path / "dist"
    out.mkdir()
    (out / ".kg-build").write_text("an earlier build\n")
    (out / "graph.nt").write_text("the earlier graph\n")
    result = run("build", "--source-dir", src, "--out", out, "--previous", previous, "--strict")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "error: release 0.2.0 removes 1 of the 8 kgo:Project entities" in result.stderr
    assert f"{out}/ was not changed" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".kg-build", "graph.nt"]
    assert (out / "graph.nt").read_text() == "the earlier graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "src"]  # no staging folder left


def test_with_strict_a_loss_within_max_loss_builds(tmp_path, previous):
    src = sources(tmp_path / "src", edit=without_doors, version="0.2.0", release="max_loss = 0.125")
    result = build(Inputs(source_dir=src, strict=True), out=tmp_path / "dist", previous=previous)
    assert result.release is not None and result.release.losses() == []
    src = sources(tmp_path / "src2", edit=without_doors, version="0.2.0", release="max_loss = 0.12")
    with pytest.raises(ReleaseError, match=r"removes 1 of the 8 kgo:Project entities"):
        build(Inputs(source_dir=src, strict=True), out=tmp_path / "dist2", previous=previous)
    assert not (tmp_path / "dist2").exists()


# -- the same bytes --------------------------------------------------------------------------------


def test_a_release_build_is_byte_identical_whatever_the_hash_seed(tmp_path, previous):
    src = sources(tmp_path / "src", edit=without_doors, version="0.2.0")
    for seed in ("1", "4242"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "build",
                "-q",
                "--source-dir",
                src,
                "--out",
                tmp_path / seed,
                "--previous",
                previous,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
    for name in ("changes.ttl", "void.ttl", "graph.nt"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "4242" / name).read_bytes(), name
