"""On a graph where a few nodes have thousands of values of one predicate (one article with a project
table of 10,000 rows), pyshacl-turbo takes time that grows faster than the square of their number;
pyshacl, the reference, validates such a graph instead, in the build's worker process too, with the
same report."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import PROV, RDF

from kg.rdf.encoded import EncodedGraph
from kg.validation.shacl import validate
from kg.validation.targets import CROWDING_LIMIT, crowding, engine_for
from tests.shacl import sorted_data

EX = Namespace("http://example.org/")
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
ex:ProvenanceShape a sh:PropertyShape ; sh:targetClass ex:Network ; sh:path prov:wasDerivedFrom ;
    sh:nodeKind sh:IRI ; sh:message "not a source line" .
ex:NameShape a sh:PropertyShape ; sh:targetClass ex:Project ; sh:path ex:name ; sh:minCount 1 ;
    sh:message "no name" .
"""


def _network(lines: int, projects: int = 3) -> Graph:
    """A network derived from ``lines`` source lines (the last a literal, which is wrong), with a few
    projects, the last of them nameless."""
    g = Graph()
    g.add((EX.net, RDF.type, EX.Network))
    for i in range(lines):
        g.add((EX.net, PROV.wasDerivedFrom, EX[f"line{i}"] if i < lines - 1 else Literal("line")))
    for i in range(projects):
        g.add((EX[f"p{i}"], RDF.type, EX.Project))
        if i < projects - 1:
            g.add((EX[f"p{i}"], EX.name, Literal(f"P {i}")))
    return g


def _found(report) -> list[tuple[str, str, str | None, str]]:  # type: ignore[no-untyped-def]
    return sorted((r.focus, r.shape, r.value, r.message) for r in report.results)


def test_crowding_is_the_mean_square_of_the_values_one_subject_has_of_one_predicate():
    g = _network(4, projects=0)  # ex:net: one type, four lines: (1 + 16) / 5 statements
    assert crowding(g) == 17 / 5
    assert crowding(Graph()) == 0.0


def test_the_encoded_rows_measure_crowding_as_the_rdflib_graph_does():
    g = _network(300)
    encoded = EncodedGraph.of(g)
    assert crowding(encoded) == crowding(g)
    assert encoded.fanout_squares() == 1 + 300 * 300 + 5  # the network's type and lines; five project statements


def test_a_crowded_graph_is_validated_by_the_reference_engine_and_others_by_the_compiled_one():
    crowded, plain = _network(2 * CROWDING_LIMIT), _network(10)
    assert crowding(crowded) >= CROWDING_LIMIT > crowding(plain)
    assert engine_for("turbo", crowded) == "pyshacl"
    assert engine_for("turbo", plain) == "turbo"
    assert engine_for("pyshacl", plain) == "pyshacl"


def test_a_crowded_graph_gets_the_reference_report_in_process_and_in_the_worker():
    g = _network(2 * CROWDING_LIMIT)
    shapes = Graph().parse(data=SHAPES, format="turtle")
    reference = _found(validate(g, shapes=shapes, engine="pyshacl"))
    assert reference == [
        (str(EX.net), str(EX.ProvenanceShape), '"line"', "not a source line"),
        (str(EX.p2), str(EX.NameShape), None, "no name"),
    ]
    assert _found(validate(g, shapes=shapes, engine="turbo")) == reference
    for isolate in (False, True):
        assert _found(validate(sorted_data(g, isolate=isolate), shapes=shapes, engine="turbo")) == reference


def test_the_worker_still_runs_the_compiled_engine_on_a_graph_that_is_not_crowded():
    g = _network(10)
    shapes = Graph().parse(data=SHAPES, format="turtle")
    assert _found(validate(sorted_data(g, isolate=True), shapes=shapes, engine="turbo")) == _found(
        validate(g, shapes=shapes, engine="pyshacl")
    )
