"""Format a query's :class:`~kg.query.engine.QueryResult`: an aligned table for people, the SPARQL 1.1 results
formats (CSV, TSV, JSON, XML) for programs, Turtle or N-Triples for graphs. Deterministic: the same
rows give the same bytes, whichever engine computed them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from kg.core.vocab import PREFIXES
from kg.errors import QueryError
from kg.query.engine import QueryResult
from kg.rdf.compact import PrefixedNames
from kg.rdf.turtle import nt as nt_term

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples")
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}
RESULT_FORMATS = SELECT_FORMATS + GRAPH_FORMATS


def format_result(
    result: QueryResult, *, fmt: str, prefixes: Mapping[str, str] | None = None, max_width: int | None = 60
) -> str:
    """The result as text: ``table``, ``csv``, ``tsv``, ``json``, ``xml`` (SELECT, ASK), ``turtle``, ``ntriples``.

    kg's vocabulary prefixes (:data:`kg.core.vocab.PREFIXES`), the query's own and ``prefixes`` (in
    that order of precedence, last wins) shorten IRIs in ``table`` and ``turtle``; ``max_width``
    cuts long ``table`` cells (None: never). Other formats are complete and never shortened.
    """
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown output format {fmt!r}; expected one of {', '.join(RESULT_FORMATS)}")
    names = {**{p: str(ns) for p, ns in PREFIXES.items()}, **dict(result.prefixes), **dict(prefixes or {})}
    if result.graph is not None:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a {result.form} query gives a graph; format it as {' or '.join(GRAPH_FORMATS)}")
        return _graph_text(result.graph, fmt, names)
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"a {result.form} query gives no graph; format it as one of {', '.join(SELECT_FORMATS)}")
    if result.form == "ASK":
        return _boolean_text(bool(result.boolean), fmt)
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result, names, max_width)


def _graph_text(graph: Graph, fmt: str, names: Mapping[str, str]) -> str:
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = _graph_with(to_canonical_graph(graph), names)
    if fmt == "ntriples":
        lines = graph.serialize(format="nt").splitlines()
        return "".join(line + "\n" for line in sorted(set(lines)) if line)
    out = _graph_with(graph, names)
    return out.serialize(format="turtle")


def _graph_with(graph: Graph, names: Mapping[str, str]) -> Graph:
    out = Graph(bind_namespaces="none")
    for prefix, ns in sorted(names.items()):
        out.bind(prefix, ns)
    for triple in graph:
        out.add(triple)
    return out


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


def _cell(term: Identifier | None, compact: PrefixedNames) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact.text(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return _escape_controls(str(term))


def _is_number(term: Identifier | None) -> bool:
    return isinstance(term, Literal) and term.datatype in _NUMERIC


def _table(result: QueryResult, names: Mapping[str, str], max_width: int | None) -> str:
    def cut(text: str) -> str:
        return text if max_width is None or len(text) <= max_width else text[: max(max_width - 1, 1)] + "…"

    compact = PrefixedNames(names)
    cells = [[cut(_cell(t, compact)) for t in row] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(result.variables)]
    numeric = [
        bool(result.rows) and all(_is_number(r[i]) or r[i] is None for r in result.rows) for i in range(len(widths))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    lines = [line(result.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _plain(term: Identifier | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _csv(result: QueryResult, names: Mapping[str, str], max_width: int | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_plain(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult, names: Mapping[str, str], max_width: int | None) -> str:
    def value(term: Identifier | None) -> str:
        if term is None:
            return ""
        if isinstance(term, Literal) and term.datatype == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", str(term)):
            return str(term)
        return nt_term(term)

    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(value(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype not in (XSD.string, RDF.langString):
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult, names: Mapping[str, str], max_width: int | None) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    if _XML_INVALID.search(text):
        raise QueryError(f"the value {text!r} has characters that XML 1.0 cannot hold; use json or csv")
    return xml_escape(text)


def _xml(result: QueryResult, names: Mapping[str, str], max_width: int | None) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, URIRef):
                inner = f"<uri>{_xml_text(str(t))}</uri>"
            elif isinstance(t, BNode):
                inner = f"<bnode>{_xml_text(str(t))}</bnode>"
            elif t.language:
                inner = f"<literal xml:lang={quoteattr(t.language)}>{_xml_text(str(t))}</literal>"
            elif t.datatype is not None and t.datatype != XSD.string:
                inner = f"<literal datatype={quoteattr(str(t.datatype))}>{_xml_text(str(t))}</literal>"
            else:
                inner = f"<literal>{_xml_text(str(t))}</literal>"
            out.append(f"      <binding name={quoteattr(v)}>{inner}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"
