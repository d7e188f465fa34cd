"""What the diff knows of the vocabulary: labels and the class hierarchy, from the ontology.

An entity is reported under one class, its most specific: of its ``kgo:`` types (or, without one,
of all its types) the one no other of them is a sub-class of, by the ontology's
``rdfs:subClassOf`` axioms (a network is a ``kgo:Network``, though the data, materialised, also
types it ``kgo:Organisation``, ``schema:Organization`` and ``org:Organization``). An untyped
subject is an ``rdfs:Resource``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.core.vocab import KGO, PREFIXES
from kg.rdf.compact import PrefixedNames
from kg.rdf.graphs import prefixes_for
from kg.rdf.ontology import load_ontology

RESOURCE = str(RDFS.Resource)
CHANGESET = "http://purl.org/vocab/changeset/schema#"


class Vocabulary:
    """Labels of terms and the super-classes of classes, read from the ontology."""

    def __init__(self, labels: dict[str, str], supers: dict[str, frozenset[str]]) -> None:
        self.labels = labels
        self.supers = supers
        self._primary: dict[frozenset[str], str] = {}

    @classmethod
    def from_ontology(cls) -> Vocabulary:
        return _vocabulary()

    def label(self, iri: str) -> str | None:
        """The term's English ``rdfs:label`` in the ontology, if it has one."""
        return self.labels.get(iri)

    def primary(self, types: frozenset[str]) -> str:
        """The one class an entity with these types is reported under."""
        found = self._primary.get(types)
        if found is None:
            pool = {t for t in types if t.startswith(str(KGO))} or set(types)
            specific = [t for t in pool if not any(t in self.supers.get(u, ()) for u in pool if u != t)]
            found = self._primary[types] = min(specific) if specific else RESOURCE
        return found


@cache
def _vocabulary() -> Vocabulary:
    ontology = load_ontology()
    labels: dict[str, str] = {}
    for term, label in sorted(ontology.subject_objects(RDFS.label)):
        if isinstance(term, URIRef) and isinstance(label, Literal) and label.language in ("en", None):
            labels.setdefault(str(term), str(label))
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[str(sub)].add(str(sup))
    return Vocabulary(labels, {c: frozenset(_closure(c, direct)) for c in direct})


def _closure(cls: str, direct: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(direct.get(cls, ()))
    while todo:
        sup = todo.pop()
        if sup not in seen:
            seen.add(sup)
            todo.extend(direct.get(sup, ()))
    return seen


def prefixes(base: str | None, iris: Iterable[str]) -> dict[str, str]:
    """The project's prefixes, ``cs:`` for change sets, and one per kind of entity (``organisation:``) under ``base``."""
    kinds = set()
    if base is not None:
        for iri in iris:
            kind, slash, _ = iri.removeprefix(base).partition("/")
            if iri.startswith(base) and slash and kind:
                kinds.add(kind)
    found = prefixes_for(base, kinds) if base is not None else {p: str(ns) for p, ns in PREFIXES.items()}
    return {**found, "cs": CHANGESET}


def compactor(base: str | None, iris: Iterable[str]) -> PrefixedNames:
    """Prefixed names for the IRIs of a diff; a kind whose name is no valid prefix is left out."""
    found = prefixes(base, iris)
    return PrefixedNames({p: ns for p, ns in found.items() if _valid_prefix(p)})


def _valid_prefix(prefix: str) -> bool:
    try:
        PrefixedNames({prefix: "x"})
    except ValueError:
        return False
    return True
