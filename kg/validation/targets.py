"""The shapes as the compiled engine is given them: a target by predicate that one node uses many
times is named node by node.

pyshacl-turbo (0.6.5) finds the targets of ``sh:targetSubjectsOf P`` and ``sh:targetObjectsOf P`` in
time that grows with the square of the number of ``P`` statements of one subject: a network with a
project table of 5,000 rows (5,000 ``kgo:involvedIn``, 5,000 ``prov:wasDerivedFrom``) spent most of
the build there. The same target set, listed with ``sh:targetNode``, is found in linear time, and
the report is the same: a target is the set of its nodes, however it is declared.
"""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.validation.data import Lookup

#: From this many statements of one predicate on one node on, the predicate's targets are listed.
CROWDED = 64

_BY_PREDICATE = {SH.targetSubjectsOf: "subjects", SH.targetObjectsOf: "objects"}


def _uses(data: Lookup, predicate: URIRef) -> tuple[bool, set[Node], set[Node]]:
    """Whether some node is the subject (or the object) of ``CROWDED`` or more ``predicate`` statements,
    and the subjects and the objects of those statements (one pass)."""
    subjects: Counter[Node] = Counter()
    objects: Counter[Node] = Counter()
    for s, o in data.subject_objects(predicate):
        subjects[s] += 1
        objects[o] += 1
    crowded = max(subjects.values(), default=0) >= CROWDED or max(objects.values(), default=0) >= CROWDED
    return crowded, set(subjects), set(objects)


def listed_targets(shapes: Graph, data: Lookup) -> Graph:
    """``shapes``, or a copy in which every target by a crowded predicate is a ``sh:targetNode`` list of
    the nodes it selects in ``data`` (kept as declared when one of them is a blank node, which a
    shapes graph cannot name)."""
    rewrites: list[tuple[Node, URIRef, URIRef, set[Node]]] = []
    verdicts: dict[URIRef, tuple[bool, set[Node], set[Node]]] = {}
    for kind, side in _BY_PREDICATE.items():
        for shape, predicate in shapes.subject_objects(kind):
            if not isinstance(predicate, URIRef):
                continue
            if predicate not in verdicts:
                verdicts[predicate] = _uses(data, predicate)
            crowded, subjects, objects = verdicts[predicate]
            if not crowded:
                continue
            nodes = subjects if side == "subjects" else objects
            if all(isinstance(n, URIRef) for n in nodes):
                rewrites.append((shape, kind, predicate, nodes))
    if not rewrites:
        return shapes
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace)
    copy += shapes
    for shape, kind, predicate, nodes in rewrites:
        copy.remove((shape, kind, predicate))
        for node in nodes:
            copy.add((shape, SH.targetNode, node))
    return copy
