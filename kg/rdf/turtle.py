"""Deterministic, fast writers for Turtle, TriG, N-Triples and N-Quads.

rdflib's serialisers are correct but slow on large graphs and leave ordering to the store; a
publisher who diffs releases needs the same bytes for the same graph. These writers sort
subjects, predicates (``rdf:type`` first) and objects by their N-Triples form and use the
project's prefixes, so a one-triple change gives a one-line diff.

Escaping follows the Turtle 1.1 and N-Triples grammars: ECHAR (``\\t \\b \\n \\r \\f \\" \\\\``)
where one exists, UCHAR (``\\u0007``) for the other control characters, everything else as it is.
An IRI holding a character IRIREF does not allow (a space, ``<``, ``"`` …) is refused with
:class:`UnwritableTerm` rather than written as a different IRI or as a file no parser reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import UnwritableTerm
from kg.rdf.compact import PrefixedNames
from kg.rdf.grammar import BNODE_LABEL, IRI_SPACE

Triple = tuple[Node, Node, Node]
#: A triple as the N-Triples forms of its subject, predicate and object.
Row = tuple[str, str, str]

_INTEGER = re.compile(r"[+-]?[0-9]+")

#: ECHAR escapes, used wherever the grammar allows them (all string forms of Turtle and N-Triples).
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
#: The other C0 controls and DEL have no ECHAR: they are written as UCHAR (``\u0007``).
_CONTROL = "\x00-\x07\x0b\x0e-\x1f\x7f"
_ESCAPE = re.compile(f'[\\\\"\n\r\t\b\f{_CONTROL}]')
#: In a long (triple-quoted) string line feeds stay as they are; a quote is escaped where it could
#: be read as part of the opening or closing triple quote: first, last, or followed by a quote
#: (Turtle needs only a quote followed by two escaped; serdi 0.30 misreads a quote before ``\"``).
_LONG_ESCAPE = re.compile(f'[\\\\\r\t\b\f{_CONTROL}]|\\A"|"(?=")|"\\Z')
#: Characters IRIREF does not allow (not even as UCHAR, which would only hide them).
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ECHAR.get(char) or f"\\u{ord(char):04X}"


def _iri(iri: str) -> str:
    bad = IRI_FORBIDDEN.search(iri)
    if bad:
        raise UnwritableTerm(
            f"cannot write the IRI {iri!r}: it contains U+{ord(bad.group()):04X} ({_describe(bad.group())}), "
            "which an IRI may not contain; expected an IRI with such characters percent-encoded"
        )
    return "<" + IRI_SPACE.sub(_escape, iri) + ">"


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char < " ":
        return "a control character"
    return repr(char)


def _string(value: str) -> str:
    """A short string literal: ``"..."`` with ECHAR and UCHAR escapes (N-Triples and Turtle)."""
    return '"' + _ESCAPE.sub(_escape, value) + '"'


def _long_string(value: str) -> str:
    """A Turtle long string literal (between triple quotes), its line feeds kept as they are."""
    return '"""' + _LONG_ESCAPE.sub(_escape, value) + '"""'


def _bnode(label: str) -> str:
    if not BNODE_LABEL.fullmatch(label):
        raise UnwritableTerm(f"cannot write the blank node {label!r}: not a valid blank node label")
    return f"_:{label}"


def nt(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle)."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        return _bnode(str(term))
    if isinstance(term, Literal):
        text = _string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{_iri(str(term.datatype))}"
        return text
    raise TypeError(f"not an RDF term: {term!r}")


class TermForms(dict[Node, str]):
    """The N-Triples form of each term met, computed once; :attr:`terms` maps a form back to its term."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: dict[str, Node] = {}

    def __missing__(self, term: Node) -> str:
        form = self[term] = nt(term)
        self.terms[form] = term
        return form

    def rows(self, triples: Iterable[Triple]) -> set[Row]:
        """The distinct triples as rows of N-Triples forms."""
        return {(self[s], self[p], self[o]) for s, p, o in triples}


#: Lines joined into one ``write`` call by the streaming writers: few calls, a bounded piece in memory.
BATCH = 16384


def write_joined(pieces: Iterable[str], out: IO[str], separator: str = "", *, size: int = BATCH) -> None:
    """``out.write(separator.join(pieces))`` without the whole text in memory: joined ``size`` at a time."""
    batch: list[str] = []
    first = True
    for piece in pieces:
        batch.append(piece)
        if len(batch) == size:
            out.write(("" if first else separator) + separator.join(batch))
            batch.clear()
            first = False
    if batch:
        out.write(("" if first else separator) + separator.join(batch))


def ntriples_lines(rows: Iterable[Row]) -> str:
    """Rows (sorted, distinct) as N-Triples text."""
    return "".join([f"{s} {p} {o} .\n" for s, p, o in rows])


def write_ntriples_rows(rows: Iterable[Row], out: IO[str]) -> None:
    """:func:`ntriples_lines`, written to ``out`` a batch at a time."""
    write_joined((f"{s} {p} {o} .\n" for s, p, o in rows), out)


def write_ntriples(triples: Iterable[Triple], out: IO[str]) -> None:
    """Sorted, one triple per line (canonical N-Triples order of lines); duplicates written once."""
    out.write(ntriples_lines(sorted(TermForms().rows(triples))))


def nquads_lines(graphs: Mapping[str, Iterable[Row]]) -> str:
    """The rows of each named graph (keyed by its name's N-Triples form) as sorted N-Quads text."""
    return "".join(sorted([f"{s} {p} {o} {g} .\n" for g, rows in graphs.items() for s, p, o in rows]))


