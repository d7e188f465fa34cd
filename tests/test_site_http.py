"""Every entity IRI dereferences, on a real Apache httpd with the generated .htaccess and on `kg serve`:
each media type on an entity of every class, 303 to the document, the document served as what it is."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.store.negotiate import choose
from tests.web import apache, get, kg_serve, readable_copy

BASE = "https://w3id.org/kg/id/"
KGO = "https://w3id.org/kg/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
#: Accept header → the document's extension and the media type it is served as.
ASKS = {
    "text/html": ("html", "text/html"),
    BROWSER: ("html", "text/html"),
    "text/turtle": ("ttl", "text/turtle"),
    "application/ld+json": ("jsonld", "application/ld+json"),
    "application/n-triples": ("nt", "application/n-triples"),
    "*/*": ("html", "text/html"),
}


def one_entity_per_class(dist: Path) -> dict[str, str]:
    """For every class of the ontology in the data, the IRI path of one of its entities (the first by IRI)."""
    graph = Graph().parse(dist / "graph.nt", format="nt")
    found: dict[str, str] = {}
    for s, _, c in sorted(graph.triples((None, RDF.type, None))):
        if isinstance(s, URIRef) and str(c).startswith(KGO) and str(s).startswith(BASE):
            found.setdefault(str(c)[len(KGO) :], str(s)[len(BASE) :])
    return found


@pytest.fixture(scope="module")
def entities(built: Path) -> dict[str, str]:
    found = one_entity_per_class(built)
    assert {"Network", "Organisation", "Project", "Person", "Post", "Country", "City", "SourceDocument"} <= set(found)
    return found


@pytest.fixture(scope="module")
def on_apache(built: Path):
    copy = readable_copy(built)
    try:
        with apache(copy) as url:
            yield f"{url}/dist/site/"  # dist/ published whole; its site/ is the entity namespace
    finally:
        shutil.rmtree(copy, ignore_errors=True)


@pytest.fixture(scope="module")
def on_kg_serve(built: Path):
    with kg_serve(built) as url:
        yield f"{url}/"


@pytest.fixture(params=["apache", "kg serve"])
def site(request, on_apache, on_kg_serve) -> str:
    return on_apache if request.param == "apache" else on_kg_serve


def check_document(answer, extension: str, media_type: str, iri: str) -> None:
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0].strip() == media_type
    if extension == "html":
        assert b'<html lang="en">' in answer.body
        return
    fmt = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[extension]
    if extension == "jsonld":
        assert isinstance(json.loads(answer.body)["@context"], dict)  # inline: nothing to fetch
    graph = Graph().parse(data=answer.body, format=fmt)
    assert (URIRef(iri), RDF.type, None) in graph


@pytest.mark.parametrize("accept", list(ASKS), ids=["html", "browser", "turtle", "jsonld", "ntriples", "any"])
def test_each_entity_iri_answers_303_to_the_document_the_client_asks_for(site, entities, accept):
    extension, media_type = ASKS[accept]
    for cls, path in sorted(entities.items()):
        iri_url = site + urllib.parse.quote(path)
        answer = get(iri_url, accept)
        if cls == "SourceDocument" and extension == "html" and not site.endswith("/dist/site/"):
            # kg serve, at the root: the article's IRI path is also where the pages' links find the article
            assert answer.status == 200
            assert answer.headers["content-type"].startswith("text/plain")
            continue
        assert answer.status == 303, (cls, path, answer.status)
        assert "Accept" in answer.headers.get("vary", ""), cls
        location = urllib.parse.urljoin(iri_url, answer.headers["location"])
        assert location == f"{iri_url}.{extension}", (cls, accept)
        check_document(get(location), extension, media_type, BASE + path)


def test_kg_serve_weighs_q_values_where_the_htaccess_takes_the_first_type_it_knows(on_kg_serve, on_apache, entities):
    accept = "text/turtle;q=0.9, application/ld+json"
    path = entities["Project"]
    assert get(on_kg_serve + path, accept).headers["location"].endswith(".jsonld")
    assert get(on_apache + path, accept).headers["location"].endswith(".ttl")  # a documented limit of the rules


def test_a_request_without_accept_gets_the_page(site, entities):
    answer = get(site + entities["Project"], None)
    assert answer.status == 303
    assert answer.headers["location"].endswith(".html")


def test_the_documents_and_pictures_are_served_with_their_media_types(site, entities):
    network = entities["Network"]
    for suffix, media_type in (
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".nt", "application/n-triples"),
        (".html", "text/html"),
    ):
        assert get(site + network + suffix).headers["content-type"].split(";")[0] == media_type
    assert get(site + "style.css").headers["content-type"].split(";")[0] == "text/css"
    assert get(site).headers["content-type"].split(";")[0] == "text/html"  # the home page is the folder's index


def test_an_unknown_iri_is_not_found(site):
    assert get(site + "organisation/no-such-organisation").status == 404


def test_the_site_links_to_downloads_beside_it_resolve(site, built):
    """The home page's relative links to ../graph.ttl and the articles in ../source/ reach the files."""
    for name in ("graph.ttl", "void.ttl", "source/ecsite.txt"):
        answer = get(urllib.parse.urljoin(site, "../" + name))
        assert answer.status == 200, name
        assert answer.body == (built / name).read_bytes()


def test_kg_serve_answers_sparql_at_query_beside_the_site(on_kg_serve):
    query = urllib.parse.urlencode({"query": "ASK { ?s a <https://w3id.org/kg/ontology#Network> }"})
    answer = get(f"{on_kg_serve}query?{query}", "application/sparql-results+json")
    assert answer.status == 200
    assert json.loads(answer.body)["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        (None, "html"),
        ("", "html"),
        ("text/turtle", "ttl"),
        ("text/turtle;q=0.5, text/html", "html"),
        ("text/html;q=0.5, text/turtle", "ttl"),
        ("text/*", "html"),
        ("text/html, text/turtle", "ttl"),
        ("application/rdf+xml", "html"),
        ("application/ld+json;q=0, */*", "html"),
        ("application/*", "html"),
        ("application/n-triples;q=0.8, application/ld+json;q=0.9", "jsonld"),
        (BROWSER, "html"),
    ],
)
def test_negotiation_follows_q_values_and_prefers_named_data_types(accept, extension):
    assert choose(accept).extension == extension
