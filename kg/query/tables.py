"""Rows and booleans as text: an aligned table for people, the SPARQL 1.1 results formats (CSV,
TSV, JSON, XML) for programs. Terms are pyoxigraph's, whichever engine computed them (rdflib's
answers are converted first, :mod:`kg.query.results`), so the same rows give the same bytes.

Imports no RDF library but pyoxigraph, and what only one format needs when it is used (Turtle's
prefixed names for tables, XML escaping), so that `kg query` formats rows at the store's speed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.rdf.compact import PrefixedNames

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = tuple[Term | None, ...]

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER = _XSD + "integer"
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def format_rows(
    form: str,
    *,
    fmt: str,
    variables: Sequence[str] = (),
    rows: Sequence[Row] = (),
    boolean: bool | None = None,
    names: Mapping[str, str],
    max_width: int | None = 60,
) -> str:
    """A SELECT query's rows or an ASK query's answer in ``fmt`` (one of :data:`SELECT_FORMATS`);
    ``names`` are the prefixes that shorten IRIs in a table."""
    if fmt not in SELECT_FORMATS:
        raise QueryError(f"a {form} query gives no graph; format it as one of {', '.join(SELECT_FORMATS)}")
    if form == "ASK":
        return _boolean_text(bool(boolean), fmt)
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt]
    return writer(tuple(variables), rows, names, max_width)


def _boolean_text(value: bool, fmt: str) -> str:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}, indent=2) + "\n"
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"  <head/>\n  <boolean>{word}</boolean>\n</sparql>\n"
        )
    return word + "\n"


def _escape_controls(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _cell(term: Term | None, compact: PrefixedNames) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact.text(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _escape_controls(term.value)


def _is_number(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def _table(variables: tuple[str, ...], rows: Sequence[Row], names: Mapping[str, str], max_width: int | None) -> str:
    def cut(text: str) -> str:
        return text if max_width is None or len(text) <= max_width else text[: max(max_width - 1, 1)] + "…"

    from kg.rdf.compact import PrefixedNames

    compact = PrefixedNames(names)
    cells = [[cut(_cell(t, compact)) for t in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    numeric = [bool(rows) and all(_is_number(r[i]) or r[i] is None for r in rows) for i in range(len(widths))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    lines = [line(variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    count = len(rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _csv(variables: tuple[str, ...], rows: Sequence[Row], names: Mapping[str, str], max_width: int | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_plain(t) for t in row] for row in rows)
    return buffer.getvalue()


def _tsv(variables: tuple[str, ...], rows: Sequence[Row], names: Mapping[str, str], max_width: int | None) -> str:
    def value(term: Term | None) -> str:
        if term is None:
            return ""
        if (
            isinstance(term, ox.Literal)
            and term.datatype.value == _INTEGER
            and re.fullmatch(r"[+-]?[0-9]+", term.value)
        ):
            return term.value
        return str(term)  # N-Triples, escaped as kg's own writer escapes (a test compares them)

    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(value(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (_STRING, _LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _json(variables: tuple[str, ...], rows: Sequence[Row], names: Mapping[str, str], max_width: int | None) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape as xml_escape

    if _XML_INVALID.search(text):
        raise QueryError(f"the value {text!r} has characters that XML 1.0 cannot hold; use json or csv")
    return xml_escape(text)


def _xml_term(t: Term) -> str:
    from xml.sax.saxutils import quoteattr

    if isinstance(t, ox.NamedNode):
        return f"<uri>{_xml_text(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_xml_text(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{_xml_text(t.value)}</literal>"
    if t.datatype.value != _STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{_xml_text(t.value)}</literal>"
    return f"<literal>{_xml_text(t.value)}</literal>"


def _xml(variables: tuple[str, ...], rows: Sequence[Row], names: Mapping[str, str], max_width: int | None) -> str:
    from xml.sax.saxutils import quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(v)}/>" for v in variables]
    out += ["  </head>", "  <results>"]
    for row in rows:
        out.append("    <result>")
        out += [
            f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        ]
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"
