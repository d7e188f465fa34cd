"""Stored queries (queries/*.rq), their catalogue, running them safely on both engines, formatting.

Goldens live in tests/golden/queries/: SPARQL 1.1 JSON results for SELECT queries, Turtle for
CONSTRUCT and DESCRIBE. ``KG_UPDATE_GOLDEN=1 pytest tests/test_queries.py`` rewrites them; without
it the tests compare. Read a rewritten golden against sources/ecsite.txt before committing it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.errors import (
    EXIT_BAD_INPUT,
    KgError,
    ParameterError,
    QueryError,
    QueryHeaderError,
    QueryRefusedError,
    QuerySyntaxError,
    UnknownQueryError,
)
from kg.publish.knowledge import assemble
from kg.query.catalogue import (
    StoredQuery,
    find_query,
    list_queries,
    parse_stored_query,
    queries_as_rdf,
)
from kg.query.engine import QueryResult as Result
from kg.query.engine import run_query
from kg.query.params import bind_parameters, bind_text, to_term
from kg.query.results import RESULT_FORMATS as FORMATS
from kg.query.results import SELECT_FORMATS, format_result
from kg.query.sparql import check_access, parse_sparql
from kg.source.aliases import load_aliases
from kg.source.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOLDEN = Path(__file__).resolve().parent / "golden" / "queries"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
#: Only to keep the Turtle goldens short; they are compared as graphs.
GOLDEN_PREFIXES = {kind: f"https://w3id.org/kg/id/{kind}/" for kind in ("organisation", "project", "source")}
SCHEMA = Namespace("http://schema.org/")
SPEX = Namespace("https://purl.expasy.org/sparql-examples/ontology#")

QUERIES = list_queries()
BY_NAME = {q.name: q for q in QUERIES}
PARAMS = [(q.name, p.name) for q in QUERIES for p in q.params]


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    return assemble(
        [SOURCES / "ecsite.txt"],
        config=load_config(SOURCES / "dataset.toml"),
        aliases=load_aliases(SOURCES / "aliases.csv"),
    ).graph


@pytest.fixture(scope="session")
def seed_store(seed_graph: Graph) -> ox.Store:
    """The same triples in pyoxigraph, loaded here rather than through kg's own conversion."""
    store = ox.Store()
    store.load(seed_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(seed_graph)
    return store


# -- term normalisation (for comparing engines and goldens) ------------------------------------------
_INTEGERS = {str(XSD[t]) for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def _literal_key(value: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f'"{value}"@{language.lower()}'
    if datatype in (None, str(XSD.string)):
        return f'"{value}"'
    if datatype in _INTEGERS:
        return f"{int(value)}^^integer"
    if datatype == str(XSD.decimal):
        return f"{Decimal(value).normalize()}^^decimal"
    if datatype in (str(XSD.double), str(XSD.float)):
        return f"{float(value)!r}^^double"
    return f'"{value}"^^<{datatype}>'


def norm(term: object) -> str | None:
    """One string per RDF term, equal for equal terms from rdflib, pyoxigraph or SPARQL JSON."""
    if term is None:
        return None
    if isinstance(term, URIRef | ox.NamedNode):
        return f"<{term if isinstance(term, URIRef) else term.value}>"
    if isinstance(term, BNode | ox.BlankNode):
        return "_:b"  # blank node labels are not comparable across engines
    if isinstance(term, Literal):
        return _literal_key(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, ox.Literal):
        return _literal_key(term.value, term.language, term.datatype.value if not term.language else None)
    if isinstance(term, dict):  # a SPARQL JSON results term
        if term["type"] == "uri":
            return f"<{term['value']}>"
        if term["type"] == "bnode":
            return "_:b"
        return _literal_key(term["value"], term.get("xml:lang"), term.get("datatype"))
    raise TypeError(term)


def result_rows(result: Result) -> list[tuple[str | None, ...]]:
    return [tuple(norm(t) for t in row) for row in result.rows]


def golden_rows(document: dict) -> tuple[list[str], list[tuple[str | None, ...]]]:
    variables = document["head"]["vars"]
    rows = [tuple(norm(b.get(v)) for v in variables) for b in document["results"]["bindings"]]
    return variables, rows


def show_rows(rows: list[tuple[str | None, ...]]) -> str:
    return "\n".join("  " + " | ".join(str(v) for v in row) for row in rows[:30])


# -- the catalogue ------------------------------------------------------------------------------------
def test_there_are_at_least_twelve_documented_queries():
    assert len(QUERIES) >= 12
    assert len(BY_NAME) == len(QUERIES)
    assert not (ROOT / "queries" / ".keep").exists()
    for q in QUERIES:
        assert q.title and q.description and q.keywords, q.name
        assert q.path is not None and q.path.name == f"{q.name}.rq"
        for p in q.params:
            assert p.description and p.example, (q.name, p.name)
            assert not p.required, f"{q.name}: every stored query runs with its defaults, so {p.name} needs one"


def test_the_queries_cover_every_parameter_type_and_form():
    types = {p.type for q in QUERIES for p in q.params}
    assert types >= {"IRI", "xsd:string", "rdf:langString", "xsd:gYear", "xsd:integer"}
    assert {q.form for q in QUERIES} >= {"SELECT", "CONSTRUCT", "DESCRIBE"}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_stored_query_is_local_read_only_and_ordered(name):
    q = BY_NAME[name]
    parsed = parse_sparql(q.text, source=name)
    assert parsed.services == () and parsed.datasets == ()
    check_access(parsed)  # no SERVICE, no FROM: nothing to allow
    if q.form == "SELECT":
        assert parsed.ordered, f"{name}: every SELECT needs an ORDER BY"


def test_header_is_parsed():
    text = """#+ title: Things
#+ description: "  Things, with spaces kept  "
#+ keywords: a, b ,, c
#+
#+ param: year
#+   type: xsd:gYear
#+   default: 2022
#+   example: 2021
#+   description: The year.
#+ param: name
#+   type: xsd:string
#+   description: A name.
#+   default: ""
PREFIX ex: <http://example.org/>
# an ordinary comment
SELECT ?year ?name ?s WHERE { ?s ex:year ?year ; ex:name ?name } ORDER BY ?s
"""
    q = parse_stored_query(text, name="things")
    assert (q.name, q.title, q.form) == ("things", "Things", "SELECT")
    assert q.description == "  Things, with spaces kept  "
    assert q.keywords == ("a", "b", "c")
    year, name = q.params
    assert (year.name, year.type, year.default, year.example, year.required) == (
        "year",
        "xsd:gYear",
        "2022",
        "2021",
        False,
    )
    assert (name.name, name.default, name.example, name.required) == ("name", "", None, False)
    assert q.defaults == {"year": "2022", "name": ""}
    assert q.body.startswith("PREFIX ex:") and "#+" not in q.body
    assert q.param("year") is year


GOOD_TOP = "#+ title: T\n#+ description: D\n"
BODY = "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?s ex:p ?x } ORDER BY ?x\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("#+ title: T\n" + BODY, 1, "no '#+ description"),
        ("#+ description: D\n" + BODY, 1, "no '#+ title"),
        (GOOD_TOP + "#+ colour: red\n" + BODY, 3, "unknown key 'colour'"),
        (GOOD_TOP + "#+ title T\n" + BODY, 3, "expected '#+ key: value'"),
        (GOOD_TOP + "#+title: T\n" + BODY, 3, "expected '#+ key: value'"),
        (GOOD_TOP + "#+ title: again\n" + BODY, 3, "given twice"),
        (GOOD_TOP + "#+ keywords:\n" + BODY, 3, "value is missing"),
        (GOOD_TOP + '#+ keywords: "unterminated\n' + BODY, 3, "JSON string"),
        (GOOD_TOP + "#+   type: IRI\n" + BODY, 3, "must follow a '#+ param: NAME'"),
        (GOOD_TOP + "#+ param: x\n#+   description: X\n" + BODY, 3, "no '#+   type"),
        (GOOD_TOP + "#+ param: x\n#+   type: IRI\n" + BODY, 3, "no '#+   description"),
        (GOOD_TOP + "#+ param: x\n#+   type: xsd:date\n#+   description: X\n" + BODY, 4, "unknown type 'xsd:date'"),
        (
            GOOD_TOP + "#+ param: x\n#+   type: xsd:gYear\n#+   default: 22\n#+   description: X\n" + BODY,
            5,
            "a year of four digits",
        ),
        (
            GOOD_TOP + "#+ param: x\n#+   type: IRI\n#+   example: not an iri\n#+   description: X\n" + BODY,
            5,
            "absolute IRI",
        ),
        (GOOD_TOP + "#+ param: x\n#+   type: IRI\n#+   colour: red\n" + BODY, 5, "unknown parameter key 'colour'"),
        (GOOD_TOP + "#+ param: x\n#+   type: IRI\n#+   type: IRI\n" + BODY, 5, "given twice for parameter 'x'"),
        (GOOD_TOP + "#+ param: ?x\n#+   type: IRI\n#+   description: X\n" + BODY, 3, "must be a variable name"),
        (GOOD_TOP + "#+ param: y\n#+   type: IRI\n#+   description: X\n" + BODY, 3, "no variable ?y"),
        (GOOD_TOP + "#+ param: s\n#+   type: IRI\n#+   description: X\n" + BODY, 3, "must select its parameters"),
        (
            GOOD_TOP
            + "#+ param: x\n#+   type: IRI\n#+   description: X\n#+ param: x\n#+   type: IRI\n#+   description: X\n"
            + BODY,
            6,
            "declared twice",
        ),
        (GOOD_TOP + BODY + "#+ keywords: late\n", 5, "must all be at the top"),
    ],
)
def test_bad_header_is_an_error_naming_file_and_line(tmp_path, text, line, fragment):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryHeaderError) as caught:
        list_queries(tmp_path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert fragment in str(caught.value)
    assert isinstance(caught.value, KgError) and caught.value.exit_code == EXIT_BAD_INPUT


def test_syntax_error_in_a_stored_query_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text(GOOD_TOP + "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n  ?s ex:p\n}\n", encoding="utf-8")
    with pytest.raises(QuerySyntaxError, match=rf"^{path}: SPARQL syntax error at line 5"):
        list_queries(tmp_path)


def test_find_query_by_name_and_by_path():
    assert find_query("projects-active-in-year").name == "projects-active-in-year"
    path = ROOT / "queries" / "largest-consortia.rq"
    assert find_query(str(path)).path == path
    assert find_query("largest-consortia.rq").name == "largest-consortia"


def test_unknown_query_lists_the_known_ones():
    with pytest.raises(UnknownQueryError) as caught:
        find_query("projects-in-year")
    message = str(caught.value)
    assert "unknown query 'projects-in-year'" in message
    for q in QUERIES:
        assert q.name in message
    assert "Did you mean 'projects-active-in-year'?" in message
    assert caught.value.exit_code == EXIT_BAD_INPUT
    with pytest.raises(UnknownQueryError, match="no such query file"):
        find_query("no/such/file.rq")


def test_list_queries_of_a_folder(tmp_path):
    (tmp_path / "b.rq").write_text(GOOD_TOP + BODY, encoding="utf-8")
    (tmp_path / "a.rq").write_text(GOOD_TOP + "ASK { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    assert [(q.name, q.form) for q in list_queries(tmp_path)] == [("a", "ASK"), ("b", "SELECT")]
    with pytest.raises(QueryError, match="no such folder"):
        list_queries(tmp_path / "missing")


# -- the catalogue as RDF -------------------------------------------------------------------------------
def test_queries_as_rdf():
    base = "https://w3id.org/kg/id/"
    g = queries_as_rdf(QUERIES, base=base)
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, again)
    assert g.serialize(format="turtle") == queries_as_rdf(list(reversed(QUERIES)), base=base).serialize(format="turtle")
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    executables = set(g.subjects(RDF.type, SH.SPARQLExecutable))
    assert executables == {URIRef(f"{base}query/{q.name}") for q in QUERIES}
    text_property = {"SELECT": SH.select, "CONSTRUCT": SH.construct, "ASK": SH.ask, "DESCRIBE": SPEX.describe}
    kind = {"SELECT": SH.SPARQLSelectExecutable, "CONSTRUCT": SH.SPARQLConstructExecutable}
    for q in QUERIES:
        node = URIRef(f"{base}query/{q.name}")
        texts = [o for p in text_property.values() for o in g.objects(node, p)]
        defaults = {p.name: to_term(p.type, p.default if p.default is not None else p.example) for p in q.params}
        published = Literal(bind_text(q.body, defaults))  # the defaults bound, so the text runs as it is
        assert texts == [published], q.name
        assert (node, text_property[q.form], published) in g
        assert parse_sparql(str(texts[0])).form == q.form
        if q.form in kind:
            assert (node, RDF.type, kind[q.form]) in g
        assert g.value(node, RDFS.label) == Literal(q.title, lang="en")
        assert g.value(node, RDFS.comment) == Literal(q.description, lang="en")
        assert set(g.objects(node, SCHEMA.keywords)) == {Literal(k) for k in q.keywords}
        prefixes = g.value(node, SH.prefixes)
        declared = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace)) for d in g.objects(prefixes, SH.declare)}
        assert dict(parse_sparql(q.text).prefixes).items() <= declared.items()
        params = sorted(g.objects(node, SH.parameter), key=lambda n: int(g.value(n, SH.order)))
        assert [str(g.value(n, SH.name)) for n in params] == [p.name for p in q.params]
        for n, p in zip(params, q.params, strict=True):
            assert str(g.value(n, SH.path)).endswith(f"/{p.name}")
            assert g.value(n, SH.defaultValue) == to_term(p.type, p.default)
            assert g.value(n, SH.optional) == Literal(not p.required)
    year = g.value(URIRef(f"{base}query/projects-active-in-year#param-year"), SH.datatype)
    assert year == XSD.gYear
    entity = URIRef(f"{base}query/entity-provenance#param-entity")
    assert g.value(entity, SH.nodeKind) == SH.IRI


