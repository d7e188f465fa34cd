"""Write the ontology's super-classes and super-properties into the data.

Consumers who only know schema.org or W3C ORG should find ``schema:Organization`` and
``schema:member`` without running a reasoner. The ontology's rdfs:subClassOf and
rdfs:subPropertyOf axioms say which terms follow; only those in the configured namespaces are
written (an RDFS closure restricted to what consumers query).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kg.rdf.ontology import superterms

#: Looked up once: an attribute of an rdflib namespace is a method call, and this one is asked per triple.
_TYPE = RDF.type


@dataclass(frozen=True)
class Hierarchy:
    classes: dict[URIRef, tuple[URIRef, ...]]
    properties: dict[URIRef, tuple[URIRef, ...]]

    @classmethod
    def from_ontology(cls, ontology: Graph, namespaces: Iterable[str]) -> Hierarchy:
        keep = tuple(namespaces)

        def closure(relation: URIRef) -> dict[URIRef, tuple[URIRef, ...]]:
            return {
                term: tuple(sorted(s for s in sups if str(s).startswith(keep)))
                for term, sups in superterms(ontology, relation).items()
            }

        return cls(closure(RDFS.subClassOf), closure(RDFS.subPropertyOf))

    def expand(self, triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[tuple[Node, Node, Node]]:
        """Each triple, followed by the triples its super-classes / super-properties entail."""
        classes, properties = self.classes, self.properties
        for s, p, o in triples:
            yield s, p, o
            if p == _TYPE:
                for sup in classes.get(o, ()):  # type: ignore[arg-type]
                    yield s, _TYPE, sup
            else:
                for sup in properties.get(p, ()):  # type: ignore[arg-type]
                    yield s, sup, o
