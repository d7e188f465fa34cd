"""The site's view of the graph: every entity under the base, its statements, the statements that point
at it, its label and its types, gathered in one pass over the triples (no query per entity).

An entity is every IRI under the dataset's base that is the subject of a triple and whose path
after the base is a plain relative path (no ``#``, ``?``, empty or dot segments): its page is
``{path}.html`` in the site folder, beside ``{path}.ttl``, ``{path}.jsonld`` and ``{path}.nt``.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kg.core.vocab import KGO, SCHEMA
from kg.rdf.ontology import superterms

Triple = tuple[Node, Node, Node]
#: A path segment a file may be named by: no empty, dot or dot-dot segment, nothing a URL would split on.
_SEGMENT = re.compile(r"[^/#?\\\x00-\x20]+")
_LINE = re.compile(r"#line=(\d+)(?:,(\d+))?$")
#: Labels of other vocabularies' terms, for those the ontology does not define.
LABELS = Path(__file__).resolve().parent / "labels.toml"


def page_path(base: str, iri: str) -> str | None:
    """The file path (without extension, percent-decoded) of an entity's documents, or None for no page."""
    if not iri.startswith(base) or len(iri) == len(base):
        return None
    rel = unquote(iri[len(base) :])
    parts = rel.split("/")
    if any(p in (".", "..") or not _SEGMENT.fullmatch(p) for p in parts):
        return None
    return rel


def href(path: str) -> str:
    """A file path as a URL path, percent-encoded (relative; ``/`` kept)."""
    return quote(path, safe="/-._~")


def source_line(iri: str) -> int | None:
    """The line an RFC 5147 fragment ``#line=A,B`` selects (line B; ``#line=A`` is the position before line A+1)."""
    m = _LINE.search(iri)
    if m is None:
        return None
    return int(m[2]) if m[2] else int(m[1]) + 1


@dataclass
class Terms:
    """What the ontology says about the terms the pages show: labels, hierarchy, inverses."""

    labels: dict[URIRef, str] = field(default_factory=dict)
    #: Every strict super-property (transitively) of a property; every super-class of a class.
    super_properties: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    super_classes: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    inverses: dict[URIRef, URIRef] = field(default_factory=dict)

    @classmethod
    def from_graphs(cls, ontology: Graph, data_labels: dict[URIRef, str]) -> Terms:
        labels: dict[URIRef, str] = {}
        for term, label in sorted(ontology.subject_objects(RDFS.label), key=lambda x: (str(x[0]), str(x[1]))):
            if isinstance(term, URIRef) and isinstance(label, Literal) and label.language in (None, "en"):
                labels.setdefault(term, str(label))
        known = {URIRef(k): v for k, v in tomllib.loads(LABELS.read_text(encoding="utf-8")).items()}
        return cls(
            labels={**known, **data_labels, **labels},
            super_properties=superterms(ontology, RDFS.subPropertyOf),
            super_classes=superterms(ontology, RDFS.subClassOf),
            inverses={
                s: o
                for s, o in ontology.subject_objects(OWL.inverseOf)
                if isinstance(s, URIRef) and isinstance(o, URIRef)
            },
        )

    def label(self, term: URIRef, curie: str) -> str:
        return self.labels.get(term, curie)


_TYPE, _LABEL, _NAME = RDF.type, RDFS.label, SCHEMA.name


class _Same(dict[Node, Node]):
    """Every term stands for itself: :meth:`Entities.from_triples` given terms, not keys."""

    def __missing__(self, key: Node) -> Node:
        return key


_SAME = _Same()
_KGO = str(KGO)