def write_nquads_rows(graphs: Mapping[str, Iterable[Row]], out: IO[str]) -> None:
    """:func:`nquads_lines`, written a batch at a time: the quads are sorted as tuples of forms, which
    gives the order of the sorted lines (no form but an object's holds a space, and a space sorts
    before every character a form ends with), without holding every line at once."""
    quads = sorted([(s, p, o, g) for g, rows in graphs.items() for s, p, o in rows])
    write_joined((f"{s} {p} {o} {g} .\n" for s, p, o, g in quads), out)


def write_nquads(quads: Iterable[tuple[Node, Node, Node, URIRef]], out: IO[str]) -> None:
    """Sorted, one quad per line; duplicates written once."""
    forms = TermForms()
    out.write("".join(sorted({f"{forms[s]} {forms[p]} {forms[o]} {forms[g]} .\n" for s, p, o, g in quads})))


class _TurtleForms(dict[str, str]):
    """The Turtle form of each term, by its N-Triples form, computed once."""

    def __init__(self, writer: TurtleWriter, terms: Mapping[str, Node]) -> None:
        super().__init__()
        self.writer = writer
        self.terms = terms

    def __missing__(self, form: str) -> str:
        text = self[form] = self.writer.term(self.terms[form])
        return text


_RDF_TYPE = nt(RDF.type)


class TurtleWriter:
    """Turtle (and TriG blocks) with the given prefixes, sorted and grouped by subject."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.compact = PrefixedNames(prefixes)
        self.prefixes = self.compact.prefixes

    def header(self) -> str:
        return "".join(f"@prefix {p}: {_iri(ns)} .\n" for p, ns in self.prefixes.items()) + "\n"

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.compact(str(term)) or _iri(str(term))
        if isinstance(term, Literal):
            dt = term.datatype
            if dt == XSD.integer and _INTEGER.fullmatch(str(term)):
                return str(term)
            if dt == XSD.boolean and str(term) in ("true", "false"):
                return str(term)
            value = str(term)
            body = _long_string(value) if "\n" in value else _string(value)
            if term.language:
                return f"{body}@{term.language}"
            if dt and dt != XSD.string:
                return f"{body}^^{self.term(dt)}"
            return body
        return nt(term)

    def block(self, triples: Iterable[Triple], indent: str = "") -> str:
        """Subjects sorted; for each, rdf:type first, then predicates and objects sorted."""
        forms = TermForms()
        return self.rows_block(sorted(forms.rows(triples)), forms.terms, indent)

    def rows_block(
        self, rows: Iterable[Row], terms: Mapping[str, Node], indent: str = "", *, cache: dict[str, str] | None = None
    ) -> str:
        """:meth:`block` of sorted, distinct rows, whose forms ``terms`` maps back to terms."""
        return "\n".join(self.subject_blocks(rows, terms, indent, cache=cache))

    def write_rows_block(
        self,
        rows: Iterable[Row],
        terms: Mapping[str, Node],
        out: IO[str],
        indent: str = "",
        *,
        cache: dict[str, str] | None = None,
    ) -> None:
        """:meth:`rows_block`, written to ``out`` a batch of subjects at a time."""
        write_joined(self.subject_blocks(rows, terms, indent, cache=cache), out, "\n")

    def subject_blocks(
        self, rows: Iterable[Row], terms: Mapping[str, Node], indent: str = "", *, cache: dict[str, str] | None = None
    ) -> Iterator[str]:
        """Each subject's statements of sorted, distinct rows, in order (a block joins them with blank lines)."""
        text = cache if cache is not None else _TurtleForms(self, terms)
        continued = f",\n{indent}        "
        between = f" ;\n{indent}    "
        for s, group in groupby(rows, key=itemgetter(0)):
            preds: dict[str, list[str]] = {}
            for _, p, o in group:
                objects = preds.get(p)
                if objects is None:
                    preds[p] = [o]
                else:
                    objects.append(o)
            lines = []
            for p in sorted(preds, key=lambda p: (p != _RDF_TYPE, text[p])):
                rendered = [text[o] for o in preds[p]]
                verb = "a" if p == _RDF_TYPE else text[p]
                separator = ", " if sum(len(r) + 2 for r in rendered) + len(verb) <= 100 else continued
                lines.append(f"{verb} {separator.join(rendered)}")
            yield f"{indent}{text[s]} {between.join(lines)} .\n"

    def forms(self, terms: Mapping[str, Node]) -> dict[str, str]:
        """A cache of Turtle forms by N-Triples form, to share between :meth:`rows_block` calls."""
        return _TurtleForms(self, terms)

    def write(self, triples: Iterable[Triple], out: IO[str]) -> None:
        out.write(self.header())
        out.write(self.block(triples))

    def write_trig(self, graphs: Mapping[URIRef, Iterable[Triple]], out: IO[str]) -> None:
        forms = TermForms()
        encoded = {forms[name]: sorted(forms.rows(triples)) for name, triples in graphs.items()}
        self.write_trig_rows({g: encoded[g] for g in sorted(encoded)}, forms.terms, out)

    def write_trig_rows(self, graphs: Mapping[str, Iterable[Row]], terms: Mapping[str, Node], out: IO[str]) -> None:
        """TriG of each graph's sorted rows, the graphs in the order given (sorted by name)."""
        out.write(self.header())
        cache = self.forms(terms)
        for i, (name, rows) in enumerate(graphs.items()):
            out.write(("\n" if i else "") + f"{cache[name]} {{\n")
            self.write_rows_block(rows, terms, out, indent="    ", cache=cache)
            out.write("}\n")
