"""The site of a small synthetic corpus (tests/data/corpus, 30 articles) and of the test articles: a crawl
from the home page reaches every entity page through paged class indexes, the dataset IRI and the
entities of every class dereference on Apache and on `kg serve`, and large graphs skip costly queries."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from collections import deque
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.query.catalogue import list_queries
from kg.site.catalogue import Budget
from kg.site.overview import PAGE
from tests.test_site import Page
from tests.test_site_http import ASKS, check_document, one_entity_per_class
from tests.web import apache, get, kg_serve, readable_copy

ROOT = Path(__file__).resolve().parent
BASE = "https://w3id.org/kg/id/"
#: Where the crawl pretends the site is, to resolve relative links (nothing is fetched).
ROOT_URL = "http://site.invalid/dist/site/"


def build_into(tmp: Path, sources: Path) -> Path:
    from kg.publish.build import build
    from kg.publish.knowledge import Inputs

    out = tmp / "dist"
    build(Inputs(sources=sorted(sources.glob("*.txt")), source_dir=ROOT.parent / "sources"), out=out)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("corpus"), ROOT / "data" / "corpus")


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("articles"), ROOT / "data" / "articles")


def crawl(site: Path) -> set[str]:
    """Every page of the site reached by following links from index.html (read from the files)."""
    start = "index.html"
    queue, seen = deque([start]), {start}
    while queue:
        page = queue.popleft()
        for link in Page((site / page).read_text(encoding="utf-8")).links:
            url = urllib.parse.urldefrag(urllib.parse.urljoin(ROOT_URL + page, link))[0]
            if not url.startswith(ROOT_URL) or not url.endswith(".html"):
                continue  # outside the site (../graph.ttl, the web) or not a page
            target = urllib.parse.unquote(url.removeprefix(ROOT_URL))
            if target in seen:
                continue
            assert (site / target).is_file(), f"{page} links to {target}, which is not there"
            seen.add(target)
            queue.append(target)
    return seen


def test_a_crawl_from_the_home_page_reaches_every_entity_page_of_the_corpus(corpus):
    site = corpus / "site"
    graph = Graph().parse(corpus / "graph.nt", format="nt")
    entities = {str(s)[len(BASE) :] + ".html" for s in graph.subjects() if str(s).startswith(BASE)}
    entities = {e for e in entities if (site / e).is_file()}
    assert len(entities) > 1000
    reached = crawl(site)
    assert entities - reached == set()
    assert {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - reached == set()


def test_a_class_of_more_than_a_page_of_entities_has_pages_that_link_to_each_other(corpus):
    site = corpus / "site"
    first = Page((site / "class/Organisation.html").read_text(encoding="utf-8"))
    count = int(re.search(r"Organisation ([\d,]+)", first.text)[1].replace(",", ""))  # type: ignore[index]
    assert count > PAGE
    pages = sorted(site.glob("class/Organisation*.html"))
    assert len(pages) == -(-count // PAGE)
    assert "Organisation-page-2.html" in first.links
    second = Page((site / "class/Organisation-page-2.html").read_text(encoding="utf-8"))
    assert "Organisation.html" in second.links
    assert f"Page 2 of {len(pages)}" in second.text
    listed = [
        link for p in pages for link in Page(p.read_text(encoding="utf-8")).links if link.startswith("../organisation/")
    ]
    assert len(listed) == len(set(listed)) == count  # every organisation on exactly one page


def test_the_dataset_iri_gives_the_home_page_and_the_dataset_description(corpus):
    site = corpus / "site"
    assert (site / "dataset.html").read_bytes() == (site / "index.html").read_bytes()
    described = Graph().parse(site / "dataset.ttl", format="turtle")
    void = Graph().parse(corpus / "void.ttl", format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in described
    # everything but the home page the build adds to void.ttl once the site is written
    assert len(void) - len(described) == len(void - described) > 0
    assert len(described - void) == 0
    for ext, fmt in (("jsonld", "json-ld"), ("nt", "nt")):
        assert len(Graph().parse(site / f"dataset.{ext}", format=fmt)) == len(described)


def test_queries_whose_cost_grows_with_the_data_are_not_run_on_a_large_graph():
    budget = Budget.load()
    queries = list_queries()
    assert all(budget.skips(q, budget.max_triples) is None for q in queries)
    skipped = [q.name for q in queries if budget.skips(q, budget.max_triples + 1)]
    assert "dataset-statistics" in skipped
    assert "co-participation" not in skipped
    why = budget.skips(next(q for q in queries if q.name == "dataset-statistics"), budget.max_triples + 1)
    assert why is not None and f"{budget.max_triples + 1:,} triples" in why


@pytest.fixture(scope="module")
def servers(articles):
    copy = readable_copy(articles)
    try:
        with apache(copy) as on_apache, kg_serve(articles) as on_kg_serve:
            yield {"apache": f"{on_apache}/dist/site/", "kg serve": f"{on_kg_serve}/"}
    finally:
        shutil.rmtree(copy, ignore_errors=True)


@pytest.mark.parametrize("server", ["apache", "kg serve"])
def test_the_dataset_iri_and_an_entity_of_every_class_of_the_test_articles_dereference(servers, articles, server):
    site = servers[server]
    found = one_entity_per_class(articles)
    assert {"ConferenceEdition", "Conference", "Funder", "Network", "Project"} <= set(found)
    for accept, (extension, media_type) in ASKS.items():
        for cls, path in [*sorted(found.items()), ("Dataset", "dataset")]:
            if cls == "SourceDocument":
                continue  # kg serve gives the article itself at its IRI path (tests/test_site_http.py)
            url = site + urllib.parse.quote(path)
            answer = get(url, accept)
            assert answer.status == 303, (server, cls, accept)
            location = urllib.parse.urljoin(url, answer.headers["location"])
            assert urllib.parse.unquote(location) == urllib.parse.unquote(f"{url}.{extension}"), (cls, accept)
            check_document(get(location), extension, media_type, BASE + path)
