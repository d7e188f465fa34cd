"""The shapes as the compiled engine is given them: a target by predicate that one node uses many
times is named node by node.

pyshacl-turbo (0.6.5) finds the targets of ``sh:targetSubjectsOf P`` and ``sh:targetObjectsOf P`` in
time that grows with the square of the number of ``P`` statements of one subject: a network with a
project table of 5,000 rows (5,000 ``kgo:involvedIn``, 5,000 ``prov:wasDerivedFrom``) spent most of
the build there. The same target set, listed with ``sh:targetNode``, is found in linear time, and
the report is the same: a target is the set of its nodes, however it is declared.

The engine also collects the values of one node's predicate in time that grows faster than the square
of their number, whatever the target: 10,000 ``prov:wasDerivedFrom`` of one network cost it minutes.
On a graph where such crowds outweigh the rest (:func:`engine_for`), pyshacl, linear there, validates
instead; the two report the same results (``tests/test_shacl_engines.py``), so only the time differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.validation.data import Lookup, subject_objects_of

#: From this many statements of one predicate on one node on, the predicate's targets are listed.
CROWDED = 64

#: pyshacl replaces pyshacl-turbo from this many on the scale of :func:`crowding`. Measured on one
#: article with a project table of N rows (three nodes with N values of one predicate each), same
#: machine: N = 2,500 (crowding 149), turbo 5.8 s, pyshacl 14.3 s, in process; N = 5,000 (301), 21.5 s
#: and 26.7 s; N = 10,000 (621), in the build's worker, 122.9 s and 102.1 s (reading included), and
#: turbo's time grows faster from there, pyshacl's linearly. The 1,000-article corpus is at 87.
CROWDING_LIMIT = 400

_BY_PREDICATE = {SH.targetSubjectsOf: "subjects", SH.targetObjectsOf: "objects"}


def _uses(pairs: Iterable[tuple[Node, Node]]) -> tuple[bool, set[Node], set[Node]]:
    """Whether some node is the subject (or the object) of ``CROWDED`` or more of a predicate's
    statements (given as subject-object pairs), and their subjects and objects."""
    subjects: Counter[Node] = Counter()
    objects: Counter[Node] = Counter()
    for s, o in pairs:
        subjects[s] += 1
        objects[o] += 1
    crowded = max(subjects.values(), default=0) >= CROWDED or max(objects.values(), default=0) >= CROWDED
    return crowded, set(subjects), set(objects)


def listed_targets(shapes: Graph, data: Lookup) -> Graph:
    """``shapes``, or a copy in which every target by a crowded predicate is a ``sh:targetNode`` list of
    the nodes it selects in ``data`` (kept as declared when one of them is a blank node, which a
    shapes graph cannot name)."""
    rewrites: list[tuple[Node, URIRef, URIRef, set[Node]]] = []
    targeted = {p for kind in _BY_PREDICATE for p in shapes.objects(None, kind) if isinstance(p, URIRef)}
    statements = subject_objects_of(data, targeted)  # one pass over the data for all of them
    verdicts = {p: _uses(statements.get(p, ())) for p in targeted}
    for kind, side in _BY_PREDICATE.items():
        for shape, predicate in shapes.subject_objects(kind):
            if not isinstance(predicate, URIRef):
                continue
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


def crowding(data: Lookup) -> float:
    """How crowded the graph is: the sum, over every subject and predicate, of the square of the number
    of their statements, per statement (1 when no node has two values of one predicate)."""
    size = len(data)
    if not size:
        return 0.0
    squares = getattr(data, "fanout_squares", None)
    if squares is not None:
        return float(squares()) / size
    runs: Counter[tuple[Node, Node]] = Counter((s, p) for s, p, _ in data.triples((None, None, None)))  # type: ignore[attr-defined]
    return sum(n * n for n in runs.values()) / size


def engine_for(engine: str, data: Lookup) -> str:
    """The engine that runs for ``engine`` on ``data``: pyshacl instead of pyshacl-turbo on a graph
    crowded enough (:data:`CROWDING_LIMIT`) for the compiled engine to be the slower one."""
    if engine == "turbo" and crowding(data) >= CROWDING_LIMIT:
        return "pyshacl"
    return engine