def test_queries_as_rdf_refuses_conflicting_prefixes_and_bad_base():
    a = parse_stored_query(GOOD_TOP + BODY, name="a")
    b = parse_stored_query(GOOD_TOP + BODY.replace("http://example.org/", "http://example.com/"), name="b")
    with pytest.raises(QueryError, match="prefix ex: is"):
        queries_as_rdf([a, b], base="https://example.org/kg/")
    with pytest.raises(QueryError, match="base IRI"):
        queries_as_rdf([a], base="not a base")
    assert URIRef("https://example.org/kg/query/a") in set(
        queries_as_rdf([a], base="https://example.org/kg").subjects()
    )


# -- goldens ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_query_gives_its_golden_answer(name, seed_graph):
    q = BY_NAME[name]
    result = run_query(q, data=seed_graph)
    assert len(result) >= 1, f"{name} gives nothing on the seed with its defaults"
    if q.form in ("SELECT", "ASK"):
        path = GOLDEN / f"{name}.json"
        if UPDATE:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_text(format_result(result, fmt="json"), encoding="utf-8")
        assert path.exists(), f"no golden {path}; write it with KG_UPDATE_GOLDEN=1, then check it by hand"
        variables, expected = golden_rows(json.loads(path.read_text(encoding="utf-8")))
        assert list(result.variables) == variables
        got = result_rows(result)
        missing = sorted(set(expected) - set(got), key=str)
        extra = sorted(set(got) - set(expected), key=str)
        assert sorted(got, key=str) == sorted(expected, key=str), (
            f"{name} differs from {path}\nmissing rows:\n{show_rows(missing)}\nunexpected rows:\n{show_rows(extra)}"
        )
    else:
        path = GOLDEN / f"{name}.ttl"
        assert result.graph is not None
        if UPDATE:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_text(format_result(result, fmt="turtle", prefixes=GOLDEN_PREFIXES), encoding="utf-8")
        assert path.exists(), f"no golden {path}; write it with KG_UPDATE_GOLDEN=1, then check it by hand"
        expected_graph = Graph().parse(path, format="turtle")
        if not isomorphic(result.graph, expected_graph):
            _, only_got, only_expected = graph_diff(to_isomorphic(result.graph), to_isomorphic(expected_graph))
            pytest.fail(
                f"{name} differs from {path}\nonly in the result:\n"
                + "\n".join(sorted(only_got.serialize(format="nt").splitlines())[:20])
                + "\nonly in the golden:\n"
                + "\n".join(sorted(only_expected.serialize(format="nt").splitlines())[:20])
            )


