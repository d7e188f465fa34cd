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


@dataclass(frozen=True)
class Hierarchy:
    classes: dict[URIRef, tuple[URIRef, ...]]
    properties: dict[URIRef, tuple[URIRef, ...]]

    @classmethod
    def from_ontology(cls, ontology: Graph, namespaces: Iterable[str]) -> Hierarchy:
        keep = tuple(namespaces)

        def closure(relation: URIRef) -> dict[URIRef, tuple[URIRef, ...]]:
            direct: dict[URIRef, set[URIRef]] = {}
            for sub, sup in ontology.subject_objects(relation):
                if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                    direct.setdefault(sub, set()).add(sup)
            result = {}
            for term in direct:
                seen: set[URIRef] = set()
                stack = list(direct[term])
                while stack:
                    sup = stack.pop()
                    if sup not in seen and sup != term:
                        seen.add(sup)
                        stack.extend(direct.get(sup, ()))
                result[term] = tuple(sorted(s for s in seen if str(s).startswith(keep)))
            return result

        return cls(closure(RDFS.subClassOf), closure(RDFS.subPropertyOf))

    def expand(self, triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[tuple[Node, Node, Node]]:
        """Each triple, followed by the triples its super-classes / super-properties entail."""
        for s, p, o in triples:
            yield s, p, o
            if p == RDF.type:
                for sup in self.classes.get(o, ()):  # type: ignore[arg-type]
                    yield s, RDF.type, sup
            else:
                for sup in self.properties.get(p, ()):  # type: ignore[arg-type]
                    yield s, sup, o
