"""Validation results and how they are written: text for people, Turtle (sh:ValidationReport) and JSON.

:class:`Report` and :class:`ValidationResult` are built by :mod:`kg.validation.shacl`; :func:`format_report` writes
them. Every output is deterministic: results are sorted, and the report graph's blank nodes are
labelled by result order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.term import Node

from kg.core.text import squash_spaces
from kg.core.vocab import PREFIXES
from kg.errors import KgError
from kg.rdf.compact import PrefixedNames

KGSH = Namespace("https://w3id.org/kg/shapes#")
#: Severities, most severe first: the order of reports and of :attr:`Report.counts`.
SEVERITIES = ("Violation", "Warning", "Info")
REPORT_FORMATS = ("text", "turtle", "json")

_TEXT_VALUE_MAX = 120


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One validation result, in terms a curator can act on."""

    severity: str  #: ``Violation``, ``Warning`` or ``Info``
    shape: str  #: IRI of the shape that produced it (sh:sourceShape)
    focus: str  #: IRI of the focus node (``_:id`` for a blank node)
    focus_label: str | None  #: its rdfs:label or schema:name in the data
    path: str | None  #: result path in SPARQL property-path syntax with prefixed names
    value: str | None  #: the offending value in Turtle syntax (``<iri>``, ``"2019"^^xsd:gYear``)
    message: str
    #: source file name and 1-based line of the focus node (the line of the value when it is known)
    source: tuple[str, int] | None = None
    file: str | None = None  #: the source file's path, when the caller gave the files
    component: str = ""  #: the SHACL constraint component (sh:sourceConstraintComponent)

    @property
    def location(self) -> str | None:
        """``path:line`` (``name:line`` when the file's path is unknown), or None."""
        if self.source is None:
            return None
        return f"{self.file or self.source[0]}:{self.source[1]}"

    def sort_key(self) -> tuple[Any, ...]:
        return (
            SEVERITIES.index(self.severity),
            self.shape,
            self.focus,
            self.path or "",
            self.value or "",
            self.message,
            self.source or ("", 0),
        )

    def as_dict(self) -> dict[str, Any]:
        source = None if self.source is None else {"file": self.source[0], "line": self.source[1], "path": self.file}
        return {
            "severity": self.severity,
            "shape": self.shape,
            "focus": self.focus,
            "focus_label": self.focus_label,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "source": source,
            "component": self.component,
        }


@dataclass
class Report:
    """The outcome of one validation: sorted results and the standard sh:ValidationReport graph."""

    results: list[ValidationResult]
    graph: Graph  #: the sh:ValidationReport, blank nodes labelled in result order
    seconds: float = 0.0  #: time spent in pyshacl
    counts: dict[str, int] = field(init=False)  #: number of results per severity, every severity present

    def __post_init__(self) -> None:
        self.counts = {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True when there is no sh:Violation (warnings and infos are allowed)."""
        return self.counts["Violation"] == 0

    def of(self, severity: str) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == severity]

    @property
    def violations(self) -> list[ValidationResult]:
        return self.of("Violation")

    @property
    def warnings(self) -> list[ValidationResult]:
        return self.of("Warning")


# -- writing -----------------------------------------------------------------------------------------


def format_report(report: Report, *, fmt: str) -> str:
    """The report as ``text`` (grouped by severity, then shape), ``turtle`` (the report graph) or ``json``."""
    if fmt == "text":
        return _text(report)
    if fmt == "turtle":
        return report.graph.serialize(format="turtle")
    if fmt == "json":
        return json.dumps([r.as_dict() for r in report.results], indent=2, ensure_ascii=False) + "\n"
    raise KgError(f"unknown report format {fmt!r}; expected one of {', '.join(REPORT_FORMATS)}")


def _text(report: Report) -> str:
    counts = ", ".join(f"{n} {_plural(s, n).lower()}" for s, n in report.counts.items())
    verdict = "conforms" if report.conforms else "does not conform"
    lines = [f"SHACL validation: {verdict} ({counts})"]
    for severity, by_severity in groupby(report.results, key=lambda r: r.severity):
        group = list(by_severity)
        lines += ["", f"{_plural(severity, len(group))} ({len(group)})"]
        for shape, by_shape in groupby(group, key=lambda r: r.shape):
            results = list(by_shape)
            lines += ["", f"  {curie(URIRef(shape))} ({len(results)})"]
            for r in results:
                label = f"{r.focus_label} " if r.focus_label else ""
                lines.append(f"    {r.location or '(no source line)'}: {label}<{r.focus}>")
                if r.path:
                    lines.append(f"      path:  {r.path}")
                if r.value:
                    lines.append(f"      value: {_shorten(r.value)}")
                lines.append(f"      {r.message}")
    return "\n".join(lines) + "\n"


def _plural(severity: str, n: int) -> str:
    return severity if n == 1 else {"Info": "Infos"}.get(severity, severity + "s")


def _shorten(text: str) -> str:
    text = squash_spaces(text)
    return text if len(text) <= _TEXT_VALUE_MAX else text[: _TEXT_VALUE_MAX - 1] + "…"


# -- terms and paths ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def namespaces() -> NamespaceManager:
    """The project's prefixes, plus ``sh:`` and ``kgsh:``."""
    nm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "sh": SH, "kgsh": KGSH}.items():
        nm.bind(prefix, ns)
    return nm