def _rows(name: str, seed_graph: Graph, **params: str) -> list[tuple[str | None, ...]]:
    return result_rows(run_query(BY_NAME[name], data=seed_graph, params=params))


@pytest.mark.parametrize(("name", "param"), PARAMS)
def test_every_example_value_gives_an_answer(name, param, seed_graph):
    q = BY_NAME[name]
    example = q.param(param).example
    assert example is not None and example != q.param(param).default
    result = run_query(q, data=seed_graph, params={param: example})
    assert len(result) >= 1
    assert result != run_query(q, data=seed_graph) or q.form != "SELECT"


def test_projects_active_in_a_year_follow_the_timeframes(seed_graph):
    # Timeframes in sources/ecsite.txt: five projects 2020/2021-2023, WATER-MINING 2020-2024, Road-STEAMer 2022-2025.
    def names(year: str) -> set[str]:
        return {row[2].strip('"') for row in _rows("projects-active-in-year", seed_graph, year=year)}

    everything = {
        "Schools As Living Labs",
        "GlobalSCAPE",
        "SocKETs",
        "DOORS",
        "Make it Open",
        "TechEthos",
        "WATER-MINING",
        "Road-STEAMer",
    }
    assert names("2022") == everything
    assert names("2021") == everything - {"Road-STEAMer"}
    assert names("2020") == {"Schools As Living Labs", "SocKETs", "Make it Open", "WATER-MINING"}
    assert names("2024") == {"WATER-MINING", "Road-STEAMer"}
    assert names("2025") == {"Road-STEAMer"}
    assert names("2019") == names("2026") == set()


