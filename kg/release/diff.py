"""What changed between two graphs, entity by entity.

The two sides are sorted N-Triples lines (:mod:`kg.release.read`). A line on both sides is the
same triple and is not looked at again; the subjects of the other lines are the candidates. Every
line of a candidate, on both sides (found by binary search: a subject's lines are together), is
parsed with pyoxigraph and compared as a set of (property, value) pairs of term strings, so two
spellings of one triple are one triple. A subject found on one side only was added or removed;
one found on both, changed. The types of all subjects, needed to count each class's entities, are
read from the ``rdf:type`` lines, found by a byte search.

A removed and an added entity are one entity renamed when they have the same class, share a
source document (``kgo:describedIn``), and the name of one (``schema:name``, ``rdfs:label``) is
among the names of the other (those and ``schema:alternateName``), and no other entity matches
either of them (an organisation given another canonical name in the alias list keeps the old one
as an alternate name). An entity whose only change is ``prov:wasDerivedFrom`` (the source lines
it was read from, after an edit above them) is *moved*, not changed.

Every entity is reported under its most specific class (:mod:`kg.release.terms`), and every class
with a change gets its counts, with the number of its entities before and after.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import pyoxigraph as ox

from kg.release.read import Side, unescape
from kg.release.terms import RESOURCE, Vocabulary

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TYPE_LINE = f" <{RDF_TYPE}> ".encode()
SCHEMA_NAME = "http://schema.org/name"
ALTERNATE_NAME = "http://schema.org/alternateName"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DESCRIBED_IN = "https://w3id.org/kg/ontology#describedIn"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
NAMES = (SCHEMA_NAME, RDFS_LABEL)
SOURCE_DOCUMENT = "https://w3id.org/kg/ontology#SourceDocument"

#: The kinds of change, in the order they are reported.
ADDED, REMOVED, RENAMED, CHANGED, MOVED = "added", "removed", "renamed", "changed", "moved"
KINDS = (ADDED, REMOVED, RENAMED, CHANGED, MOVED)


@dataclass(frozen=True, order=True)
class Value:
    """One value of an entity: a property IRI and the N-Triples form of the object."""

    property: str
    term: str
    #: The object as pyoxigraph parsed it (not compared: ``term`` says it all).
    node: Any = field(compare=False, repr=False, default=None)


@dataclass(frozen=True)
class EntityChange:
    kind: str
    iri: str
    #: The class the entity is reported under (its most specific one).
    cls: str
    #: Its name, from the newer side when it has one.
    label: str | None
    #: The values it gained and lost (for a renamed entity: compared with its old IRI's).
    added: tuple[Value, ...] = ()
    removed: tuple[Value, ...] = ()
    #: A renamed entity's old IRI, and the values that moved from it unchanged.
    previous: str | None = None
    kept: tuple[Value, ...] = ()
    #: The class a changed entity had before, when it had another (an organisation now a network).
    previous_class: str | None = None


@dataclass(frozen=True)
class ClassCounts:
    cls: str
    before: int
    after: int
    added: int = 0
    removed: int = 0
    renamed: int = 0
    changed: int = 0
    moved: int = 0


@dataclass(frozen=True)
class Diff:
    old: Side
    new: Side
    #: Sorted by class, then IRI.
    entities: tuple[EntityChange, ...]
    #: The classes with a change, sorted by IRI.
    classes: tuple[ClassCounts, ...]
    #: The base IRI of the entities, from either side's void.ttl or its source documents.
    base: str | None = None

    @property
    def differs(self) -> bool:
        return bool(self.entities)

    def iris(self) -> set[str]:
        """Every IRI the changes mention (to choose prefixes for them)."""
        found = {c.cls for c in self.classes}
        for e in self.entities:
            found |= {e.iri, e.cls, *([e.previous] if e.previous else [])}
            for v in (*e.added, *e.removed, *e.kept):
                found.add(v.property)
                if isinstance(v.node, ox.NamedNode):
                    found.add(v.node.value)
        return found


@dataclass
class _Description:
    """What one side says about the candidate subjects, and the types of all its subjects."""

    side: Side
    values: dict[bytes, set[Value]] = field(default_factory=lambda: defaultdict(set))
    names: dict[bytes, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    #: Every typed subject's types (``<iri>`` keys and values, escapes decoded).
    types: dict[bytes, set[bytes]] = field(default_factory=dict)


def compare(old: Side, new: Side, *, vocabulary: Vocabulary | None = None) -> Diff:
    """The entities that differ between ``old`` and ``new``, and the counts per class."""
    vocabulary = vocabulary or Vocabulary.from_ontology()
    only_old, only_new = _differing(old.lines, new.lines)
    if not only_old and not only_new:
        return Diff(old=old, new=new, entities=(), classes=(), base=old.identity.base or new.identity.base)
    # the subjects as spelled on either side (kg and pyoxigraph each spell an IRI one way)
    tokens = {line[: line.find(b" ")] for line in (*only_old, *only_new)}
    before, after = _describe(old, tokens), _describe(new, tokens)
    candidates = set(before.values) | set(after.values)
    old_class = _Classes(before, vocabulary)
    new_class = _Classes(after, vocabulary)
    added, removed, changes = [], [], []
    for s in sorted(candidates):
        was, now = before.values.get(s, set()), after.values.get(s, set())
        if was == now:
            continue  # the same triples, written differently
        if not was:
            added.append(s)
        elif not now:
            removed.append(s)
        else:
            kind = MOVED if all(v.property == DERIVED_FROM for v in was ^ now) else CHANGED
            change = _change(kind, s, new_class[s], after, now - was, was - now)
            if old_class[s] != new_class[s]:
                change = replace(change, previous_class=old_class[s])
            changes.append(change)
    renames = _renames(removed, added, before, after, old_class, new_class)
    for old_s, new_s in renames:
        was, now = before.values[old_s], after.values[new_s]
        change = _change(RENAMED, new_s, new_class[new_s], after, now - was, was - now)
        changes.append(replace(change, previous=_iri(old_s), kept=tuple(sorted(was & now))))
    renamed_old, renamed_new = {o for o, _ in renames}, {n for _, n in renames}
    changes += [_change(ADDED, s, new_class[s], after, after.values[s], set()) for s in added if s not in renamed_new]
    changes += [
        _change(REMOVED, s, old_class[s], before, set(), before.values[s]) for s in removed if s not in renamed_old
    ]
    changes.sort(key=lambda c: (c.cls, c.iri))
    return Diff(
        old=old,
        new=new,
        entities=tuple(changes),
        classes=_counts(changes, old_class, new_class),
        base=old.identity.base or new.identity.base or _base(before) or _base(after),
    )


def _differing(a: list[bytes], b: list[bytes], block: int = 256) -> tuple[list[bytes], list[bytes]]:
    """The lines only in ``a`` and only in ``b``, two sorted lists, merged the way a sorted diff is.

    Equal runs are skipped a block at a time (a list comparison, in C), so the cost is in the
    few places that differ, not in the million lines that do not.
    """
    only_a: list[bytes] = []
    only_b: list[bytes] = []
    i, j, na, nb = 0, 0, len(a), len(b)
    while i < na and j < nb:
        if a[i] == b[j]:
            while i + block <= na and j + block <= nb and a[i : i + block] == b[j : j + block]:
                i += block
                j += block
            while i < na and j < nb and a[i] == b[j]:
                i += 1
                j += 1
        elif a[i] < b[j]:
            only_a.append(a[i])
            i += 1
        else:
            only_b.append(b[j])
            j += 1
    only_a.extend(a[i:])
    only_b.extend(b[j:])
    return only_a, only_b


def _describe(side: Side, tokens: set[bytes]) -> _Description:
    """A side's lines of the candidate subjects, parsed, and the types of all its subjects."""
    mine: list[bytes] = []
    lines = side.lines
    for token in sorted(tokens):
        prefix = token + b" "
        i = bisect_left(lines, prefix)
        while i < len(lines) and lines[i].startswith(prefix):
            mine.append(lines[i])
            i += 1
    d = _Description(side=side, types=_types(side.data))
    if mine:
        for q in ox.parse(b"\n".join(mine), format=ox.RdfFormat.N_TRIPLES):
            s = _key(q.subject)
            p, o = q.predicate.value, q.object
            d.values[s].add(Value(p, str(o), o))
            if p in (*NAMES, ALTERNATE_NAME, DESCRIBED_IN):
                d.names[s][p].add(o.value)
    return d