@dataclass
class Entities:
    """Statements grouped by subject and, for links between entities, by object: one pass over the graph."""

    base: str
    #: entity IRI → its page path (without extension)
    paths: dict[URIRef, str]
    out: dict[Node, list[tuple[Node, Node]]]
    into: dict[URIRef, list[tuple[Node, Node]]]
    labels: dict[Node, str]
    #: each node's ``rdfs:label`` and ``schema:name`` statements (what a document says about what it links to)
    names: dict[Node, list[tuple[Node, Node]]]
    #: each node's classes, sorted
    classes: dict[Node, list[URIRef]]
    #: one object per distinct predicate: the statements above hold these, so a predicate is found by identity
    predicates: dict[Node, Node]

    @classmethod
    def from_triples(
        cls, base: str, triples: Iterable[tuple[Any, Any, Any]], terms: Mapping[Any, Node] | None = None
    ) -> Entities:
        """Group ``triples`` (each once, any order): terms, or keys that ``terms`` maps to terms. The build
        passes its encoded graph's N-Triples forms: grouping by them is quicker (3.9 s against 5.9 s for
        1.1M triples), as a str keeps its hash where an rdflib Literal computes it on every lookup."""
        term: Mapping[Any, Node] = terms if terms is not None else _SAME
        out: dict[Any, list[tuple[Node, Node]]] = defaultdict(list)
        into: dict[Any, list[tuple[Node, Node]]] = defaultdict(list)
        names: dict[Any, list[tuple[Node, Node]]] = defaultdict(list)
        classes: dict[Any, list[URIRef]] = defaultdict(list)
        predicates: dict[Node, Node] = {_TYPE: _TYPE, _LABEL: _LABEL, _NAME: _NAME}
        one = predicates.setdefault
        known: dict[Any, Node] = {}  # a predicate's key → its one object
        for s, p, o in triples:
            pn = known.get(p)
            if pn is None:
                node = term[p]
                pn = known[p] = one(node, node)
            on = term[o]
            out[s].append((pn, on))
            if pn is _TYPE:
                if isinstance(on, URIRef):
                    classes[s].append(on)
            elif isinstance(on, URIRef):
                into[o].append((pn, term[s]))
            elif (pn is _NAME or pn is _LABEL) and isinstance(on, Literal):
                names[s].append((pn, on))
        if terms is not None:  # keyed by the terms, as the pages look them up
            out, into, names, classes = ({term[k]: v for k, v in d.items()} for d in (out, into, names, classes))
        paths = {}
        for s in out:
            if isinstance(s, URIRef) and (path := page_path(base, str(s))) is not None:
                paths[s] = path
        labels = {}
        for s, found in names.items():
            english = [str(o) for _, o in found if o.language in (None, "en")]  # type: ignore[union-attr]
            if english:
                labels[s] = min(english)
        return cls(
            base=base,
            paths=paths,
            out=dict(out),
            into=dict(into),
            labels=labels,
            names=dict(names),
            classes={s: sorted(c) for s, c in classes.items()},
            predicates=predicates,
        )

    @property
    def size(self) -> int:
        """The number of triples in the graph."""
        return sum(map(len, self.out.values()))

    def label(self, node: Node) -> str:
        """The entity's name (its smallest English or untagged schema:name or rdfs:label), else its IRI."""
        found = self.labels.get(node)
        if found is not None:
            return found
        text = str(node)
        return text[len(self.base) :] if text.startswith(self.base) else text

    def types(self, node: Node) -> list[URIRef]:
        return self.classes.get(node, [])

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        wanted = self.predicates.get(predicate)
        return [o for p, o in self.out.get(node, ()) if p is wanted] if wanted is not None else []

    def instances(self) -> dict[URIRef, list[URIRef]]:
        """Each class of the ontology's namespace and its entities (those that have pages)."""
        found: dict[URIRef, list[URIRef]] = defaultdict(list)
        for iri in self.paths:
            for c in self.classes.get(iri, ()):
                if str(c).startswith(_KGO):
                    found[c].append(iri)
        return {c: sorted(found[c], key=lambda e: (self.label(e).casefold(), str(e))) for c in sorted(found)}


def without_entailed(
    pairs: Iterable[tuple[Node, Node]], supers: dict[URIRef, frozenset[URIRef]]
) -> list[tuple[Node, Node]]:
    """The (property, value) pairs that no other pair entails: ``schema:member X`` goes when ``kgo:participant X``
    is there, because the build wrote it from that one (materialisation)."""
    pairs = list(pairs)
    entailed = {(sup, o) for p, o in pairs if isinstance(p, URIRef) for sup in supers.get(p, ())}
    return [(p, o) for p, o in pairs if (p, o) not in entailed]
