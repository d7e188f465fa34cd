"""Typed query parameters: a value given as text becomes an RDF term of its declared type.

The term is then *bound* to the query's variable (never pasted into the query text): see
:mod:`kg.query.engine` for how each engine receives it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.core.dates import GYEAR
from kg.core.iris import iri_problem
from kg.errors import ParameterError
from kg.query.terms import INTEGER, LANG_TEXT, PARAM_TYPES, AdHocParam, ad_hoc_parameters, bind_values
from kg.rdf.turtle import nt

__all__ = ["PARAM_TYPES", "AdHocParam", "ad_hoc_parameters", "bind_parameters", "bind_text", "to_term"]


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
        if problem := iri_problem(value):  # RFC 3987, as every engine reads it ("http://[::1" has no host)
            raise ParameterError(f"parameter {name}: {value!r} {problem}")
        return URIRef(value)
    if type_ == "xsd:string":
        return Literal(value)
    if type_ == "rdf:langString":
        m = LANG_TEXT.fullmatch(value)
        if not m:
            raise bad("text with a language tag (text@lang, e.g. President@en)")
        return Literal(m[1], lang=m[2].lower())
    if type_ == "xsd:gYear":
        if not GYEAR.fullmatch(value):
            raise bad("a year of four digits (e.g. 2022)")
        return Literal(value, datatype=XSD.gYear)
    if type_ == "xsd:integer":
        if not INTEGER.fullmatch(value):
            raise bad("a whole number of at most 18 digits (e.g. 2)")
        return Literal(str(int(value)), datatype=XSD.integer)
    raise ParameterError(f"parameter {name}: unknown type {type_!r}; expected one of {', '.join(PARAM_TYPES)}")


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


def bind_text(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block binding ``bindings`` at the start of its WHERE group."""
    if not bindings:
        return text
    return bind_values(text, {name: nt(term) for name, term in bindings.items()})