@lru_cache(maxsize=1)
def _compactor() -> PrefixedNames:
    return PrefixedNames({prefix: str(ns) for prefix, ns in namespaces().namespaces()})


def curie(iri: URIRef) -> str:
    """``kgo:endYear`` for a term in one of the project's namespaces, else ``<iri>``."""
    return _compactor().text(str(iri))


def term_text(term: Node) -> str:
    """A term in Turtle syntax, datatypes abbreviated: ``<iri>``, ``"2019"^^xsd:gYear``, ``"Nonprofit"@en``."""
    if isinstance(term, Literal):
        return term.n3(namespaces())
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax: ``kgo:a``, ``^kgo:a``, ``(kgo:a | kgo:b)``, ``kgo:a / ^kgo:b``."""
    if isinstance(path, URIRef):
        return curie(path)
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + _grouped(graph, inverse)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + " | ".join(path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := graph.value(path, predicate)) is not None:
            return _grouped(graph, inner) + suffix
    if graph.value(path, RDF.first) is not None:
        return " / ".join(_grouped(graph, p) for p in Collection(graph, path))
    return term_text(path)


def _grouped(graph: Graph, path: Node) -> str:
    text = path_text(graph, path)
    simple = isinstance(path, URIRef) or text.startswith(("(", "^"))
    return text if simple else f"({text})"


def canonical_report(raw: Graph, ordered: list[Node], data_namespaces: Iterable[tuple[str, str]]) -> Graph:
    """``raw`` with its blank nodes labelled by result order (``_:r00001``, ``_:r00001b1`` …), for stable output."""
    labels: dict[Node, BNode] = {report: BNode("report") for report in raw.subjects(RDF.type, SH.ValidationReport)}
    for index, node in enumerate(ordered, start=1):
        prefix = f"r{index:05d}"
        labels[node] = BNode(prefix)
        queue, count = [node], 0
        while queue:
            current = queue.pop(0)
            for _, o in sorted(raw.predicate_objects(current), key=lambda po: (str(po[0]), _sort_text(po[1]))):
                if isinstance(o, BNode) and o not in labels:
                    count += 1
                    labels[o] = BNode(f"{prefix}b{count}")
                    queue.append(o)
    graph = Graph(bind_namespaces="none")
    for prefix, ns in [*sorted(namespaces().namespaces()), *sorted(data_namespaces)]:
        graph.bind(prefix, ns, override=False)
    for s, p, o in raw:
        graph.add((labels.get(s, s), p, labels.get(o, o)))  # type: ignore[arg-type]
    return graph


def _sort_text(term: Node) -> str:
    return "" if isinstance(term, BNode) else term_text(term)
