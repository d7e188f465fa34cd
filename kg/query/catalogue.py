"""The catalogue of stored SPARQL queries (``queries/*.rq``): their headers, and their description as RDF.

Each file is one SPARQL query that starts with a header of ``#+`` comment lines, in the style of
grlc's decorators but a small, strictly parsed format of its own (not YAML)::

    #+ title: Projects active in a year
    #+ description: Projects whose timeframe includes the given year.
    #+ keywords: project, timeframe
    #+ param: year
    #+   type: xsd:gYear
    #+   default: 2022
    #+   example: 2021
    #+   description: The year the project must be active in.

* The header is the run of lines starting with ``#+`` at the very top of the file; a ``#+`` line
  anywhere after it is an error. A bare ``#+`` line is allowed as a spacer.
* Each line is ``#+ key: value``. Keys indented by one space are the query's own: ``title`` and
  ``description`` (required), ``keywords`` (comma-separated) and ``param`` (a variable name, once
  per parameter). Keys indented by two or more spaces belong to the ``param`` above them:
  ``type`` and ``description`` (required), ``default`` and ``example`` (optional). A parameter
  without a default is required.
* A value is the rest of the line, trimmed; write it in double quotes, as a JSON string, to keep
  spaces at its ends or to give an empty value (``default: ""``).
* Types: ``IRI``, ``xsd:string``, ``rdf:langString`` (written ``text@en``), ``xsd:gYear``,
  ``xsd:integer``. Defaults and examples must be values of the type.
* A parameter is an ordinary variable of the query (``?year``) that gets *bound* when the query
  runs (:mod:`kg.query.engine`); a SELECT query must select its parameters.

Any mistake is an error naming the file and the line.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Identifier

from kg.core.iris import http_iri
from kg.core.resources import data_dir
from kg.errors import ParameterError, QueryError, QueryHeaderError, UnknownQueryError
from kg.query.params import PARAM_TYPES, bind_text, to_term
from kg.query.sparql import ParsedQuery, parse_sparql

HEADER = "#+"
_QUERY_KEYS = ("title", "description", "keywords", "param")
_PARAM_KEYS = ("type", "default", "example", "description")
_LINE = re.compile(r"(?P<indent> +)(?P<key>[A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(?P<value>.*))?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCHEMA = Namespace("http://schema.org/")
_SPEX = Namespace("https://purl.expasy.org/sparql-examples/ontology#")
_EXECUTABLE = {
    "SELECT": (SH.SPARQLSelectExecutable, SH.select),
    "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
    "ASK": (SH.SPARQLAskExecutable, SH.ask),
    "DESCRIBE": (None, _SPEX.describe),
}


@dataclass(frozen=True)
class Param:
    """A parameter of a stored query: a variable bound to a typed value when the query runs."""

    name: str
    type: str
    description: str
    default: str | None = None
    example: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class StoredQuery:
    """One ``.rq`` file: its header and its SPARQL text (``text`` is the whole file, header included)."""

    name: str
    path: Path | None
    title: str
    description: str
    params: tuple[Param, ...]
    form: str
    text: str
    keywords: tuple[str, ...] = ()
    body: str = field(default="", repr=False)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.params if p.default is not None}


# -- reading ----------------------------------------------------------------------------------------
def load_query(path: Path) -> StoredQuery:
    """Read and check one ``.rq`` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryHeaderError(f"not UTF-8 text: {exc}", path=path) from None
    return parse_stored_query(text, name=path.stem, path=path)


def parse_stored_query(text: str, *, name: str, path: Path | None = None) -> StoredQuery:
    """A stored query from its text: the header read and checked, the SPARQL parsed."""
    where = path if path is not None else name
    lines = text.splitlines()
    top: dict[str, tuple[str, int]] = {}
    params: list[dict[str, tuple[str, int]]] = []
    n = 0
    while n < len(lines) and lines[n].startswith(HEADER):
        number, raw = n + 1, lines[n][len(HEADER) :]
        n += 1
        if not raw.strip():
            continue
        m = _LINE.fullmatch(raw.rstrip())
        if not m:
            raise QueryHeaderError(
                f"expected '#+ key: value' (a space, a key, a colon, the value), got {lines[n - 1]!r}",
                path=where,
                line=number,
            )
        key, value = m["key"], _value(m["value"], where, number)
        if len(m["indent"]) == 1:
            if key not in _QUERY_KEYS:
                raise QueryHeaderError(
                    f"unknown key {key!r}; expected one of {', '.join(_QUERY_KEYS)}", path=where, line=number
                )
            if key == "param":
                params.append({"name": (value, number)})
                continue
            if key in top:
                raise QueryHeaderError(f"{key!r} is given twice (first on line {top[key][1]})", path=where, line=number)
            top[key] = (value, number)
        else:
            if not params:
                raise QueryHeaderError(
                    f"indented key {key!r} must follow a '#+ param: NAME' line", path=where, line=number
                )
            if key not in _PARAM_KEYS:
                raise QueryHeaderError(
                    f"unknown parameter key {key!r}; expected one of {', '.join(_PARAM_KEYS)}", path=where, line=number
                )
            if key in params[-1]:
                raise QueryHeaderError(
                    f"{key!r} is given twice for parameter {params[-1]['name'][0]!r}", path=where, line=number
                )
            params[-1][key] = (value, number)
    for later, line in enumerate(lines[n:], start=n + 1):
        if line.startswith(HEADER):
            raise QueryHeaderError(
                "'#+' header lines must all be at the top of the file, before the query", path=where, line=later
            )
    for key in ("title", "description"):
        if key not in top:
            raise QueryHeaderError(f"the header has no '#+ {key}: ...' line", path=where, line=1)
    parsed = parse_sparql(text, source=str(where))
    declared = tuple(_param(p, parsed, where) for p in params)
    seen: dict[str, int] = {}
    for p, raw in zip(declared, params, strict=True):
        if p.name in seen:
            raise QueryHeaderError(f"parameter {p.name!r} is declared twice", path=where, line=raw["name"][1])
        seen[p.name] = raw["name"][1]
    keywords = tuple(k.strip() for k in top["keywords"][0].split(",") if k.strip()) if "keywords" in top else ()
    return StoredQuery(
        name=name,
        path=path,
        title=top["title"][0],
        description=top["description"][0],
        params=declared,
        form=parsed.form,
        text=text,
        keywords=keywords,
        body="\n".join(lines[n:]).strip() + "\n",
    )


