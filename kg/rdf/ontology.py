"""Read the ontology (``ontology/*.ttl``) from local files only: owl:imports are never fetched."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef

from kg.core.resources import data_dir
from kg.errors import SourceError


def ontology_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or data_dir("ontology")).glob("*.ttl"))


def load_ontology(folder: Path | None = None) -> Graph:
    graph = Graph()
    for path in ontology_files(folder):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise SourceError(f"cannot parse the ontology: {exc}", path=path) from None
    return graph


def superterms(ontology: Graph, relation: URIRef) -> dict[URIRef, frozenset[URIRef]]:
    """Each term's super-terms along ``relation`` (rdfs:subClassOf, rdfs:subPropertyOf), transitively,
    the term itself left out: what materialisation writes and what the site folds into a note."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(relation):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            direct[sub].add(sup)
    found = {}
    for term in direct:
        seen: set[URIRef] = set()
        stack = list(direct[term])
        while stack:
            sup = stack.pop()
            if sup not in seen and sup != term:
                seen.add(sup)
                stack.extend(direct.get(sup, ()))
        found[term] = frozenset(seen)
    return found
