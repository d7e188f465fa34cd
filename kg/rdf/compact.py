"""Shorten IRIs with prefixes, by the rules of the format they are written in.

Turtle and JSON-LD disagree on what may follow a prefix, so there are two compactors, each named
for its rules: :class:`PrefixedNames` (Turtle's PN_LOCAL) and :class:`CompactIris` (JSON-LD compact
IRIs). Both pick the longest matching namespace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kg.rdf.grammar import IRI_SPACE, PN_LOCAL, PN_PREFIX

if TYPE_CHECKING:
    from rdflib.term import Node


class PrefixedNames:
    """Prefixed names (``kgo:endYear``) for IRIs, by Turtle's rules (the local part must be a
    PN_LOCAL): the one place that shortens IRIs for Turtle, TriG, the validation report and result
    tables."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        for prefix in prefixes:
            if not PN_PREFIX.fullmatch(prefix):
                raise ValueError(f"not a valid Turtle prefix: {prefix!r}")
        self.prefixes = dict(prefixes)
        # longest namespace first, so that nested namespaces pick the most specific prefix
        self._by_ns = sorted(((str(ns), p) for p, ns in self.prefixes.items()), key=lambda x: (-len(x[0]), x[1]))

    def __call__(self, iri: str) -> str | None:
        """The prefixed name of ``iri``, or None when no prefix gives a valid one."""
        for ns, prefix in self._by_ns:
            if iri.startswith(ns):
                local = iri[len(ns) :]
                if local == "" or (PN_LOCAL.fullmatch(local) and not IRI_SPACE.search(local)):
                    return f"{prefix}:{local}"
        return None

    def text(self, iri: str) -> str:
        """The prefixed name, else the IRI in angle brackets."""
        return self(iri) or f"<{iri}>"


class CompactIris:
    """Compact IRIs (``kgo:endYear``) and JSON-LD values by JSON-LD's rules: any non-empty suffix that
    does not start with ``//`` may follow the prefix (unlike Turtle, no character rules), and an
    absolute IRI whose scheme is a prefix would be misread, so it is refused."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.prefixes = set(prefixes)

    def iri(self, iri: str) -> str:
        for ns, prefix in self.by_ns:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        scheme = iri.split(":", 1)[0]
        if scheme in self.prefixes:  # would be misread as a compact IRI
            raise ValueError(f"IRI {iri!r} clashes with the prefix {scheme!r}")
        return iri

    def value(self, term: Node) -> object:
        from rdflib import BNode, Literal, URIRef  # here, so that result tables need no rdflib
        from rdflib.namespace import XSD

        if isinstance(term, URIRef):
            return {"@id": self.iri(str(term))}
        if isinstance(term, BNode):
            return {"@id": f"_:{term}"}
        assert isinstance(term, Literal)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype and term.datatype != XSD.string:
            return {"@value": str(term), "@type": self.iri(str(term.datatype))}
        return str(term)
