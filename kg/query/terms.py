"""Parameters as text, without an RDF library: the types a parameter may have, how an ad-hoc value
says its type, and the ``VALUES`` block that binds terms written in N-Triples into a query's text.

This module and the others of ``kg query``'s quick path (:mod:`kg.query.local`) import only
pyoxigraph and the standard library, so that a query on the build's store costs what the store
costs. The full checks, with their messages, are :mod:`kg.query.params`'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import ParameterError, QueryError

#: Parameter types a query header may declare, and what a value of each looks like.
PARAM_TYPES = {
    "IRI": "an absolute IRI, e.g. https://w3id.org/kg/id/project/doors_2021_2023",
    "xsd:string": "any text",
    "rdf:langString": "text with a language tag, e.g. President@en",
    "xsd:gYear": "a year of four digits, e.g. 2022",
    "xsd:integer": "a whole number, e.g. 2",
}
XSD = "http://www.w3.org/2001/XMLSchema#"

LANG_TEXT = re.compile(r"(.*)@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)", re.DOTALL)
INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_YEAR = re.compile(r"[0-9]{4}")
#: IRIs the quick path takes as they are: a scheme and printable ASCII that no IRI rule forbids.
_PLAIN_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[!#-;=?-\[\]_a-z~]+")


class AdHocParam(NamedTuple):
    """A parameter of a query without a ``#+`` header: its type is read from how the value is written."""

    name: str
    type: str
    default: str | None = None
    example: str | None = None


_TYPED = re.compile(r"(?P<value>.*)\^\^(?P<type>xsd:[A-Za-z]+)", re.DOTALL)
_LANGUAGE = re.compile(r'"(?P<text>.*)"@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)', re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def ad_hoc_parameters(given: Mapping[str, str] | None) -> tuple[list[AdHocParam], dict[str, str]]:
    """The parameters of an ad-hoc query (``-e`` or an .rq file without a header), by how each value
    is written: ``<https://…>`` an IRI, ``2021^^xsd:gYear`` / ``3^^xsd:integer`` a typed literal,
    ``"Präsident"@de`` a literal with a language, anything else a plain string (kept verbatim)."""
    declared: list[AdHocParam] = []
    values: dict[str, str] = {}
    for name, value in (given or {}).items():
        if not _WORD.fullmatch(name):
            raise ParameterError(f"parameter {name!r} is not a SPARQL variable name; expected letters, digits and _")
        if value.startswith("<") and value.endswith(">"):
            declared.append(AdHocParam(name, "IRI"))
            values[name] = value[1:-1]
        elif (typed := _TYPED.fullmatch(value)) and typed["type"] in PARAM_TYPES:
            declared.append(AdHocParam(name, typed["type"]))
            values[name] = typed["value"]
        elif lang := _LANGUAGE.fullmatch(value):
            declared.append(AdHocParam(name, "rdf:langString"))
            values[name] = f"{lang['text']}@{lang['lang']}"
        else:
            declared.append(AdHocParam(name, "xsd:string"))
            values[name] = value
    return declared, values


def names_variable(text: str, name: str) -> bool:
    """True when the query text uses the variable ``?name`` (or ``$name``)."""
    return re.search(rf"[?$]{re.escape(name)}(?!\w)", text) is not None


def quick_term(type_: str, value: str) -> ox.NamedNode | ox.Literal | None:
    """The term for a parameter value, when it is plainly of its type; None leaves the decision,
    and the message, to :func:`kg.query.params.to_term` (which gives the same term for every value
    this accepts: a test checks it)."""
    if type_ == "IRI":
        if not _PLAIN_IRI.fullmatch(value):
            return None
        try:
            return ox.NamedNode(value)
        except ValueError:
            return None
    if type_ == "xsd:string":
        return ox.Literal(value)
    if type_ == "rdf:langString":
        m = LANG_TEXT.fullmatch(value)
        try:
            return ox.Literal(m[1], language=m[2].lower()) if m else None
        except ValueError:  # a tag of the right shape that BCP 47 does not allow
            return None
    if type_ == "xsd:gYear":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear")) if _YEAR.fullmatch(value) else None
    if type_ == "xsd:integer":
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer")) if INTEGER.fullmatch(value) else None
    return None


# -- binding into the text of a query, for a store or for publishing ---------------------------------
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
    re.S,
)


def top_level_where(text: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group (skipping strings, IRIs, comments)."""
    depth, i, seen_where, form, templates = 0, 0, False, None, 0
    while i < len(text):
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
            continue
        if c in "\"'":
            m = _STRING.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
            continue
        if c.isalpha() and (m := _WORD.match(text, i)):
            word = m.group().upper()
            if depth == 0 and word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK") and form is None:
                form = word
            if depth == 0 and word == "WHERE":
                seen_where = True
            i = m.end()
            continue
        if c == "{":
            # CONSTRUCT's template is a group too: the WHERE group follows it, with or without WHERE
            if depth == 0 and (seen_where or form in ("SELECT", "ASK", "DESCRIBE") or templates):
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            templates += depth == 0 and form == "CONSTRUCT"
        i += 1
    raise QueryError("cannot find the query's WHERE group to bind parameters in")


def bind_values(text: str, values: Mapping[str, str]) -> str:
    """The query with a VALUES block at the start of its WHERE group; ``values`` maps each variable
    to its term in N-Triples, as a writer of N-Triples (never the user) spelled it."""
    if not values:
        return text
    names = sorted(values)
    block = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(values[n] for n in names)}) }}\n"
    at = top_level_where(text)
    return text[:at] + block + text[at:]