def test_parameters_change_the_answer(seed_graph):
    assert len(_rows("organisations-in-several-projects", seed_graph, minProjects="3")) == 0
    assert len(_rows("organisations-in-several-projects", seed_graph, minProjects="1")) > 80
    iri = "https://w3id.org/kg/id/project/doors_2021_2023"
    by_iri = {row[4] for row in _rows("project-participants", seed_graph, project=iri)}
    by_name = {row[4] for row in _rows("project-participants", seed_graph, project="dOoRs")}
    assert (
        by_iri
        == by_name
        == {
            "<https://w3id.org/kg/id/organisation/ars-electronica-linz-gmbh-and-co-kg>",
            "<https://w3id.org/kg/id/organisation/museum-booster-gmbh>",
        }
    )
    holders = _rows("post-holders", seed_graph, role="Executive Director@en")
    assert [row[2] for row in holders] == ['"Catherine Franche"']
    assert _rows("post-holders", seed_graph, role="Executive Director@de") == []
    assert len(_rows("organisations-by-name", seed_graph, text="SCIENCE")) > len(
        _rows("organisations-by-name", seed_graph)
    )


# -- both engines -------------------------------------------------------------------------------------
def _raw_rdflib(q: StoredQuery, graph: Graph) -> tuple[list[str], list[tuple[str | None, ...]]]:
    res = graph.query(q.text, initBindings=bind_parameters(q.params, {}))
    return [str(v) for v in res.vars], [tuple(norm(t) for t in row) for row in res]


def _raw_oxigraph(q: StoredQuery, store: ox.Store) -> tuple[list[str], list[tuple[str | None, ...]]]:
    subs = {}
    for name, term in bind_parameters(q.params, {}).items():
        if isinstance(term, URIRef):
            subs[ox.Variable(name)] = ox.NamedNode(str(term))
        elif term.language:
            subs[ox.Variable(name)] = ox.Literal(str(term), language=term.language)
        else:
            subs[ox.Variable(name)] = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    res = store.query(q.text, substitutions=subs)
    return [v.value for v in res.variables], [tuple(norm(t) for t in solution) for solution in res]


@pytest.mark.parametrize("name", sorted(n for n, q in BY_NAME.items() if q.form == "SELECT"))
def test_engines_give_the_same_rows(name, seed_graph, seed_store):
    q = BY_NAME[name]
    rdflib_vars, rdflib_rows = _raw_rdflib(q, seed_graph)
    ox_vars, ox_rows = _raw_oxigraph(q, seed_store)
    assert rdflib_vars == ox_vars
    assert rdflib_rows, name
    assert sorted(rdflib_rows, key=str) == sorted(ox_rows, key=str)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_engines_give_the_same_formatted_output(name, seed_graph, seed_store):
    q = BY_NAME[name]
    by_rdflib = run_query(q, data=seed_graph, engine="rdflib")
    by_oxigraph = run_query(q, data=seed_store, engine="oxigraph")
    formats = SELECT_FORMATS if q.form == "SELECT" else ("turtle", "ntriples")
    for fmt in formats:
        assert format_result(by_rdflib, fmt=fmt) == format_result(by_oxigraph, fmt=fmt), (name, fmt)
    if q.form != "SELECT":
        assert isomorphic(by_rdflib.graph, by_oxigraph.graph)


def test_each_engine_takes_either_kind_of_data(seed_graph, seed_store):
    q = BY_NAME["largest-consortia"]
    results = [
        run_query(q, data=data, engine=engine) for data in (seed_graph, seed_store) for engine in ("rdflib", "oxigraph")
    ]
    assert all(r == results[0] for r in results[1:])
    with pytest.raises(QueryError, match="unknown SPARQL engine"):
        run_query(q, data=seed_graph, engine="jena")
    with pytest.raises(QueryError, match="cannot query a dict"):
        run_query(q, data={})  # type: ignore[arg-type]


# -- values some solutions leave unbound, and the order of columns -----------------------------------
TIMEFRAMES = """
@prefix kgo: <https://w3id.org/kg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:alpha a kgo:Project ; schema:name "Alpha" ; kgo:startYear "2020"^^xsd:gYear ; kgo:endYear "2023"^^xsd:gYear ;
  kgo:fundingProgramme ex:programme .
ex:beta a kgo:Project ; schema:name "Beta" ; kgo:startYear "2021"^^xsd:gYear ;
  kgo:fundingProgramme ex:programme ; kgo:funder ex:late .
ex:gamma a kgo:Project ; schema:name "Gamma" ; kgo:endYear "2022"^^xsd:gYear .
ex:delta a kgo:Project ; schema:name "Delta" ; kgo:startYear "2021"^^xsd:gYear ; kgo:endYear "2022"^^xsd:gYear .
ex:epsilon a kgo:Project ; schema:name "Epsilon" ; kgo:funder ex:undated .
ex:programme schema:name "Programme" ; kgo:fundingBody ex:fund .
ex:fund a kgo:Funder ; schema:name "Fund" .
ex:late a kgo:Funder ; schema:name "Late" .
ex:undated a kgo:Funder ; schema:name "Undated" .
"""