def _value(raw: str | None, where: Path | str, line: int) -> str:
    value = (raw or "").strip()
    if value.startswith('"'):
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError:
            decoded = None
        if not isinstance(decoded, str):
            raise QueryHeaderError(f"a quoted value must be one JSON string, got {value}", path=where, line=line)
        return decoded
    if not value:
        raise QueryHeaderError('the value is missing (write "" for an empty value)', path=where, line=line)
    return value


def _param(raw: dict[str, tuple[str, int]], parsed: ParsedQuery, where: Path | str) -> Param:
    name, line = raw["name"]
    if not _NAME.fullmatch(name):
        raise QueryHeaderError(
            f"parameter name {name!r} must be a variable name (letters, digits, _), without '?'", path=where, line=line
        )
    for key in ("type", "description"):
        if key not in raw:
            raise QueryHeaderError(f"parameter {name!r} has no '#+   {key}: ...' line", path=where, line=line)
    type_, type_line = raw["type"]
    if type_ not in PARAM_TYPES:
        raise QueryHeaderError(
            f"parameter {name!r}: unknown type {type_!r}; expected one of {', '.join(PARAM_TYPES)}",
            path=where,
            line=type_line,
        )
    for key in ("default", "example"):
        if key in raw:
            try:
                to_term(type_, raw[key][0], name=name)
            except ParameterError as exc:
                raise QueryHeaderError(f"the {key} is not a valid value: {exc}", path=where, line=raw[key][1]) from None
    if name not in parsed.variables:
        raise QueryHeaderError(f"parameter {name!r}: the query has no variable ?{name}", path=where, line=line)
    if parsed.form == "SELECT" and name not in parsed.projection:
        raise QueryHeaderError(
            f"parameter {name!r}: a SELECT query must select its parameters (SELECT ?{name} ...), "
            "because pyoxigraph binds only selected variables (SPARQL SEP-0007)",
            path=where,
            line=line,
        )
    return Param(
        name=name,
        type=type_,
        description=raw["description"][0],
        default=raw["default"][0] if "default" in raw else None,
        example=raw["example"][0] if "example" in raw else None,
    )


def _folder(folder: Path | None) -> Path:
    folder = folder if folder is not None else data_dir("queries")
    if not folder.is_dir():
        raise QueryError(f"{folder}: no such folder of stored queries")
    return folder


def list_queries(folder: Path | None = None) -> list[StoredQuery]:
    """Every ``*.rq`` file of the folder (default: the project's ``queries/``), by name."""
    return [load_query(p) for p in sorted(_folder(folder).glob("*.rq"))]


def find_query(name_or_path: str, *, folder: Path | None = None) -> StoredQuery:
    """A stored query by name (file stem), or by the path of an ``.rq`` file."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        if path.is_file():
            return load_query(path)
        if "/" in name_or_path:
            raise UnknownQueryError(f"{name_or_path}: no such query file")
    base = _folder(folder)
    candidate = base / f"{path.stem if name_or_path.endswith('.rq') else name_or_path}.rq"
    if candidate.is_file():
        return load_query(candidate)
    known = sorted(p.stem for p in base.glob("*.rq"))
    close = difflib.get_close_matches(name_or_path, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise UnknownQueryError(f"unknown query {name_or_path!r}.{hint} Known queries: {', '.join(known) or '(none)'}")


# -- as RDF -------------------------------------------------------------------------------------------
def _published_values(q: StoredQuery) -> dict[str, Identifier]:
    """Each parameter's default, else its example, as the term its type says."""
    values = {}
    for p in q.params:
        value = p.default if p.default is not None else p.example
        if value is not None:
            values[p.name] = to_term(p.type, value, name=p.name)
    return values


