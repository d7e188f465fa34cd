"""`kg serve` serves the build and nothing else (issue 13, item 7): a query that would reach out —
SERVICE in any form, LOAD, FROM or FROM NAMED a graph from the web, any update — is refused with 400
before it reaches Oxigraph, and a listener on 127.0.0.1 that such a query names records no connection."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.serving import Running, listener, start, stop
from tests.stores import free_port

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def target():
    with listener() as found:
        yield found


@pytest.fixture(scope="module")
def served(built: Path, tmp_path_factory) -> Running:
    running = start(built, free_port(), tmp_path_factory.mktemp("serve-reach"))
    assert running.proc.poll() is None, running.output()
    yield running
    stop(running)


def send(url: str, *, data: bytes | None = None, kind: str | None = None) -> tuple[int, str]:
    headers = {"Accept": JSON, **({"Content-Type": kind} if kind else {})}
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with _NO_PROXY.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def get(served: Running, **params: str) -> tuple[int, str]:
    return send(f"{served.url}/query?{urllib.parse.urlencode(params)}")


def post_form(served: Running, path: str = "/query", **params: str) -> tuple[int, str]:
    return send(f"{served.url}{path}", data=urllib.parse.urlencode(params).encode(), kind=FORM)


def post_body(served: Running, text: str, kind: str = "application/sparql-query", path: str = "/query"):
    return send(f"{served.url}{path}", data=text.encode(), kind=kind)


#: SERVICE to {t}, written every way a query can write it.
SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{t}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{t}> { ?s ?p ?o } }",
    "lower case": "select * where { service <{t}> { ?s ?p ?o } }",
    "comments and odd whitespace": "SELECT *\n# SERVICE <http://example.org/> in a comment\nWHERE{\tSERVICE\r\n\n<{t}>#x\n{?s ?p ?o}}",
    "in a subquery": "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o . SERVICE <{t}> { ?s ?p ?o } } } }",
    "in a nested subquery": "SELECT * { { SELECT * { { SELECT * { SERVICE <{t}> { ?a ?b ?c } } } } } }",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{t}> { ?s ?q ?v } } }",
    "in UNION": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{t}> { ?s ?p ?o } } }",
    "in FILTER EXISTS": "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <{t}> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{t}> { ?s ?p ?o } } }",
    "by a prefixed name": "PREFIX r: <{t}> SELECT * WHERE { SERVICE r: { ?s ?p ?o } }",
    "by a relative IRI": "BASE <{t}> SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
    "by a variable": "SELECT * WHERE { VALUES ?e { <{t}> } SERVICE ?e { ?s ?p ?o } }",
    "with \\u escapes": "SELECT * WHERE { \\u0053ERVICE <{t}> { ?s ?p ?o } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{t}> { ?s ?p ?o } }",
    "in DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <{t}> { ?s ?p ?o } }",
}
HOW = {
    "GET": lambda served, text: get(served, query=text),
    "POST form": lambda served, text: post_form(served, query=text),
    "POST body": lambda served, text: post_body(served, text),
}


@pytest.mark.parametrize("how", sorted(HOW))
@pytest.mark.parametrize("case", sorted(SERVICE_QUERIES))
def test_a_service_query_is_refused_with_400_and_reaches_nothing(served, target, case, how):
    text = SERVICE_QUERIES[case].replace("{t}", target.url)
    status, body = HOW[how](served, text)
    assert status == 400, body
    assert "kg serve refused the request" in body
    if case not in ("with \\u escapes", "by a variable", "by a prefixed name", "by a relative IRI"):
        assert f"SERVICE <{target.url}>" in body
    assert target.connections == []


def test_a_query_given_twice_is_refused_rather_than_one_of_them_sent_on(served, target):
    harmless, reaching = "ASK {}", SERVICE_QUERIES["plain"].replace("{t}", target.url)
    query = urllib.parse.urlencode([("query", harmless), ("query", reaching)])
    status, body = send(f"{served.url}/query?{query}")
    assert status == 400 and "more than once" in body
    status, body = send(
        f"{served.url}/query?{urllib.parse.urlencode({'query': harmless})}",
        data=urllib.parse.urlencode({"query": reaching}).encode(),
        kind=FORM,
    )
    assert status == 400 and "more than once" in body
    status, body = send(
        f"{served.url}/query?{urllib.parse.urlencode({'query': harmless})}", data=reaching.encode(), kind=JSON
    )
    assert status == 400 and "Content-Type" in body
    assert target.connections == []


def count(served: Running) -> int:
    status, body = get(served, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_load_in_every_form_is_refused_as_an_update_and_changes_nothing(served, target, seed):
    load = f"LOAD <{target.url}>"
    before = count(served)
    answers = {
        "as a query": get(served, query=load),
        "as update= on /query": get(served, update=load),
        "as a form on /query": post_form(served, update=load),
        "as a form on /update": post_form(served, "/update", update=load),
        "as a body on /query": post_body(served, load, "application/sparql-update"),
        "as a body on /update": post_body(served, load, "application/sparql-update", "/update"),
        "DROP ALL on /update": post_form(served, "/update", update="DROP ALL"),
    }
    for how, (status, body) in answers.items():
        assert status == 400, how
        assert "update" in body.lower() and ("read-only" in body or "LOAD" in body), (how, body)
    assert count(served) == before == len(seed.graph)
    assert target.connections == []


def test_graphs_from_the_web_are_refused_in_from_from_named_and_the_protocol(served, target):
    t = target.url
    answers = {
        "FROM": get(served, query=f"SELECT * FROM <{t}> WHERE {{ ?s ?p ?o }}"),
        "FROM NAMED": get(served, query=f"SELECT * FROM NAMED <{t}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        "default-graph-uri": get(served, query="SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": t}),
        "named-graph-uri": post_form(served, query="SELECT * WHERE { ?s ?p ?o }", **{"named-graph-uri": t}),
    }
    for how, (status, body) in answers.items():
        assert status == 400, how
        assert f"<{t}>" in body and "not in the build" in body, (how, body)
    assert target.connections == []


def test_a_graph_of_the_build_may_be_named_in_from(served):
    status, body = get(served, query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 1")
    assert status == 200, body
    graph = json.loads(body)["results"]["bindings"][0]["g"]["value"]
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    for status, body in (get(served, query=query), post_body(served, query), post_form(served, query=query)):
        assert status == 200, body
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_ordinary_queries_are_answered_in_every_form(served, seed):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for status, body in (get(served, query=text), post_form(served, query=text), post_body(served, text)):
        assert status == 200, body
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(seed.graph)


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"data": None}, "expected a SPARQL query"),
        ({"data": b"query=ASK+%7B%7D", "kind": "text/plain"}, "unsupported Content-Type"),
        ({"data": b"\xff\xfe", "kind": "application/sparql-query"}, "not UTF-8"),
        ({"data": b"SELEC nothing", "kind": "application/sparql-query"}, "syntax error"),
    ],
)
def test_a_request_that_is_not_a_query_gets_400_saying_what_was_expected(served, request_, expected):
    status, body = send(f"{served.url}/query", **request_)
    assert status == 400
    assert expected in body