@pytest.fixture(scope="module")
def timeframes() -> Graph:
    """Projects with and without start and end years."""
    return Graph().parse(data=TIMEFRAMES, format="turtle")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_projects_without_an_end_or_a_start_year_are_ordered(engine, timeframes):
    # ORDER BY STR(?end) on a project without an end year was an error rdflib could not sort.
    result = run_query(BY_NAME["projects-active-in-year"], data=timeframes, params={"year": "2022"}, engine=engine)
    names = [str(row[result.variables.index("name")]) for row in result.rows]
    assert names == ["Gamma", "Alpha", "Beta", "Delta"]  # a missing year first, as unbound values sort


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_funder_years_are_those_of_the_projects_that_have_them(engine, timeframes):
    # MAX over an end year that one project lacks: rdflib skipped it, Oxigraph gave no value at all.
    result = run_query(BY_NAME["projects-by-funder"], data=timeframes, engine=engine)
    assert result.variables == (
        "funder",
        "funderName",
        "programme",
        "programmeName",
        "projects",
        "firstStart",
        "lastEnd",
    )
    assert [(str(r[3] or r[1]), int(r[4]), r[5], r[6]) for r in result.rows] == [
        ("Programme", 2, Literal(2020), Literal(2023)),  # Beta has no end year
        ("Late", 1, Literal(2021), None),  # Beta's funder: a start, no end
        ("Undated", 1, None, None),  # Epsilon has no years at all
    ]


STAR = """PREFIX ex: <http://example.org/>
SELECT * WHERE {
  ?s ex:count ?count .  # ?zzz is never bound: not a column
  OPTIONAL { ?s ex:label ?label }
  BIND (STR(?count) AS ?text)
  { SELECT ?s (COUNT(?hidden) AS ?n) WHERE { ?s ?p ?hidden } GROUP BY ?s }
}
ORDER BY ?s"""


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_select_star_columns_are_in_the_order_of_the_text(engine, small, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    assert parse_sparql(STAR).projection == ("s", "count", "label", "text", "n")
    result = run_query(STAR, data=small, engine=engine)
    assert result.variables == ("s", "count", "label", "text", "n")
    assert result_rows(result)[1] == ("<http://example.org/b>", "7^^integer", None, '"7"', "1^^integer")
    path = tmp_path / "small.ttl"
    small.serialize(path, format="turtle")
    args = ["query", "-e", STAR, "--graph", str(path), "--engine", engine, "--format", "csv"]
    ran = CliRunner().invoke(main, args, catch_exceptions=False)
    assert ran.exit_code == 0, ran.output
    assert ran.output.splitlines()[0] == "s,count,label,text,n"


def test_select_star_columns_do_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    code = "import sys; from kg.query.sparql import parse_sparql; print(*parse_sparql(sys.stdin.read()).projection)"
    seen = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        ran = subprocess.run([sys.executable, "-c", code], input=STAR, capture_output=True, text=True, env=env)
        assert ran.returncode == 0, ran.stderr
        seen.add(ran.stdout)
    assert seen == {"s count label text n\n"}


# -- parameters -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("type_", "value", "term"),
    [
        ("IRI", "https://example.org/a?b=c#d", URIRef("https://example.org/a?b=c#d")),
        ("IRI", "urn:isbn:0451450523", URIRef("urn:isbn:0451450523")),
        ("xsd:string", 'any "text"\n', Literal('any "text"\n')),
        ("rdf:langString", "Président@FR", Literal("Président", lang="fr")),
        ("rdf:langString", "a@b@en-GB", Literal("a@b", lang="en-gb")),
        ("xsd:gYear", "2022", Literal("2022", datatype=XSD.gYear)),
        ("xsd:integer", "+007", Literal("7", datatype=XSD.integer)),
        ("xsd:integer", "-3", Literal("-3", datatype=XSD.integer)),
    ],
)
def test_parameter_values_are_typed(type_, value, term):
    converted = to_term(type_, value)
    assert converted == term and type(converted) is type(term)


@pytest.mark.parametrize(
    ("type_", "value"),
    [
        ("IRI", "doors_2021_2023"),
        ("IRI", "https://example.org/a b"),
        ("IRI", "https://example.org/<a>"),
        ("IRI", 'https://example.org/"a"'),
        ("IRI", "https://example.org/{a}|^`"),
        ("IRI", "https://example.org/a\\b"),
        ("IRI", "https://example.org/a\n"),
        ("IRI", ""),
        ("rdf:langString", "President"),
        ("rdf:langString", "President@"),
        ("rdf:langString", "President@en_GB"),
        ("xsd:gYear", "22"),
        ("xsd:gYear", "2022 "),
        ("xsd:gYear", "２０２２"),
        ("xsd:gYear", "-2022"),
        ("xsd:integer", "2.0"),
        ("xsd:integer", "two"),
        ("xsd:integer", "1" * 19),
        ("xsd:date", "2022-01-01"),
    ],
)
def test_bad_parameter_values_are_refused(type_, value):
    with pytest.raises(ParameterError, match="parameter value"):
        to_term(type_, value)


