"""Typed query parameters: a value given as text becomes an RDF term of its declared type.

The term is then *bound* to the query's variable (never pasted into the query text): see
:mod:`kg.query.engine` for how each engine receives it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.core.dates import GYEAR
from kg.core.iris import is_absolute_iri
from kg.errors import ParameterError, QueryError
from kg.rdf.turtle import nt

#: Parameter types a query header may declare, and what a value of each looks like.
PARAM_TYPES = {
    "IRI": "an absolute IRI, e.g. https://w3id.org/kg/id/project/doors_2021_2023",
    "xsd:string": "any text",
    "rdf:langString": "text with a language tag, e.g. President@en",
    "xsd:gYear": "a year of four digits, e.g. 2022",
    "xsd:integer": "a whole number, e.g. 2",
}

_LANG_TEXT = re.compile(r"(.*)@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)", re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


class _Param(Protocol):
    name: str
    type: str
    default: str | None
    example: str | None


def to_term(type_: str, value: str, *, name: str = "value") -> Identifier:
    """The RDF term for a parameter value given as text, checked against its declared type."""
    if not isinstance(value, str):
        raise ParameterError(f"parameter {name}: expected a text value, got {type(value).__name__}")

    def bad(expected: str) -> ParameterError:
        return ParameterError(f"parameter {name}: {value!r} is not {expected}")

    if type_ == "IRI":
        if not is_absolute_iri(value):
            raise bad('an absolute IRI (scheme:..., no spaces or any of <>"{}|^`\\)')
        try:
            ox.NamedNode(value)  # RFC 3987, as every engine will read it ("http://[::1" has no valid host)
        except ValueError as exc:
            raise bad(f"a valid IRI ({exc})") from None
        return URIRef(value)
    if type_ == "xsd:string":
        return Literal(value)
    if type_ == "rdf:langString":
        m = _LANG_TEXT.fullmatch(value)
        if not m:
            raise bad("text with a language tag (text@lang, e.g. President@en)")
        return Literal(m[1], lang=m[2].lower())
    if type_ == "xsd:gYear":
        if not GYEAR.fullmatch(value):
            raise bad("a year of four digits (e.g. 2022)")
        return Literal(value, datatype=XSD.gYear)
    if type_ == "xsd:integer":
        if not _INTEGER.fullmatch(value):
            raise bad("a whole number of at most 18 digits (e.g. 2)")
        return Literal(str(int(value)), datatype=XSD.integer)
    raise ParameterError(f"parameter {name}: unknown type {type_!r}; expected one of {', '.join(PARAM_TYPES)}")


@dataclass(frozen=True)
class AdHocParam:
    """A parameter of a query without a ``#+`` header: its type is read from how the value is written."""

    name: str
    type: str
    default: str | None = None
    example: str | None = None


_TYPED = re.compile(r"(?P<value>.*)\^\^(?P<type>xsd:[A-Za-z]+)", re.DOTALL)
_LANGUAGE = re.compile(r'"(?P<text>.*)"@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)', re.DOTALL)


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


def bind_parameters(
    declared: Sequence[_Param], given: Mapping[str, str] | None, *, query: str = "the query"
) -> dict[str, Identifier]:
    """Typed terms for every declared parameter: the given value, else its default."""
    given = dict(given or {})
    names = [p.name for p in declared]
    unknown = sorted(set(given) - set(names))
    if unknown:
        takes = f"it takes {', '.join(names)}" if names else "it takes no parameters"
        raise ParameterError(f"{query}: unknown parameter(s) {', '.join(unknown)}; {takes}")
    bound: dict[str, Identifier] = {}
    for p in declared:
        value = given.get(p.name, p.default)
        if value is None:
            example = f" (e.g. {p.name}={p.example})" if p.example else ""
            raise ParameterError(f"{query}: parameter {p.name} ({p.type}) is required{example}")
        bound[p.name] = to_term(p.type, value, name=p.name)
    return bound


# -- binding into the text of a query, for a store or for publishing ---------------------------------
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
    re.S,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _top_level_where(text: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group (skipping strings, IRIs, comments)."""
    depth, i, seen_where, form = 0, 0, False, None
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
            if depth == 0 and (seen_where or form in ("SELECT", "ASK", "DESCRIBE")):
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise QueryError("cannot find the query's WHERE group to bind parameters in")


def bind_text(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block binding ``bindings`` at the start of its WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    values = " ".join(nt(bindings[n]) for n in names)
    block = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }}\n"
    at = _top_level_where(text)
    return text[:at] + block + text[at:]
