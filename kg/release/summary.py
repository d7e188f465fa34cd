"""A diff as people read it: a structured summary (for JSON and a release-notes page) and text.

:func:`summarise` resolves what a :class:`~kg.release.diff.Diff` holds as IRIs into what a page
shows: prefixed names (``project:doors_2021_2023``), class and property labels from the ontology
(``Project``, ``website``; a property without one keeps its prefixed name, ``schema:url``), values
written as in Turtle. ``kg diff --format json`` prints :meth:`ReleaseSummary.as_dict`; the text
format is rendered from the same summary, so both always say the same.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Literal

from kg.rdf.oxterms import from_oxigraph
from kg.rdf.turtle import TurtleWriter, nt
from kg.release.diff import ADDED, CHANGED, KINDS, MOVED, REMOVED, RENAMED, Diff, Value
from kg.release.read import Side
from kg.release.terms import Vocabulary, compactor, prefixes

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: How each kind of change is marked in the text format.
MARKS = {ADDED: "+", REMOVED: "-", RENAMED: ">", CHANGED: "~", MOVED: "="}


@dataclass(frozen=True)
class ValueSummary:
    property: str
    #: The property's label in the ontology (``website``), else its prefixed name (``schema:url``).
    property_label: str
    #: The value as in Turtle: ``project:doors_2021_2023``, ``"DOORS"``, ``"2021"^^xsd:gYear``.
    text: str
    #: The IRI, or a literal's lexical form.
    value: str
    datatype: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class EntitySummary:
    change: str
    iri: str
    #: The IRI as a prefixed name (``organisation:ecsite``), else in angle brackets.
    name: str
    label: str | None
    class_iri: str
    class_label: str
    #: The old IRI of a renamed entity, and its prefixed name.
    previous: str | None
    previous_name: str | None
    #: The class the entity had before, when it changed class (an organisation now a network).
    previous_class_iri: str | None
    previous_class_name: str | None
    #: The values a changed, renamed or moved entity gained and lost (those of an added or removed
    #: entity are all new or all gone: they are in the change set, not repeated here).
    added: tuple[ValueSummary, ...]
    removed: tuple[ValueSummary, ...]


@dataclass(frozen=True)
class ClassSummary:
    iri: str
    name: str
    label: str
    before: int
    after: int
    added: int
    removed: int
    renamed: int
    changed: int
    moved: int


@dataclass(frozen=True)
class SideSummary:
    path: str
    dataset: str | None
    version: str | None
    #: The release's IRI, ``{dataset}/{version}``.
    release: str | None


@dataclass(frozen=True)
class ReleaseSummary:
    """What changed from ``old`` to ``new``: counts per class, and each entity's change."""

    old: SideSummary
    new: SideSummary
    differs: bool
    #: The number of entities of each kind of change (``{"added": 1, "removed": 0, …}``).
    totals: dict[str, int]
    classes: tuple[ClassSummary, ...]
    entities: tuple[EntitySummary, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (lists, dicts, strings, numbers)."""
        return asdict(self)


def summarise(diff: Diff, *, vocabulary: Vocabulary | None = None) -> ReleaseSummary:
    vocabulary = vocabulary or Vocabulary.from_ontology()
    iris = diff.iris()
    compact = compactor(diff.base, iris)
    writer = TurtleWriter(prefixes(diff.base, iris))

    def label(iri: str) -> str:
        return vocabulary.label(iri) or compact.text(iri)

    def value(v: Value) -> ValueSummary:
        node = v.node
        if isinstance(node, ox.NamedNode):
            return ValueSummary(v.property, label(v.property), compact.text(node.value), node.value)
        datatype = node.datatype.value if node.language is None else None
        literal = from_oxigraph(node)
        # on one line: a text with line feeds in its N-Triples form (escaped), not as a long string
        text = writer.term(literal) if "\n" not in node.value else nt(Literal(node.value, lang=node.language))
        if "\n" in node.value and datatype not in (None, _XSD_STRING):
            text += "^^" + compact.text(datatype)
        return ValueSummary(v.property, label(v.property), text, node.value, datatype, node.language)

    totals = {kind: sum(1 for e in diff.entities if e.kind == kind) for kind in KINDS}
    return ReleaseSummary(
        old=_side(diff.old),
        new=_side(diff.new),
        differs=diff.differs,
        totals=totals,
        classes=tuple(
            ClassSummary(
                c.cls,
                compact.text(c.cls),
                label(c.cls),
                c.before,
                c.after,
                c.added,
                c.removed,
                c.renamed,
                c.changed,
                c.moved,
            )
            for c in diff.classes
        ),
        entities=tuple(
            EntitySummary(
                change=e.kind,
                iri=e.iri,
                name=compact.text(e.iri),
                label=e.label,
                class_iri=e.cls,
                class_label=label(e.cls),
                previous=e.previous,
                previous_name=compact.text(e.previous) if e.previous else None,
                previous_class_iri=e.previous_class,
                previous_class_name=compact.text(e.previous_class) if e.previous_class else None,
                added=tuple(value(v) for v in e.added) if e.kind != ADDED else (),
                removed=tuple(value(v) for v in e.removed) if e.kind != REMOVED else (),
            )
            for e in diff.entities
        ),
    )


def _side(side: Side) -> SideSummary:
    i = side.identity
    return SideSummary(path=str(side.path), dataset=i.dataset, version=i.version, release=i.version_iri)


def counts_text(counts: dict[str, int]) -> str:
    """``1 added, 2 removed, 3 moved``: the kinds of change that happened, in the order of :data:`KINDS`."""
    return ", ".join(f"{counts[k]} {k}" for k in KINDS if counts.get(k)) or "no change"


def format_summary(summary: ReleaseSummary, *, fmt: str) -> str:
    """The summary as ``text`` (for people) or ``json``."""
    if fmt == "json":
        return json.dumps(summary.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    return _text(summary)


def _side_text(side: SideSummary) -> str:
    return f"{side.path} (release {side.version})" if side.version else side.path


def _text(summary: ReleaseSummary) -> str:
    lines = [f"--- {_side_text(summary.old)}", f"+++ {_side_text(summary.new)}"]
    if not summary.differs:
        return "\n".join([*lines, "no differences", ""])
    lines.append(f"{sum(summary.totals.values())} entities differ: {counts_text(summary.totals)}")
    for c in summary.classes:
        counts = counts_text(asdict(c))
        title = c.label if c.label == c.name else f"{c.label} ({c.name})"
        lines += ["", f"{title}: {c.before} before, {c.after} after; {counts}"]
        for e in summary.entities:
            if e.class_iri != c.iri:
                continue
            named = f'{e.name} "{e.label}"' if e.label else e.name
            if e.change == RENAMED:
                named += f" (renamed from {e.previous_name})"
            elif e.change == MOVED:
                named += " (only the source lines it was read from changed)"
            if e.previous_class_iri:
                named += f" (was {e.previous_class_name})"
            lines.append(f"  {MARKS[e.change]} {named}")
            if e.change in (CHANGED, RENAMED):
                lines += [f"      - {v.property_label}: {v.text}" for v in e.removed]
                lines += [f"      + {v.property_label}: {v.text}" for v in e.added]
    return "\n".join([*lines, ""])