def test_missing_unknown_and_bad_parameters(seed_graph):
    text = (
        GOOD_TOP
        + "#+ param: x\n#+   type: IRI\n#+   description: X\n"
        + "PREFIX ex: <http://example.org/>\nSELECT ?x ?o WHERE { ?x ex:p ?o } ORDER BY ?o\n"
    )
    q = parse_stored_query(text, name="needs-x")
    assert q.params[0].required
    with pytest.raises(ParameterError, match=r"needs-x: parameter x \(IRI\) is required"):
        run_query(q, data=seed_graph)
    with pytest.raises(ParameterError, match=r"unknown parameter.*colour; it takes x"):
        run_query(q, data=seed_graph, params={"x": "http://example.org/a", "colour": "red"})
    with pytest.raises(ParameterError, match=r"parameter x names no variable of the query; expected \?x"):
        run_query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", data=seed_graph, params={"x": "http://example.org/a"})
    with pytest.raises(ParameterError, match="'2022x' is not a year") as caught:
        run_query(BY_NAME["projects-active-in-year"], data=seed_graph, params={"year": "2022x"})
    assert caught.value.exit_code == EXIT_BAD_INPUT
    assert len(run_query(q, data=seed_graph, params={"x": "http://example.org/a"})) == 0
    # SPARQL text with a header is a stored query too.
    assert len(run_query(text, data=seed_graph, params={"x": "http://example.org/a"}, engine="oxigraph")) == 0


# -- injection --------------------------------------------------------------------------------------------
HOSTILE = [
    '"',
    "'",
    "\\",
    "\\'",
    "\n",
    "\r\n}",
    ">",
    "} ; DROP ALL",
    "\\u0022",
    "\\u0022 } UNION { ?s ?p ?o } #",
    '" } UNION { ?s ?p ?o } #',
    "' } UNION { ?s ?p ?o } #",
    '") || true || ("',
    '2022"^^<http://www.w3.org/2001/XMLSchema#gYear>) || true || ("',
    "> } UNION { ?s ?p ?o } #",
    "<http://evil.example/> . ?s ?p ?o",
    '"\n} ; INSERT DATA { <http://evil.example/s> <http://evil.example/p> "o" } #',
    "javascript:alert(1)",
    "http://example.org/ok?x=1#y",
]
HARMLESS = {
    "IRI": "https://example.org/no-such-entity",
    "xsd:string": "zzz-no-such-name",
    "rdf:langString": "zzz-no-such-role@en",
    "xsd:gYear": "1066",
    "xsd:integer": "1000",
}


def _without(result: Result, column: str) -> list[tuple[str | None, ...]]:
    keep = [i for i, v in enumerate(result.variables) if v != column]
    return sorted((tuple(norm(row[i]) for i in keep) for row in result.rows), key=str)


def _oracle(name: str, value: str, graph: Graph, harmless: Result, param: str) -> list[tuple[str | None, ...]]:
    """What the query must answer for the literal value: nothing, except where a name contains it."""
    if name != "organisations-by-name":
        return _without(harmless, param)
    rows = set()
    for org in graph.subjects(RDF.type, SCHEMA.Organization):
        for name_ in graph.objects(org, SCHEMA.name):
            for matched in [*graph.objects(org, SCHEMA.name), *graph.objects(org, SCHEMA.alternateName)]:
                if value.upper() in str(matched).upper():
                    rows.add((norm(org), norm(name_), norm(matched)))
    return sorted(rows, key=str)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(("name", "param"), PARAMS)
def test_hostile_parameter_values_never_change_the_query(name, param, engine, seed_graph, seed_store):
    q = BY_NAME[name]
    p = q.param(param)
    data = seed_graph if engine == "rdflib" else seed_store
    triples = len(seed_graph), len(seed_store)
    harmless = run_query(q, data=data, params={param: HARMLESS[p.type]}, engine=engine)
    assert len(harmless) == 0
    default_size = len(run_query(q, data=data, engine=engine))
    values = HOSTILE + [v + "@en" for v in HOSTILE] if p.type == "rdf:langString" else HOSTILE
    answered = 0
    for value in values:
        try:
            result = run_query(q, data=data, params={param: value}, engine=engine)
        except KgError as exc:
            assert isinstance(exc, ParameterError) and f"parameter {param}:" in str(exc), (value, exc)
            continue
        answered += 1
        term = to_term(p.type, value)
        if q.form == "SELECT":
            column = result.variables.index(param)
            assert all(row[column] == term for row in result.rows), value
            assert _without(result, param) == _oracle(name, value, seed_graph, harmless, param), value
        else:
            assert len(result) == 0, value
        assert len(result) <= max(default_size, len(harmless)) * 2, value
    assert (len(seed_graph), len(seed_store)) == triples, "the data changed"
    if p.type in ("xsd:string", "rdf:langString", "IRI"):
        assert answered, "no hostile value was bound, so nothing was tested"


def test_a_quote_is_searched_for_as_text(seed_graph):
    rows = _rows("organisations-by-name", seed_graph, text="'leonardo")
    assert [row[2] for row in rows] == ["\"Museo Nazionale della Scienza e della Tenologia 'Leonardo da Vinci'\""]


# -- refusals ---------------------------------------------------------------------------------------------
SERVICE = "SELECT ?s WHERE { ?s ?p ?o SERVICE <http://example.org/sparql> { ?s ?q ?x } } ORDER BY ?s"
NESTED_SERVICE = "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { SELECT ?s WHERE { SERVICE SILENT <https://example.org/sparql> { ?s ?q ?x } } } }"
EXISTS_SERVICE = "SELECT ?s WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?q ?x } } }"
VARIABLE_SERVICE = "SELECT ?s WHERE { ?s ?p ?e SERVICE ?e { ?s ?q ?x } }"
FROM = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("text", [SERVICE, NESTED_SERVICE, EXISTS_SERVICE, VARIABLE_SERVICE])
def test_service_is_refused(text, engine, seed_graph):
    with pytest.raises(
        QueryRefusedError, match=r"remote SPARQL service \(SERVICE (<https?://example.org/sparql>|\?e)\)"
    ) as caught:
        run_query(text, data=seed_graph, engine=engine)
    assert caught.value.exit_code == EXIT_BAD_INPUT