def queries_as_rdf(queries: Iterable[StoredQuery], *, base: str, target: str | None = None) -> Graph:
    """The queries as data, the way the SIB ``sparql-examples`` project describes SPARQL examples.

    Each query is ``{base}query/{name}``, a ``sh:SPARQLExecutable`` (and ``sh:SPARQLSelectExecutable``,
    ``...ConstructExecutable`` or ``...AskExecutable``) with its text in ``sh:select`` / ``sh:construct``
    / ``sh:ask`` (``spex:describe`` for DESCRIBE), its title as ``rdfs:label``, its description as
    ``rdfs:comment``, its keywords as ``schema:keywords`` and its prefixes declared once on
    ``{base}query/`` (``sh:prefixes`` / ``sh:declare``). Parameters are ``sh:parameter``s, as for a
    SHACL SPARQL function: ``sh:path`` (whose local name is the variable's), ``sh:datatype`` or
    ``sh:nodeKind sh:IRI``, ``sh:defaultValue``, ``sh:optional``. ``target`` (a SPARQL endpoint's
    IRI) becomes ``schema:target``. Only IRIs are used, no blank nodes, so the graph is deterministic.
    """
    if http_iri(base) is None:
        raise QueryError(f"base IRI {base!r} must be an absolute http(s) IRI without spaces")
    base = base if base.endswith(("/", "#")) else base + "/"
    catalogue = URIRef(f"{base}query/")
    g = Graph(bind_namespaces="none")
    for prefix, ns in (("sh", SH), ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD), ("skos", SKOS)):
        g.bind(prefix, ns)
    g.bind("schema", _SCHEMA)
    g.bind("spex", _SPEX)
    g.bind("query", catalogue)
    g.add((catalogue, RDF.type, OWL.Ontology))
    g.add((catalogue, RDFS.label, Literal("kg stored SPARQL queries", lang="en")))
    declared: dict[str, tuple[str, str]] = {}
    for q in sorted(queries, key=lambda q: q.name):
        node = URIRef(f"{base}query/{q.name}")
        kind, text_property = _EXECUTABLE[q.form]
        g.add((node, RDF.type, SH.SPARQLExecutable))
        if kind is not None:
            g.add((node, RDF.type, kind))
        # the text runs as it stands in any store: its parameters' defaults (or examples) are bound
        # in a VALUES block, which a user edits to ask about something else
        g.add((node, text_property, Literal(bind_text(q.body, _published_values(q)))))
        g.add((node, RDFS.label, Literal(q.title, lang="en")))
        g.add((node, RDFS.comment, Literal(q.description, lang="en")))
        g.add((node, SH.prefixes, catalogue))
        g.add((node, RDFS.isDefinedBy, catalogue))
        for keyword in q.keywords:
            g.add((node, _SCHEMA.keywords, Literal(keyword)))
        if target is not None:
            g.add((node, _SCHEMA.target, URIRef(target)))
        for order, p in enumerate(q.params):
            _describe_param(g, node, base, p, order)
        for prefix, ns in parse_sparql(q.text, source=q.name).prefixes:
            if prefix in declared and declared[prefix][0] != ns:
                other_ns, other = declared[prefix]
                raise QueryError(f"prefix {prefix}: is <{ns}> in query {q.name} but <{other_ns}> in query {other}")
            declared.setdefault(prefix, (ns, q.name))
    for prefix, (ns, _) in sorted(declared.items()):
        decl = URIRef(f"{catalogue}#prefix-{prefix}" if prefix else f"{catalogue}#prefix")
        g.add((catalogue, SH.declare, decl))
        g.add((decl, SH.prefix, Literal(prefix)))
        g.add((decl, SH.namespace, Literal(ns, datatype=XSD.anyURI)))
    return g


def _describe_param(g: Graph, query: URIRef, base: str, p: Param, order: int) -> None:
    node = URIRef(f"{query}#param-{p.name}")
    g.add((query, SH.parameter, node))
    g.add((node, RDF.type, SH.Parameter))
    g.add((node, SH.path, URIRef(f"{base}query/param/{p.name}")))
    g.add((node, SH.name, Literal(p.name)))
    g.add((node, SH.description, Literal(p.description, lang="en")))
    g.add((node, SH.order, Literal(order)))
    g.add((node, SH.optional, Literal(not p.required)))
    if p.type == "IRI":
        g.add((node, SH.nodeKind, SH.IRI))
    else:
        prefix, local = p.type.split(":")
        g.add((node, SH.datatype, (XSD if prefix == "xsd" else RDF)[local]))
    if p.default is not None:
        g.add((node, SH.defaultValue, to_term(p.type, p.default, name=p.name)))
    if p.example is not None:
        g.add((node, SKOS.example, to_term(p.type, p.example, name=p.name)))
