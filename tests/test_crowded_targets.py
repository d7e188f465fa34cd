"""A target by predicate that one node uses many times is handed to the compiled SHACL engine as the
list of the nodes it selects (pyshacl-turbo finds such targets in quadratic time), and the report is
the one the declared target gives."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH

from kg.validation.shacl import validate
from kg.validation.targets import CROWDED, listed_targets

EX = Namespace("http://example.org/")
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:HubShape a sh:NodeShape ; sh:targetSubjectsOf ex:involvedIn ; sh:class ex:Network ;
    sh:message "not a network" .
ex:ProjectShape a sh:NodeShape ; sh:targetObjectsOf ex:involvedIn ; sh:class ex:Project ;
    sh:message "not a project" .
ex:QuietShape a sh:NodeShape ; sh:targetSubjectsOf ex:name ; sh:nodeKind sh:IRI .
"""


def _graph(projects: int) -> Graph:
    """A network involved in ``projects`` projects, the last of them untyped, and a second, untyped hub."""
    g = Graph()
    g.add((EX.net, RDF.type, EX.Network))
    for i in range(projects):
        g.add((EX.net, EX.involvedIn, EX[f"p{i}"]))
        g.add((EX[f"p{i}"], EX.name, Literal(f"P {i}")))
        if i < projects - 1:
            g.add((EX[f"p{i}"], RDF.type, EX.Project))
    g.add((EX.other, EX.involvedIn, EX.p0))
    return g


def test_a_target_by_a_predicate_one_node_uses_many_times_is_listed_node_by_node():
    data = _graph(CROWDED * 3)
    given = listed_targets(Graph().parse(data=SHAPES, format="turtle"), data)
    assert not list(given.objects(EX.HubShape, SH.targetSubjectsOf))
    assert set(given.objects(EX.HubShape, SH.targetNode)) == {EX.net, EX.other}
    assert set(given.objects(EX.ProjectShape, SH.targetNode)) == {EX[f"p{i}"] for i in range(CROWDED * 3)}
    # ex:name is used once per project: its target stays as declared
    assert list(given.objects(EX.QuietShape, SH.targetSubjectsOf)) == [EX.name]


def test_shapes_whose_targets_are_not_crowded_are_handed_over_unchanged():
    shapes = Graph().parse(data=SHAPES, format="turtle")
    assert listed_targets(shapes, _graph(CROWDED - 2)) is shapes


def test_the_report_on_a_crowded_graph_is_the_one_the_reference_engine_gives():
    data = _graph(CROWDED * 3)
    shapes = Graph().parse(data=SHAPES, format="turtle")
    turbo = validate(data, shapes=shapes, engine="turbo")
    reference = validate(data, shapes=shapes, engine="pyshacl")
    found = sorted((r.focus, r.shape, r.message) for r in turbo.results)
    assert found == sorted((r.focus, r.shape, r.message) for r in reference.results)
    assert found == [
        (str(EX.other), str(EX.HubShape), "not a network"),
        (str(EX[f"p{CROWDED * 3 - 1}"]), str(EX.ProjectShape), "not a project"),
    ]