def _types(data: bytes) -> dict[bytes, set[bytes]]:
    """Every subject's ``rdf:type`` values, from the lines whose predicate is ``rdf:type``.

    A byte search finds the predicate; it is the line's own when it follows the subject directly
    (an IRI has no spaces), not when it is quoted in a literal. The object is an IRI or ignored.
    """
    found: dict[bytes, set[bytes]] = {}
    find, rfind, width = data.find, data.rfind, len(_TYPE_LINE)
    pos = find(_TYPE_LINE)
    while pos != -1:
        start = rfind(b"\n", 0, pos) + 1
        end = find(b"\n", pos)
        end = len(data) if end == -1 else end
        subject = data[start:pos]
        obj = data[pos + width : end - 2] if data[end - 2 : end] == b" ." else b""
        if b" " not in subject and obj[:1] == b"<" and obj[-1:] == b">":
            if b"\\" in subject or b"\\" in obj:
                subject, obj = unescape(subject), unescape(obj)
            types = found.get(subject)
            if types is None:
                found[subject] = {obj}
            else:
                types.add(obj)
        pos = find(_TYPE_LINE, end)
    return found


def _key(node: Any) -> bytes:
    return b"<" + node.value.encode("utf-8") + b">"


def _iri(key: bytes) -> str:
    return key[1:-1].decode("utf-8")


