"""Each entity's description as data: its own triples and the labels of what it links to, in Turtle,
JSON-LD (context inline, so the file stands alone) and N-Triples; sorted, so the bytes depend only on
the graph.

Tens of thousands of small documents are written per build, so every term is written once (Turtle,
N-Triples and JSON-LD forms are memoised) and each document names only the prefixes it uses. The
Turtle is laid out as ``graph.ttl`` is (``a`` first, predicates and objects sorted); the term
writers are :mod:`kg.serialize`'s, so escaping is the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import SiteError
from kg.rdf.turtle import TurtleWriter, nt
from kg.site.entities import Entities, Triple

#: The per-entity documents: file extension, media type, name for people.
DOCUMENTS = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
)
_TYPE = RDF.type
_TYPE_NT = f"<{RDF.type}>"
_STRING = XSD.string


@dataclass(frozen=True)
class Documents:
    turtle: bytes
    jsonld: bytes
    ntriples: bytes

    def by_extension(self) -> dict[str, bytes]:
        return {"ttl": self.turtle, "jsonld": self.jsonld, "nt": self.ntriples}


@dataclass(frozen=True, slots=True)
class _Form:
    """One term as each document writes it."""

    nt: str
    ttl: str
    #: JSON-LD: an IRI's compact form (as key, type or ``@id``); None for a literal
    key: str | None
    #: JSON-LD: the term as a value
    value: object
    #: the prefix the Turtle and JSON-LD forms use, or ""
    prefix: str


@dataclass(frozen=True, slots=True)
class _Block:
    """One subject's statements, written as each document writes them."""

    subject: str
    turtle: str
    node: dict[str, object]
    lines: list[str]
    prefixes: frozenset[str]


class DocumentWriter:
    """Writes the three documents of an entity; one per site, since it remembers every term it wrote."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self._turtle = TurtleWriter(self.prefixes)
        self._forms: dict[Node, _Form] = {}
        self._label_blocks: dict[Node, list[_Block]] = {}

    def form(self, term: Node) -> _Form:
        found = self._forms.get(term)
        if found is None:
            found = self._forms[term] = self._form(term)
        return found

    def _form(self, term: Node) -> _Form:
        ttl = self._turtle.term(term)
        if isinstance(term, URIRef):
            if ttl.startswith("<"):
                if str(term).split(":", 1)[0] in self.prefixes:
                    raise SiteError(f"the IRI {str(term)!r} would be read as a compact IRI (its scheme is a prefix)")
                return _Form(nt(term), ttl, str(term), {"@id": str(term)}, "")
            return _Form(nt(term), ttl, ttl, {"@id": ttl}, ttl.split(":", 1)[0])
        if not isinstance(term, Literal):
            raise SiteError(f"cannot write {term!r} in an entity's documents (blank nodes have no page)")
        if term.language:
            return _Form(nt(term), ttl, None, {"@value": str(term), "@language": term.language}, "")
        if term.datatype is not None and term.datatype != _STRING:
            datatype = self.form(term.datatype)
            value = {"@value": str(term), "@type": datatype.key}
            # an xsd:integer is written bare in Turtle, but JSON-LD still names its datatype
            return _Form(nt(term), ttl, None, value, datatype.prefix)
        return _Form(nt(term), ttl, None, str(term), "")

    def _block(self, triples: Iterable[Triple]) -> list[_Block]:
        """Each subject's statements in all three forms: predicates ``rdf:type`` first, objects sorted."""
        form = self.form
        by_subject: dict[str, tuple[_Form, dict[str, tuple[_Form, dict[str, _Form]]]]] = {}
        for s, p, o in triples:
            fs, fp, fo = form(s), form(p), form(o)
            preds = by_subject.setdefault(fs.nt, (fs, {}))[1]
            preds.setdefault(fp.nt, (fp, {}))[1][fo.nt] = fo
        blocks = []
        for s_nt, (subject, preds) in by_subject.items():
            used = {subject.prefix}
            statements, node, lines = [], {"@id": subject.key}, []
            for predicate, objects_by_nt in sorted(preds.values(), key=lambda x: (x[0].nt != _TYPE_NT, x[0].ttl)):
                objects = [objects_by_nt[k] for k in sorted(objects_by_nt)]
                used.add(predicate.prefix)
                used.update(o.prefix for o in objects)
                is_type = predicate.nt == _TYPE_NT
                verb = "a" if is_type else predicate.ttl
                rendered = [o.ttl for o in objects]
                separator = ", " if sum(len(r) + 2 for r in rendered) + len(verb) <= 100 else ",\n        "
                statements.append(f"{verb} {separator.join(rendered)}")
                values = [o.key for o in objects] if is_type else [o.value for o in objects]
                node["@type" if is_type else str(predicate.key)] = values[0] if len(values) == 1 else values
                lines.extend(f"{s_nt} {predicate.nt} {o.nt} .\n" for o in objects)
            body = " ;\n    ".join(statements)
            blocks.append(_Block(s_nt, f"{subject.ttl} {body} .\n", node, lines, frozenset(used)))
        return blocks

    def _labels(self, entities: Entities, node: Node) -> list[_Block]:
        """The block of a linked entity's labels, the same in every document that links to it: written once."""
        found = self._label_blocks.get(node)
        if found is None:
            found = self._label_blocks[node] = self._block((node, p, o) for p, o in entities.names.get(node, ()))
        return found

    def statements(self, entities: Entities, iri: URIRef) -> list[str]:
        """What the entity's documents are written from, sorted: its own statements and the names of
        each IRI it links to, as N-Triples (the key under which its files are reused)."""
        form = self.form
        out = entities.out.get(iri, ())
        found = {f"{form(p).nt} {form(o).nt}" for p, o in out}
        for other in {o for p, o in out if isinstance(o, URIRef) and o != iri and p != _TYPE}:
            other_nt = form(other).nt
            found.update(f"{other_nt} {form(p).nt} {form(o).nt}" for p, o in entities.names.get(other, ()))
        return sorted(found)

    def write(self, entities: Entities, iri: URIRef) -> Documents:
        """The entity's documents: its own statements and the labels of each IRI it links to (so a reader of
        the file alone can name them), subjects in N-Triples order, the same order in all three."""
        out = entities.out.get(iri, ())
        blocks = self._block((iri, p, o) for p, o in out)
        linked = {o for p, o in out if isinstance(o, URIRef) and o != iri and p != _TYPE}
        for other in linked:
            blocks.extend(self._labels(entities, other))
        blocks.sort(key=lambda b: b.subject)
        used = frozenset().union(*(b.prefixes for b in blocks))
        declared = {p: ns for p, ns in self.prefixes.items() if p in used}
        header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in declared.items())
        turtle = header + "\n" + "\n".join(b.turtle for b in blocks)
        jsonld = json.dumps({"@context": declared, "@graph": [b.node for b in blocks]}, ensure_ascii=False) + "\n"
        lines = sorted(line for b in blocks for line in b.lines)
        return Documents(turtle.encode(), jsonld.encode(), "".join(lines).encode())