def test_service_is_allowed_with_allow_remote_in_the_parse_step():
    parsed = parse_sparql(SERVICE)
    assert parsed.services == ("<http://example.org/sparql>",)
    check_access(parsed, allow_remote=True)  # allowed: no error, and nothing is run
    with pytest.raises(QueryRefusedError):
        check_access(parsed)


@pytest.mark.parametrize("text", [SERVICE, FROM.replace(" WHERE", " FROM <http://example.org/graph> WHERE")])
def test_a_refusal_says_how_to_allow_remote_access_from_the_command_line(text, tmp_path, small):
    from click.testing import CliRunner

    from kg.cli import main

    with pytest.raises(QueryRefusedError) as caught:
        run_query(text, data=small)
    assert "--allow-remote" in str(caught.value) and "allow_remote=True" in str(caught.value)
    path = tmp_path / "small.ttl"
    small.serialize(path, format="turtle")
    ran = CliRunner().invoke(main, ["query", "-e", text, "--graph", str(path)])
    assert ran.exit_code == EXIT_BAD_INPUT
    assert "--allow-remote" in ran.output


def test_the_word_service_in_a_literal_or_comment_is_not_a_service_call(seed_graph):
    text = 'SELECT ?s WHERE { ?s ?p "SERVICE <http://example.org/sparql> { }" } ORDER BY ?s # SERVICE <http://x.example/>\n'
    assert parse_sparql(text).services == ()
    assert len(run_query(text, data=seed_graph)) == 0


@pytest.mark.parametrize("clause", ["FROM <http://example.org/graph>", "FROM NAMED <http://example.org/graph>"])
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_from_a_graph_that_is_not_in_the_data_is_refused(clause, engine, seed_graph):
    text = FROM.replace(" WHERE", f" {clause} WHERE")
    with pytest.raises(QueryRefusedError, match=re.escape(f"{clause} names a graph that is not in the data")):
        run_query(text, data=seed_graph, engine=engine)
    check_access(parse_sparql(text), allow_remote=True)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_from_a_graph_in_the_data_is_allowed(engine):
    dataset = Dataset()
    dataset.graph(URIRef("urn:kg:g1")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("in g1")))
    dataset.graph(URIRef("urn:kg:g2")).add((URIRef("urn:b"), URIRef("urn:p"), Literal("in g2")))
    text = "SELECT ?o FROM <urn:kg:g1> WHERE { ?s ?p ?o } ORDER BY ?o"
    result = run_query(text, data=dataset, engine=engine)
    assert result_rows(result) == [('"in g1"',)]


@pytest.mark.parametrize("union", [False, True])
def test_engines_see_the_same_default_graph_of_a_dataset(union):
    dataset = Dataset(default_union=union)
    dataset.add((URIRef("urn:d"), URIRef("urn:p"), Literal("default")))
    for name in ("urn:kg:g1", "urn:kg:g2"):
        dataset.graph(URIRef(name)).add((URIRef("urn:a"), URIRef("urn:p"), Literal("in both")))
    text = (
        "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    by_rdflib = run_query(text, data=dataset, engine="rdflib")
    by_oxigraph = run_query(text, data=dataset, engine="oxigraph")
    assert by_rdflib == by_oxigraph
    assert result_rows(by_rdflib) == [(f"{4 if union else 3}^^integer", "2^^integer")]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <urn:g>", "LOAD"),
        ('INSERT DATA { <http://example.org/s> <http://example.org/p> "o" }', "INSERT DATA"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
        ("DROP ALL", "DROP"),
        ("CLEAR DEFAULT", "CLEAR"),
        (
            "PREFIX ex: <http://example.org/>\nDELETE { ?s ?p ?o } INSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
            "INSERT/DELETE",
        ),
    ],
)
@pytest.mark.parametrize("allow_remote", [False, True])
def test_updates_are_refused(text, keyword, allow_remote, seed_graph, seed_store):
    before = len(seed_graph), len(seed_store)
    for data, engine in ((seed_graph, "rdflib"), (seed_store, "oxigraph")):
        with pytest.raises(QueryRefusedError, match=f"SPARQL update \\({keyword}") as caught:
            run_query(text, data=data, engine=engine, allow_remote=allow_remote)
        assert "read-only" in str(caught.value)
        if keyword == "LOAD":
            assert "fetch data from the web" in str(caught.value)
    assert (len(seed_graph), len(seed_store)) == before


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "SPARQL syntax error at line 1"),
        ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(\n}", "SPARQL syntax error at line 3"),
        ("SELECT ?x WHERE { ?x schema:name ?n }", "prefix(es) schema: used but not declared"),
        ("", "SPARQL syntax error"),
        ("DROP ALL ; SELECT", "SPARQL syntax error"),
    ],
)
def test_syntax_errors_are_clear(text, fragment, seed_graph):
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(QuerySyntaxError) as caught:
            run_query(text, data=seed_graph, engine=engine)
        assert fragment in str(caught.value)
        assert str(caught.value).startswith("query: ")
        assert caught.value.exit_code == EXIT_BAD_INPUT


# -- formatting -----------------------------------------------------------------------------------------
EX = Namespace("http://example.org/")
TRICKY = Literal('says "hi",\tthen\nleaves; a\\b')


@pytest.fixture(scope="module")
def small() -> Graph:
    g = Graph()
    g.add((EX.a, EX.label, TRICKY))
    g.add((EX.a, EX["count"], Literal(42)))
    g.add((EX.a, EX.role, Literal("Président", lang="fr")))
    g.add((EX.b, EX["count"], Literal(7)))
    return g


SMALL = """PREFIX ex: <http://example.org/>
SELECT ?s ?label ?count ?role WHERE { ?s ex:count ?count OPTIONAL { ?s ex:label ?label } OPTIONAL { ?s ex:role ?role } }
ORDER BY ?s"""


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def small_result(request, small) -> Result:
    return run_query(SMALL, data=small, engine=request.param)