class _Classes:
    """Every subject's class on one side: its most specific type, ``rdfs:Resource`` when it has none."""

    def __init__(self, d: _Description, vocabulary: Vocabulary) -> None:
        self._side = d.side
        self._classes: dict[bytes, str] = {}
        known: dict[frozenset[bytes], str] = {}  # few distinct sets of types: each classified once
        for s, types in d.types.items():
            key = frozenset(types)
            cls = known.get(key)
            if cls is None:
                cls = known[key] = vocabulary.primary(frozenset(_iri(t) for t in types))
            self._classes[s] = cls

    def __getitem__(self, s: bytes) -> str:
        return self._classes.get(s, RESOURCE)

    def counts(self) -> Counter[str]:
        """The number of subjects of each class (untyped subjects counted only when asked)."""
        return Counter(self._classes.values())

    def untyped(self) -> int:
        subjects = {unescape(line[: line.find(b" ")]) for line in self._side.lines}
        return len(subjects - set(self._classes))


def _label(d: _Description, s: bytes) -> str | None:
    for p in NAMES:
        names = sorted(d.names.get(s, {}).get(p, ()))
        if names:
            return names[0]
    return None


def _change(kind: str, s: bytes, cls: str, d: _Description, added: set[Value], removed: set[Value]) -> EntityChange:
    return EntityChange(
        kind=kind, iri=_iri(s), cls=cls, label=_label(d, s), added=tuple(sorted(added)), removed=tuple(sorted(removed))
    )


def _renames(
    removed: list[bytes],
    added: list[bytes],
    before: _Description,
    after: _Description,
    old_class: _Classes,
    new_class: _Classes,
) -> list[tuple[bytes, bytes]]:
    """Pairs (old, new) of a removed and an added entity that are one entity under a new IRI."""

    def names(d: _Description, s: bytes) -> tuple[set[str], set[str], set[str]]:
        found = d.names.get(s, {})
        own = set().union(*(found.get(p, set()) for p in NAMES))
        return own, own | found.get(ALTERNATE_NAME, set()), found.get(DESCRIBED_IN, set())

    def match(o: bytes, n: bytes) -> bool:
        if old_class[o] != new_class[n]:
            return False
        (own_o, all_o, docs_o), (own_n, all_n, docs_n) = names(before, o), names(after, n)
        same_source = bool(docs_o & docs_n) or not (docs_o or docs_n)
        return same_source and bool(own_o & all_n or own_n & all_o)

    candidates = {o: [n for n in added if match(o, n)] for o in removed}
    claimed = Counter(n for found in candidates.values() for n in found)
    return sorted((o, found[0]) for o, found in candidates.items() if len(found) == 1 and claimed[found[0]] == 1)


def _counts(changes: list[EntityChange], old_class: _Classes, new_class: _Classes) -> tuple[ClassCounts, ...]:
    before, after = old_class.counts(), new_class.counts()
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    for c in changes:
        by_class[c.cls][c.kind] += 1
    if RESOURCE in by_class:  # untyped subjects changed: count them (a pass over every line)
        before[RESOURCE], after[RESOURCE] = old_class.untyped(), new_class.untyped()
    return tuple(
        ClassCounts(cls=cls, before=before[cls], after=after[cls], **{k: n[k] for k in KINDS})
        for cls, n in sorted(by_class.items())
    )


def _base(d: _Description) -> str | None:
    """The base of the entity IRIs, from a source document's IRI (``{base}source/FILE``)."""
    for s, types in sorted(d.types.items()):
        if b"<" + SOURCE_DOCUMENT.encode() + b">" in types and b"/source/" in s:
            return _iri(s).rsplit("source/", 1)[0]
    return None
