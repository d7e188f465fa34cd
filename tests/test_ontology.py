"""The ontology is well formed, documented, fetches nothing, and is consistent with the seed's data."""

from __future__ import annotations

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.vocab import KGO
from kg.rdf.ontology import load_ontology

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_every_term_is_declared_labelled_and_commented():
    onto = load_ontology()
    terms = {s for s in onto.subjects() if str(s).startswith(str(KGO))}
    assert len(terms) > 40
    for term in terms:
        assert any((term, RDF.type, d) in onto for d in (*DECLARATIONS, OWL.SymmetricProperty)), term
        assert any(o.language == "en" for o in onto.objects(term, RDFS.label)), term
        assert any(o.language == "en" for o in onto.objects(term, RDFS.comment)), term


def test_no_imports_and_version_metadata():
    onto = load_ontology()
    assert not list(onto.triples((None, OWL.imports, None)))
    (ontology,) = onto.subjects(RDF.type, OWL.Ontology)
    assert onto.value(ontology, OWL.versionInfo) is not None
    assert onto.value(ontology, OWL.versionIRI) is not None


def test_every_term_the_data_uses_is_declared(seed):
    onto = load_ontology()
    used = {p for p in seed.graph.predicates() if str(p).startswith(str(KGO))}
    used |= {c for c in seed.graph.objects(None, RDF.type) if str(c).startswith(str(KGO))}
    undeclared = sorted(t for t in used if not any((t, RDF.type, d) in onto for d in DECLARATIONS))
    assert undeclared == []


def test_owl_rl_closure_is_consistent(seed):
    g = Graph()
    for t in load_ontology():
        g.add(t)
    for t in seed.graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.subjects(RDF.type, OWL.Nothing)) == []
    # owlrl reports clashes (e.g. disjoint classes, bad literals) as ERRNS.error messages on the graph
    assert sorted(str(m) for m in g.objects(None, ERRNS.error)) == []


def test_the_consistency_check_can_fail(seed):
    """The same check finds a clash: an individual typed with two disjoint classes."""
    g = Graph()
    for t in load_ontology():
        g.add(t)
    person = next(seed.graph.subjects(RDF.type, KGO.Person))
    for t in seed.graph.triples((person, None, None)):
        g.add(t)
    g.add((person, RDF.type, KGO.Organisation))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.objects(None, ERRNS.error)) or list(g.subjects(RDF.type, OWL.Nothing))
