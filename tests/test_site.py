"""dist/site/: what the pages of the seed say, and that the documents beside them are its data."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.core.vocab import KGO, SCHEMA
from kg.errors import SiteError
from kg.query.catalogue import list_queries
from kg.rdf.ontology import load_ontology
from kg.site import SiteInput, write_site
from kg.validation.report import Report

BASE = "https://w3id.org/kg/id/"
ECSITE = "organisation/european-network-of-science-centres-and-museums"


class Page(HTMLParser):
    """The parts of a page the tests look at: text, links, images, scripts, the html element's lang."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.lang: str | None = None
        self.viewport = False
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("link", "script", "img", "iframe", "source") and (a.get("href") or a.get("src")):
            self.resources.append(a.get("href") or a.get("src") or "")
        if tag == "img":
            self.images.append(a)
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    return Graph().parse(built / "graph.nt", format="nt")


def page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def test_every_entity_under_the_base_has_a_page_and_three_documents(site, graph):
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}
    assert len(subjects) > 100
    for s in subjects:
        path = str(s)[len(BASE) :]
        for extension in ("html", "ttl", "jsonld", "nt"):
            assert (site / f"{path}.{extension}").is_file(), f"{path}.{extension}"


@pytest.mark.parametrize(("extension", "fmt"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_each_document_holds_the_entitys_triples_and_the_labels_of_what_it_links_to(site, graph, extension, fmt):
    for path in ("project/doors_2021_2023", ECSITE, "person/ecsite_catherine-franche", "country/be"):
        iri = URIRef(BASE + path)
        document = Graph().parse(site / f"{path}.{extension}", format=fmt)
        own = set(graph.triples((iri, None, None)))
        assert own <= set(document), path
        linked = {o for o in graph.objects(iri, None) if isinstance(o, URIRef) and (o, RDFS.label, None) in graph}
        assert linked, path
        for other in linked:
            assert (other, RDFS.label, graph.value(other, RDFS.label)) in document, (path, other)
        others = {s for s in document.subjects() if s != iri}
        assert others <= linked, path  # nothing else


def test_the_jsonld_documents_carry_their_context_and_only_the_prefixes_they_use(site):
    data = json.loads((site / "country/be.jsonld").read_text())
    assert isinstance(data["@context"], dict)
    assert "kgo" in data["@context"]
    assert "project" not in data["@context"]  # no project is mentioned


def test_a_project_page_names_its_partners_and_an_organisations_page_its_projects(site):
    project = page(site, "project/doors_2021_2023.html")
    assert "participant" in project.text
    assert "../organisation/ars-electronica-linz-gmbh-and-co-kg.html" in project.links
    assert "../organisation/museum-booster-gmbh.html" in project.links
    organisation = page(site, "organisation/bucharest-science-festival.html")
    assert "participant of" in organisation.text  # the inverse of the project's kgo:participant
    assert "../project/make-it-open_2020_2023.html" in organisation.links
    assert "../project/techethos_2021_2023.html" in organisation.links


def test_types_and_properties_read_as_the_ontologys_labels(site):
    network = page(site, f"{ECSITE}.html")
    assert "Network" in network.text
    for label in ("founding year", "sister network", "has post", "involved in", "Wikipedia article"):
        assert label in network.text, label
    assert "kgo:foundingYear" not in network.text  # the label, not the name of the term
    assert "../class/Network.html" in network.links


def test_provenance_quotes_the_source_lines_and_links_to_the_published_article(site, built):
    lines = (built / "source" / "ecsite.txt").read_text(encoding="utf-8").split("\n")
    project = page(site, "project/doors_2021_2023.html")
    assert " ".join(lines[34].split()) in project.text  # line 35: the DOORS row
    assert "ecsite.txt, line 35" in project.text
    assert "../../source/ecsite.txt" in project.links
    assert (site / "project" / "../../source/ecsite.txt").resolve() == (built / "source" / "ecsite.txt").resolve()
    source = page(site, "source/ecsite.txt.html")
    assert " ".join(lines[34].split()) in source.text  # the article itself, line by line
    assert "../source/ecsite.txt.html#line-35" in project.links


def test_a_networks_page_shows_its_projects_by_year_and_its_partner_network(site):
    network = page(site, f"{ECSITE}.html")
    sources = {str(i["src"]): i for i in network.images}
    assert set(sources) == {
        "european-network-of-science-centres-and-museums.timeline.svg",
        "european-network-of-science-centres-and-museums.partners.svg",
    }
    for name, image in sources.items():
        assert "European Network of Science Centres and Museums" in str(image["alt"])
        svg = ET.parse(site / "organisation" / name).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        assert svg.get("role") == "img"
        assert svg.find(f"{ns}title") is not None and svg.find(f"{ns}desc") is not None
    timeline = (site / "organisation" / next(iter(n for n in sources if "timeline" in n))).read_text()
    assert "WATER-MINING" in timeline and "2024" in timeline
    assert "Bucharest Science Festival" in network.text  # a partner in two of its projects


def test_class_pages_list_their_entities_with_counts(site, graph):
    projects = sorted(str(s) for s in graph.subjects(RDF.type, KGO.Project))
    listing = page(site, "class/Project.html")
    assert f"Project {len(projects)}" in listing.text
    assert {f"../{p[len(BASE) :]}.html" for p in projects} <= set(listing.links)
    assert "Project.html" in page(site, "class/index.html").links


def test_the_home_page_describes_the_dataset_and_its_downloads_with_sizes_and_checksums(site, built):
    home = page(site, "index.html")
    assert "Science engagement networks knowledge graph" in home.text
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in home.links
    assert "0.1.0" in home.text
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "ontology.ttl", "kg-shapes.ttl", "ontology.html"):
        data = (built / name).read_bytes()
        assert f"../{name}" in home.links, name
        assert hashlib.sha256(data).hexdigest() in home.text, name
        assert f"{len(data):,}" in home.text, name
    assert f"{ECSITE}.html" in home.links


def test_every_stored_query_has_a_page_with_its_answer_on_this_data_and_a_link_to_the_endpoint(site):
    queries = list_queries()
    assert len(queries) >= 10
    for q in queries:
        shown = page(site, f"query/{q.name}.html")
        assert q.title in shown.text
        endpoint = [link for link in shown.links if link.startswith("http://127.0.0.1:7878/query?query=")]
        assert len(endpoint) == 1, q.name
        for p in q.params:
            assert p.name in shown.text
    active = page(site, "query/projects-active-in-year.html")
    assert "WATER-MINING" in active.text and "Road-STEAMer" in active.text  # active in 2024 … the default, 2022
    assert "../project/water-mining_2020_2024.html" in active.links


def test_the_curation_page_groups_the_warnings_by_source_line(site):
    curation = page(site, "validation.html")
    assert re.search(r"ecsite\.txt\s*, line 1 ", curation.text)
    assert re.search(r"ecsite\.txt\s*, line 39 ", curation.text)
    assert curation.text.index("line 1 ") < curation.text.index("line 39 ")
    assert curation.text.count("Warning") >= 2
    assert "Fill in the Website cell" in curation.text
    assert "project/road-steamer_2022_2025.html" in curation.links


def test_pages_load_nothing_from_the_network_and_run_no_script(site):
    for path in site.rglob("*.html"):
        shown = Page(path.read_text(encoding="utf-8"))
        assert "script" not in shown.tags, path
        for resource in shown.resources:
            assert not re.match(r"[a-z]+:|//", resource), (path, resource)
        assert shown.lang == "en", path
        assert shown.viewport, path
        assert {"header", "main", "footer", "h1"} <= set(shown.tags), path
        for image in shown.images:
            assert image.get("alt"), (path, image)


def test_the_htaccess_is_generated_with_a_rule_per_media_type(site):
    rules = (site / ".htaccess").read_text()
    for media in ("text/turtle", r"application/ld\+json", "application/n-triples"):
        assert f"RewriteCond %{{HTTP_ACCEPT}} {media}" in rules
    assert rules.count("[R=303,L") == 4


def _tiny_site(tmp_path: Path, iri: str) -> list[Path]:
    node = URIRef(iri)
    triples = [(node, RDF.type, KGO.Organisation), (node, SCHEMA.name, Literal("Index"))]
    tmp_path.mkdir()
    nt = tmp_path / "graph.nt"
    nt.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples))
    given = SiteInput(
        triples=triples,
        base=BASE,
        prefixes={"kgo": str(KGO), "schema": str(SCHEMA)},
        language="en",
        downloads="https://w3id.org/kg/dist/",
        sources=[],
        report=Report([], Graph()),
        void=Graph(),
        ontology=load_ontology(),
        queries=[],
        ntriples=nt,
    )
    return write_site(tmp_path / "site", given).files


