"""Deterministic, fast writers for Turtle, TriG, N-Triples and N-Quads.

rdflib's serialisers are correct but slow on large graphs and leave ordering to the store; a
publisher who diffs releases needs the same bytes for the same graph. These writers sort
subjects, predicates (``rdf:type`` first) and objects by their N-Triples form and use the
project's prefixes, so a one-triple change gives a one-line diff.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_PN_LOCAL = re.compile(r"^[A-Za-z0-9_][\w\-.]*(?<!\.)$")
_PN_PREFIX = re.compile(r"^[A-Za-z][\w\-.]*(?<!\.)$|^$")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')
_LONG_ESCAPE = re.compile(r'[\\\r\b\f]|"(?="")|"$')
_INTEGER = re.compile(r"^[+-]?\d+$")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(iri: str) -> str:
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _string(value: str) -> str:
    return '"' + _ESCAPE.sub(lambda m: _ECHAR[m.group()], value) + '"'


def nt(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle)."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = _string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{_iri(str(term.datatype))}"
        return text
    raise TypeError(f"not an RDF term: {term!r}")


def _sort_key(term: Node) -> str:
    return nt(term)


def write_ntriples(triples: Iterable[Triple], out: IO[str]) -> None:
    """Sorted, one triple per line (canonical N-Triples order of lines)."""
    for line in sorted(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples):
        out.write(line)


def write_nquads(quads: Iterable[tuple[Node, Node, Node, URIRef]], out: IO[str]) -> None:
    for line in sorted(f"{nt(s)} {nt(p)} {nt(o)} {nt(g)} .\n" for s, p, o, g in quads):
        out.write(line)


class TurtleWriter:
    """Turtle (and TriG blocks) with the given prefixes, sorted and grouped by subject."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        for prefix in prefixes:
            if not _PN_PREFIX.match(prefix):
                raise ValueError(f"not a valid Turtle prefix: {prefix!r}")
        self.prefixes = dict(prefixes)
        # longest namespace first, so that nested namespaces pick the most specific prefix
        self._by_ns = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: -len(x[0]))

    def header(self) -> str:
        return "".join(f"@prefix {p}: {_iri(ns)} .\n" for p, ns in self.prefixes.items()) + "\n"

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            iri = str(term)
            for ns, prefix in self._by_ns:
                if iri.startswith(ns):
                    local = iri[len(ns) :]
                    if local == "" or _PN_LOCAL.match(local):
                        return f"{prefix}:{local}"
            return _iri(iri)
        if isinstance(term, Literal):
            dt = term.datatype
            if dt == XSD.integer and _INTEGER.match(str(term)):
                return str(term)
            if dt == XSD.boolean and str(term) in ("true", "false"):
                return str(term)
            value = str(term)
            if "\n" in value:
                body = '"""' + _LONG_ESCAPE.sub(lambda m: "\\" + m.group(), value) + '"""'
            else:
                body = _string(value)
            if term.language:
                return f"{body}@{term.language}"
            if dt and dt != XSD.string:
                return f"{body}^^{self.term(dt)}"
            return body
        return nt(term)

    def block(self, triples: Iterable[Triple], indent: str = "") -> str:
        """Subjects sorted; for each, rdf:type first, then predicates and objects sorted."""
        by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            by_subject[s][p].append(o)
        chunks = []
        for s in sorted(by_subject, key=_sort_key):
            preds = by_subject[s]
            lines = []
            for p in sorted(preds, key=lambda p: (p != RDF.type, self.term(p))):
                rendered = [self.term(o) for o in sorted(set(preds[p]), key=_sort_key)]
                verb = "a" if p == RDF.type else self.term(p)
                separator = ", " if sum(len(r) + 2 for r in rendered) + len(verb) <= 100 else f",\n{indent}        "
                lines.append(f"{verb} {separator.join(rendered)}")
            body = f" ;\n{indent}    ".join(lines)
            chunks.append(f"{indent}{self.term(s)} {body} .\n")
        return "\n".join(chunks)

    def write(self, triples: Iterable[Triple], out: IO[str]) -> None:
        out.write(self.header())
        out.write(self.block(triples))

    def write_trig(self, graphs: Mapping[URIRef, Iterable[Triple]], out: IO[str]) -> None:
        out.write(self.header())
        parts = []
        for name in sorted(graphs, key=_sort_key):
            parts.append(f"{self.term(name)} {{\n{self.block(graphs[name], indent='    ')}}}\n")
        out.write("\n".join(parts))
