"""The validation engine is given only the statements the shapes can read, and the whole graph when
they could read any predicate (kg.validation.reads)."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.core.vocab import KGO, SCHEMA
from kg.rdf.encoded import EncodedGraph
from kg.validation.reads import predicates_read
from kg.validation.shacl import load_shapes

EX = Namespace("http://example.org/")
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
"""
NO_DATA = EncodedGraph.of(Graph())


def shapes(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def sparql(select: str) -> Graph:
    return shapes(
        f'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select """{select}""" ] .'
    )


def nt(*iris: URIRef) -> set[str]:
    return {f"<{i}>" for i in iris}


def test_the_projects_shapes_read_their_paths_and_sparql_and_not_the_materialised_super_properties():
    read = predicates_read(load_shapes(), NO_DATA)
    assert read is not None
    assert nt(RDF.type, RDFS.subClassOf, SCHEMA.name, KGO.describedIn, KGO.foundingYear) <= read
    assert not nt(SCHEMA.member, SCHEMA.funder, URIRef("http://www.w3.org/ns/org#linkedTo")) & read


def test_a_sparql_constraint_adds_the_predicates_of_its_patterns_filters_and_paths():
    read = predicates_read(
        sparql("SELECT $this WHERE { $this ex:a/ex:b ?x . FILTER NOT EXISTS { ?x ^ex:c* ?y } }"), NO_DATA
    )
    assert read is not None and nt(EX.a, EX.b, EX.c) <= read


def test_a_closed_shape_reads_every_predicate():
    assert predicates_read(shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ."), NO_DATA) is None


def test_a_variable_predicate_with_nothing_tying_it_reads_every_predicate():
    assert predicates_read(sparql("SELECT $this ?p WHERE { $this ?p ?o }"), NO_DATA) is None
    assert (
        predicates_read(sparql("SELECT $this WHERE { $this ex:a ?x FILTER NOT EXISTS { ?x ?p ?o } }"), NO_DATA) is None
    )
    tied_elsewhere = "SELECT $this WHERE { ?p rdfs:subPropertyOf ex:f . OPTIONAL { $this ?p ?o } }"
    assert predicates_read(sparql(tied_elsewhere), NO_DATA) is None


def test_a_negated_property_set_reads_every_predicate():
    assert predicates_read(sparql("SELECT $this WHERE { $this !ex:a ?o }"), NO_DATA) is None


def test_a_query_that_cannot_be_read_here_reads_every_predicate():
    assert predicates_read(sparql("SELECT $this WHERE { $this undeclared:a ?o }"), NO_DATA) is None
    assert predicates_read(sparql("SELECT $this WHERE { $this ex:a "), NO_DATA) is None


def test_one_prefix_declared_for_two_namespaces_reads_every_predicate():
    two = sparql("SELECT $this WHERE { $this ex:a ?o }") + shapes(
        'ex:T sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.net/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .'
    )
    assert predicates_read(two, NO_DATA) is None


def test_a_variable_tied_to_the_data_reads_the_predicates_the_data_gives_it():
    data = Graph()
    data.add((EX.field, RDFS.subPropertyOf, EX.sourceField))
    data.add((EX.other, RDFS.subPropertyOf, EX.elsewhere))
    data.add((EX.thing, EX.field, Literal("x")))
    read = predicates_read(
        sparql("SELECT $this ?p WHERE { $this ?p ?o . ?p rdfs:subPropertyOf ex:sourceField }"), EncodedGraph.of(data)
    )
    assert read is not None
    assert nt(EX.field, RDFS.subPropertyOf) <= read
    assert nt(EX.other).isdisjoint(read)