def test_an_entity_whose_path_would_take_a_page_of_the_site_is_refused(tmp_path):
    written = _tiny_site(tmp_path / "ok", BASE + "organisation/index")
    assert "organisation/index.html" in written
    with pytest.raises(SiteError, match=r"site/index\.html"):
        _tiny_site(tmp_path / "clash", BASE + "index")


def test_pages_written_by_several_processes_are_the_same_bytes_as_by_one(tmp_path, monkeypatch):
    import kg.site
    from kg.publish.build import build
    from kg.publish.knowledge import Inputs

    articles = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))
    sources = Path(__file__).resolve().parent.parent / "sources"
    build(Inputs(sources=articles, source_dir=sources), out=tmp_path / "one")
    monkeypatch.setattr(kg.site, "PARALLEL_FROM", 1)
    monkeypatch.setattr(kg.site.os, "cpu_count", lambda: 3)
    build(Inputs(sources=articles, source_dir=sources), out=tmp_path / "three")
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    three = {p.relative_to(tmp_path / "three"): p.read_bytes() for p in (tmp_path / "three").rglob("*") if p.is_file()}
    assert len(one) > 100
    assert one.keys() == three.keys()
    assert [p for p in one if one[p] != three[p]] == []


def test_the_sites_view_of_an_encoded_graphs_rows_is_its_view_of_the_terms(graph):
    from kg.rdf.encoded import EncodedGraph
    from kg.site.entities import Entities

    encoded = EncodedGraph.of(graph)
    by_terms = Entities.from_triples(
        BASE, ((encoded.terms[s], encoded.terms[p], encoded.terms[o]) for s, p, o in encoded.rows)
    )
    by_keys = Entities.from_triples(BASE, encoded.rows, encoded.terms)
    assert len(by_keys.paths) > 100 and by_keys.into and by_keys.names
    assert by_keys == by_terms
    assert all(p is by_keys.predicates[p] for pairs in by_keys.out.values() for p, _ in pairs)