def test_table(small_result):
    assert format_result(small_result, fmt="table") == (
        "s     label                           count  role\n"
        "----  ------------------------------  -----  ---------\n"
        'ex:a  says "hi",\\tthen\\nleaves; a\\\\b     42  Président\n'
        "ex:b                                      7\n"
        "(2 rows)\n"
    )
    assert "says…" in format_result(small_result, fmt="table", max_width=5)
    assert "\n(2 rows)\n" in format_result(small_result, fmt="table", max_width=None)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_table_shortens_iris_with_prefixes(engine, small):
    text = "SELECT ?s ?count WHERE { ?s <http://example.org/count> ?count } ORDER BY ?s"
    result = run_query(text, data=small, engine=engine)
    assert result.prefixes == ()
    assert "<http://example.org/a>" in format_result(result, fmt="table")
    assert "\nthing:a " in format_result(result, fmt="table", prefixes={"thing": "http://example.org/"})
    assert "\nthing:a " not in format_result(result, fmt="table", prefixes={"thing": "http://example.org/a/"})


def test_csv(small_result):
    text = format_result(small_result, fmt="csv")
    assert text.splitlines(keepends=True)[0] == "s,label,count,role\r\n"
    assert list(csv.reader(io.StringIO(text))) == [
        ["s", "label", "count", "role"],
        ["http://example.org/a", str(TRICKY), "42", "Président"],
        ["http://example.org/b", "", "7", ""],
    ]


def test_tsv(small_result):
    assert format_result(small_result, fmt="tsv") == (
        "?s\t?label\t?count\t?role\n"
        '<http://example.org/a>\t"says \\"hi\\",\\tthen\\nleaves; a\\\\b"\t42\t"Président"@fr\n'
        "<http://example.org/b>\t\t7\t\n"
    )


def test_json(small_result):
    document = json.loads(format_result(small_result, fmt="json"))
    assert document["head"]["vars"] == ["s", "label", "count", "role"]
    first, second = document["results"]["bindings"]
    assert first == {
        "s": {"type": "uri", "value": "http://example.org/a"},
        "label": {"type": "literal", "value": str(TRICKY)},
        "count": {"type": "literal", "value": "42", "datatype": str(XSD.integer)},
        "role": {"type": "literal", "value": "Président", "xml:lang": "fr"},
    }
    assert set(second) == {"s", "count"}


def test_xml(small_result):
    root = ET.fromstring(format_result(small_result, fmt="xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "label", "count", "role"]
    first, second = root.findall("r:results/r:result", ns)
    label = first.find("r:binding[@name='label']/r:literal", ns)
    assert label is not None and label.text == str(TRICKY)
    role = first.find("r:binding[@name='role']/r:literal", ns)
    assert role is not None and role.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    count = second.find("r:binding[@name='count']/r:literal", ns)
    assert count is not None and count.get("datatype") == str(XSD.integer) and count.text == "7"
    assert len(second.findall("r:binding", ns)) == 2


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_ask_and_graph_results(engine, small):
    yes = run_query("PREFIX ex: <http://example.org/>\nASK { ex:a ex:count 42 }", data=small, engine=engine)
    no = run_query("PREFIX ex: <http://example.org/>\nASK { ex:a ex:count 43 }", data=small, engine=engine)
    assert (yes.boolean, no.boolean) == (True, False)
    assert format_result(yes, fmt="table") == "true\n" and format_result(no, fmt="csv") == "false\n"
    assert json.loads(format_result(yes, fmt="json")) == {"head": {}, "boolean": True}
    assert (
        ET.fromstring(format_result(no, fmt="xml")).find("{http://www.w3.org/2005/sparql-results#}boolean").text
        == "false"
    )
    built = run_query(
        "PREFIX ex: <http://example.org/>\nCONSTRUCT { ?s ex:n ?c . ?s ex:blank [ ex:v ?c ] } WHERE { ?s ex:count ?c }",
        data=small,
        engine=engine,
    )
    nt = format_result(built, fmt="ntriples")
    assert nt == "".join(sorted(nt.splitlines(keepends=True))) and len(nt.splitlines()) == 6
    assert nt == format_result(built, fmt="ntriples")
    turtle = format_result(built, fmt="turtle")
    assert "@prefix ex: <http://example.org/> ." in turtle
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), built.graph)
    with pytest.raises(QueryError, match="gives a graph"):
        format_result(built, fmt="csv")
    with pytest.raises(QueryError, match="gives no graph"):
        format_result(yes, fmt="turtle")


def test_unknown_format(small_result):
    with pytest.raises(QueryError, match="unknown output format 'yaml'"):
        format_result(small_result, fmt="yaml")
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "nquads", "jsonld"}


def test_published_queries_run_as_they_stand(built):
    """queries.ttl holds each query with its defaults bound, so a store that loads it can run it."""
    catalogue = Graph().parse(built / "queries.ttl")
    store = ox.Store()
    store.bulk_load(path=str(built / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n"
        for decl in catalogue.objects(None, SH.declare)
        for p, ns in [(catalogue.value(decl, SH.prefix), catalogue.value(decl, SH.namespace))]
    )
    texts = {
        str(node): str(text)
        for prop in (
            SH.select,
            SH.construct,
            SH.ask,
            URIRef("https://purl.expasy.org/sparql-examples/ontology#describe"),
        )
        for node, text in catalogue.subject_objects(prop)
    }
    assert len(texts) == len(list_queries())
    for node, text in sorted(texts.items()):
        result = store.query(prefixes + text)
        rows = list(result) if not isinstance(result, bool) else [result]
        assert rows, f"{node} gives nothing as published"
        if "describe-entity" in node:  # bound to one entity, not the whole graph
            assert len(rows) < 100
