"""The release notes on the site: when the build compared the graph with a previous release
(``kg build --previous``), ``changes.html`` says what changed, class by class and entity by entity,
each entity linked to its page where it still has one; the home page links to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from rdflib import URIRef

from kg.site.entities import Entities, href


class _Side(Protocol):
    path: str
    version: str | None


class ReleaseSummary(Protocol):
    """What the page reads of :class:`kg.release.summary.ReleaseSummary` (the release package is the site's
    neighbour, not below it, so it is described here rather than imported)."""

    old: _Side
    new: _Side
    differs: bool
    totals: Mapping[str, int]
    classes: Sequence[Any]
    entities: Sequence[Any]


#: The kinds of change, in the order the release notes list them (kg.release.diff.KINDS).
KINDS = ("added", "removed", "renamed", "changed", "moved")


def changes_context(summary: ReleaseSummary, entities: Entities) -> dict[str, object]:
    """The page's view of a release summary."""
    classes = []
    for c in summary.classes:
        members = [
            {
                "change": e.change,
                "name": e.label or e.name,
                "iri": e.iri,
                "href": href(entities.paths[URIRef(e.iri)]) + ".html" if URIRef(e.iri) in entities.paths else None,
                "previous": e.previous_name,
                "previous_class": e.previous_class_name,
                "added": [(v.property_label, v.text) for v in e.added],
                "removed": [(v.property_label, v.text) for v in e.removed],
            }
            for e in summary.entities
            if e.class_iri == c.iri
        ]
        counts = {k: getattr(c, k) for k in KINDS if getattr(c, k)}
        classes.append({"label": c.label, "before": c.before, "after": c.after, "counts": counts, "entities": members})
    return {
        "root": "",
        "old": summary.old.version or summary.old.path,
        "new": summary.new.version or summary.new.path,
        "differs": summary.differs,
        "totals": {k: summary.totals[k] for k in KINDS if summary.totals.get(k)},
        "classes": classes,
    }
