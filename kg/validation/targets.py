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

#: From this many statements of one predicate on one node on, the predicate's targets are listed.
CROWDED = 64

_BY_PREDICATE = {SH.targetSubjectsOf: "subjects", SH.targetObjectsOf: "objects"}


def _crowded(data: Graph, predicate: URIRef) -> bool:
    """Whether some node is the subject (or the object) of ``CROWDED`` or more ``predicate`` statements."""
    subjects: Counter[Node] = Counter()
    objects: Counter[Node] = Counter()
    for s, _, o in data.triples((None, predicate, None)):
        subjects[s] += 1
        objects[o] += 1
    return max(subjects.values(), default=0) >= CROWDED or max(objects.values(), default=0) >= CROWDED


def listed_targets(shapes: Graph, data: Graph) -> Graph:
    """``shapes``, or a copy in which every target by a crowded predicate is a ``sh:targetNode`` list of
    the nodes it selects in ``data`` (kept as declared when one of them is a blank node, which a
    shapes graph cannot name)."""
    rewrites: list[tuple[Node, URIRef, URIRef, set[Node]]] = []
    verdicts: dict[URIRef, bool] = {}
    for kind, side in _BY_PREDICATE.items():
        for shape, predicate in shapes.subject_objects(kind):
            if not isinstance(predicate, URIRef):
                continue
            if predicate not in verdicts:
                verdicts[predicate] = _crowded(data, predicate)
            if not verdicts[predicate]:
                continue
            found = data.subjects(predicate, None) if side == "subjects" else data.objects(None, predicate)
            nodes = set(found)
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
