"""void.ttl: the graph's serialisations are the dataset's distributions; the other files are linked by role."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from kg.publish.artifacts import Artifact, Role, Written
from kg.publish.void import describe
from kg.source.config import Config

SPDX = "http://spdx.org/rdf/terms#"
DOWNLOADS = "https://w3id.org/kg/dist/"


@pytest.fixture(scope="module")
def void(built: Path) -> Graph:
    return Graph().parse(built / "void.ttl")


@pytest.fixture(scope="module")
def ds(void: Graph) -> URIRef:
    (dataset,) = void.subjects(RDF.type, VOID.Dataset)
    return dataset


def _names(void: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(o).removeprefix(DOWNLOADS) for o in void.objects(subject, predicate)}


def test_only_the_graph_serialisations_are_distributions_of_the_dataset(void, ds, built):
    graph_files = {p.name for p in built.glob("graph.*")}
    assert graph_files == {"graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "graph.rdf"}
    assert _names(void, ds, DCAT.distribution) == graph_files


def test_data_dumps_are_the_triple_dumps_only(void, ds):
    assert _names(void, ds, VOID.dataDump) == {"graph.nt", "graph.ttl"}


def test_ontology_and_shapes_are_what_the_data_conforms_to(void, ds):
    assert _names(void, ds, DCTERMS.conformsTo) == {"ontology.ttl", "kg-shapes.ttl", "ontology-shapes.ttl"}
    for name in ("ontology.ttl", "kg-shapes.ttl"):
        assert (URIRef(DOWNLOADS + name), RDF.type, DCTERMS.Standard) in void


def test_documentation_queries_report_and_context_are_related_documents(void, ds):
    assert _names(void, ds, FOAF.page) == {"ontology.html", "site/index.html"}
    assert _names(void, ds, DCTERMS.relation) == {"queries.ttl", "validation.ttl"}
    assert _names(void, URIRef(DOWNLOADS + "graph.jsonld"), DCTERMS.requires) == {"context.jsonld"}
    for name in ("ontology.html", "queries.ttl", "validation.ttl", "context.jsonld"):
        assert (URIRef(DOWNLOADS + name), RDF.type, FOAF.Document) in void


def test_every_published_file_has_media_type_size_and_checksum(void, built):
    on_disk = {
        p.relative_to(built).as_posix()
        for p in built.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.relative_to(built).parts[0] != "site"
    } - {"void.ttl"}
    on_disk.add("site/index.html")
    described = {str(f).removeprefix(DOWNLOADS) for f in void.subjects(DCAT.byteSize, None)}
    assert described == on_disk
    for name in on_disk:
        file = URIRef(DOWNLOADS + name)
        data = (built / name).read_bytes()
        assert int(void.value(file, DCAT.byteSize)) == len(data), name
        checksum = void.value(file, URIRef(SPDX + "checksum"))
        assert str(void.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest(), name
        assert str(void.value(file, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")


def _describe(tmp_path: Path, config: Config) -> tuple[Graph, URIRef]:
    ex = "http://example.org/"
    graph = Graph()
    a, b = URIRef(ex + "a"), URIRef(ex + "b")
    graph.add((a, RDF.type, URIRef("https://w3id.org/kg/ontology#Project")))
    graph.add((b, RDF.type, URIRef("https://w3id.org/kg/ontology#Project")))
    graph.add((b, RDF.type, URIRef(ex + "Thing")))
    graph.add((a, URIRef(ex + "knows"), b))
    graph.add((a, URIRef(ex + "name"), Literal("A")))
    files = []
    for name, media, role in (
        ("graph.nq", "application/n-quads", Role.DISTRIBUTION),
        ("notes.txt", "text/plain", Role.RELATION),
    ):
        (tmp_path / name).write_text(name)
        files.append(Written(tmp_path / name, Artifact(name, media, name, role, lambda _: b"")))
    void = describe(graph=graph, config=config, prefixes={"ex": ex}, sources=[], files=files)
    return void, URIRef(config.base + "dataset")


def test_statistics_and_partitions_of_a_small_graph(tmp_path: Path):
    void, ds = _describe(tmp_path, Config(base="https://example.org/id/", issued="2026-01-02"))
    counts = {p: int(void.value(ds, p)) for p in (VOID.triples, VOID.entities, VOID.classes, VOID.properties)}
    assert counts == {VOID.triples: 5, VOID.entities: 2, VOID.classes: 2, VOID.properties: 3}
    assert int(void.value(ds, VOID.distinctSubjects)) == 2
    assert int(void.value(ds, VOID.distinctObjects)) == 4
    by_class = {
        str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
        for p in void.objects(ds, VOID.classPartition)
    }
    assert by_class == {"https://w3id.org/kg/ontology#Project": 2, "http://example.org/Thing": 1}
    by_property = {
        str(void.value(p, VOID.property)): int(void.value(p, VOID.triples))
        for p in void.objects(ds, VOID.propertyPartition)
    }
    assert by_property[str(RDF.type)] == 3
    assert void.value(ds, DCTERMS.issued) == Literal("2026-01-02", datatype=XSD.date)
    assert void.value(ds, DCTERMS.modified) is None
    # an N-Quads dump is a distribution but not a void:dataDump (its triples are in named graphs)
    assert set(void.objects(ds, VOID.dataDump)) == set()
    assert _names(void, ds, DCAT.distribution) == {"graph.nq"}
    # a file of no known role is related to the dataset, not one of its distributions
    assert _names(void, ds, DCTERMS.relation) == {"notes.txt"}


def test_modified_date_from_the_configuration(tmp_path: Path):
    void, ds = _describe(tmp_path, Config(issued="2026-01-02", modified="2026-03-04"))
    assert void.value(ds, DCTERMS.modified) == Literal("2026-03-04", datatype=XSD.date)
