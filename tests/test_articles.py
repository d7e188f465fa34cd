"""Build the articles in tests/data/articles/ in-process and check the graph with SPARQL.

Each article stresses a different part of the format (see the report in each section below). Values
are passed to queries with ``initBindings``, never formatted into query text.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path
from urllib.parse import unquote

# XSD is used through the module: pytest probes module attributes, and rdflib's XSD warns about them.
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef, namespace
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS

from kg.core.vocab import KGO, ORG, SCHEMA
from kg.publish.knowledge import Knowledge, assemble
from kg.rdf.formats import BY_NAME, render
from kg.rdf.formats import RDF_FORMATS as FORMATS
from kg.source.aliases import Aliases
from kg.source.config import Config

ARTICLES = Path(__file__).parent / "data" / "articles"
BASE = "https://example.org/id/"
# The [materialise] namespaces of sources/dataset.toml.
MATERIALISE = ("https://w3id.org/kg/ontology#", "http://schema.org/", "http://www.w3.org/ns/org#")
CONFIG = Config(base=BASE, materialise=MATERIALISE)
NS = {
    "kgo": KGO,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": namespace.XSD,
    "foaf": FOAF,
    "dcterms": DCTERMS,
}

NORDIC = "nordic_festivals.txt"  # no table, one person, extra / unknown infobox keys, ==Headings==
DANUBE = "danube_science_centres.txt"  # other columns and order, sub-sections, quoted cells, records
ATLANTIC = "atlantic_aquaria.txt"  # funder shapes, "About 120", sister networks, See also, prose facts
HELLENIC = "hellenic_science_centres.txt"  # Greek and accents, UTF-8 BOM + CRLF, a name spelled twice
ALL = [NORDIC, DANUBE, ATLANTIC, HELLENIC]


@cache
def knowledge(name: str) -> Knowledge:
    return assemble([ARTICLES / name], config=CONFIG, aliases=Aliases())


def graph(name: str) -> Graph:
    return knowledge(name).graph


def query(name: str, sparql: str, **bindings) -> list:
    return list(graph(name).query(sparql, initNs=NS, initBindings=bindings))


def doc(name: str) -> URIRef:
    return URIRef(BASE + "source/" + name)


def line_iri(name: str, line: int) -> URIRef:
    """RFC 5147: ``#line=A,B`` selects the line between line positions A and B, i.e. line B (1-based)."""
    return URIRef(f"{doc(name)}#line={line - 1},{line}")


def source_lines(name: str) -> list[str]:
    text = (ARTICLES / name).read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").split("\n")


def network(name: str) -> URIRef:
    (row,) = query(name, "SELECT ?n WHERE { ?doc a kgo:SourceDocument ; foaf:primaryTopic ?n }")
    return row.n


def by_name(name: str, cls: URIRef, label: str) -> URIRef:
    rows = query(name, "SELECT DISTINCT ?e WHERE { ?e a ?cls ; schema:name ?label }", cls=cls, label=Literal(label))
    assert len(rows) == 1, f"expected one {cls} named {label!r}, found {len(rows)}"
    return rows[0].e


def values(name: str, subject: URIRef, prop: URIRef) -> set:
    return {r.o for r in query(name, "SELECT ?o WHERE { ?s ?p ?o }", s=subject, p=prop)}


def names(name: str, subject: URIRef, prop: URIRef) -> set[str]:
    rows = query(name, "SELECT ?n WHERE { ?s ?p ?o . ?o schema:name ?n }", s=subject, p=prop)
    return {str(r.n) for r in rows}


def year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=namespace.XSD.gYear)


def integer(n: int) -> Literal:
    return Literal(n, datatype=namespace.XSD.integer)


def generic_values(name: str, subject: URIRef, label: str) -> set[str]:
    """Values kept under the minted property whose source label is ``label`` (a kgo:sourceField)."""
    rows = query(
        name,
        """SELECT ?v WHERE {
             ?p rdfs:subPropertyOf kgo:sourceField ; kgo:sourceLabel ?label .
             ?s ?p ?v .
           }""",
        s=subject,
        label=Literal(label),
    )
    return {str(r.v) for r in rows}


def build_text(tmp_path: Path, text: str, name: str = "inline.txt") -> Knowledge:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return assemble([path], config=CONFIG, aliases=Aliases())


# == every article ================================================================================

EXPECTED = {
    NORDIC: {
        "title": "Nordic Association of Science Festivals",
        "short": ("NASF", 3),
        "people": {("Ingrid Holmqvist", "Secretary General")},
        "projects": {},
    },
    DANUBE: {
        "title": "Danube Network of Science Centres",
        "short": ("DANUSC", 3),
        "people": {("Zsófia Kertész", "Chair"), ("Marko Petrović", "Secretary")},
        "projects": {
            "RIVERLAB": (2023, 2026),
            "OPEN-DANUBE": (2024, None),
            "Danube Science Week": (2022, None),
            "Kids Ask Scientists": (2015, 2019),
        },
    },
    ATLANTIC: {
        "title": "Atlantic Network of Aquaria and Science Centres",
        "short": ("ANASC", 3),
        "people": {
            ("Inês Carvalho", "Executive Director"),
            ("Tomás Ferreira", "President"),
            ("Hugh Gallagher", "Treasurer"),
        },
        "projects": {
            "OceanSchools": (2019, 2022),
            "BlueCities": (2022, 2025),
            "Mar Aberto": (2018, 2021),
            "Sea Change Azores": (2020, 2023),
        },
    },
    HELLENIC: {
        "title": "Ελληνικό Δίκτυο Κέντρων Επιστήμης",
        "short": ("ΕΔΚΕ", 3),
        "people": {
            ("Ελένη Παπαδοπούλου", "Πρόεδρος"),
            ("François Müller-Lefèvre", "Scientific Advisor"),
            ("Søren Ødegård", None),  # no role in the source
        },
        "projects": {"ΑΣΤΡΟ-Lab": (2020, 2022), "Océan Ξ": (2021, 2024)},
    },
}


@pytest.mark.parametrize("name", ALL)
def test_articles_are_short(name: str):
    assert len(source_lines(name)) <= 60


@pytest.mark.parametrize("name", ALL)
def test_title_and_short_name(name: str):
    exp = EXPECTED[name]
    net = network(name)
    assert values(name, doc(name), DCTERMS.title) == {Literal(exp["title"], lang="en")}
    assert values(name, net, SCHEMA.name) == {Literal(exp["title"])}
    assert (net, RDF.type, KGO.Network) in graph(name)
    short, line = exp["short"]
    assert values(name, net, KGO.shortName) == {Literal(short)}
    assert line_iri(name, line) in values(name, net, PROV.wasDerivedFrom)
    assert line_iri(name, 1) in values(name, net, PROV.wasDerivedFrom)  # the title line
    assert values(name, doc(name), KGO.lineCount) == {integer(len(source_lines(name)) - 1)}


@pytest.mark.parametrize("name", ALL)
def test_wikipedia_article_of_the_title(name: str):
    (page,) = values(name, network(name), KGO.wikipediaArticle)
    assert str(page).startswith("https://en.wikipedia.org/wiki/")
    assert " " not in str(page)
    assert unquote(str(page).removeprefix("https://en.wikipedia.org/wiki/")) == EXPECTED[name]["title"].replace(
        " ", "_"
    )


@pytest.mark.parametrize("name", ALL)
def test_people_and_posts(name: str):
    rows = query(
        name,
        """SELECT ?person ?post ?pname ?role WHERE {
             ?net kgo:hasPost ?post .
             ?post a kgo:Post ; kgo:postIn ?net ; kgo:heldBy ?person ; kgo:roleName ?role .
             ?person a kgo:Person ; schema:name ?pname ; kgo:holdsPost ?post .
           }""",
        net=network(name),
    )
    expected = EXPECTED[name]["people"]
    got = {(str(r.pname), str(r.role)) for r in rows}
    assert {p for p, _ in got} == {p for p, _ in expected}
    # a role written in parentheses is the post's role; a person without one still holds a post
    assert {(p, r) for p, r in got if (p, r) in expected} == {(p, r) for p, r in expected if r is not None}
    assert len({p for p, _ in got}) == len(got) == len(expected)  # one post per person here
    assert len(query(name, "SELECT ?p WHERE { ?p a kgo:Person }")) == len(expected)
    assert len(query(name, "SELECT ?p WHERE { ?p a kgo:Post }")) == len(expected)
    # Key People is one line: every person and post is derived from it.
    (line,) = [i for i, text in enumerate(source_lines(name), 1) if text.startswith("- Key People:")]
    for r in rows:
        assert line_iri(name, line) in values(name, r.person, PROV.wasDerivedFrom)
        assert line_iri(name, line) in values(name, r.post, PROV.wasDerivedFrom)


@pytest.mark.parametrize("name", ALL)
def test_projects_and_their_years(name: str):
    rows = query(
        name,
        """SELECT ?pname ?start ?end WHERE {
             ?net kgo:involvedIn ?p . ?p a kgo:Project ; schema:name ?pname .
             OPTIONAL { ?p kgo:startYear ?start }
             OPTIONAL { ?p kgo:endYear ?end }
           }""",
        net=network(name),
    )
    got = {str(r.pname): (r.start, r.end) for r in rows}
    expected = {p: (year(s), year(e) if e is not None else None) for p, (s, e) in EXPECTED[name]["projects"].items()}
    assert got == expected
    assert len(rows) == len(expected)  # one start and at most one end per project
    assert len(query(name, "SELECT ?p WHERE { ?p a kgo:Project }")) == len(expected)


@pytest.mark.parametrize("name", ALL)
def test_every_entity_has_a_name_and_a_schema_org_type(name: str):
    entities = query(name, "SELECT DISTINCT ?e WHERE { ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(kgo:))) }")
    assert len(entities) >= 6
    unnamed = query(
        name,
        """SELECT DISTINCT ?e WHERE {
             ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(kgo:)))
             FILTER NOT EXISTS { ?e schema:name ?n }
           }""",
    )
    assert unnamed == []
    untyped = query(
        name,
        """SELECT DISTINCT ?e WHERE {
             ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(kgo:)))
             FILTER NOT EXISTS { ?e a ?t . FILTER(STRSTARTS(STR(?t), "http://schema.org/")) }
           }""",
    )
    assert untyped == []


def test_conference_editions_have_a_schema_org_type():
    editions = query(DANUBE, "SELECT ?e WHERE { ?e a kgo:ConferenceEdition }")
    assert len(editions) == 2
    untyped = query(
        DANUBE,
        """SELECT ?e WHERE {
             ?e a kgo:ConferenceEdition .
             FILTER NOT EXISTS { ?e a ?t . FILTER(STRSTARTS(STR(?t), "http://schema.org/")) }
           }""",
    )
    assert untyped == []


@pytest.mark.parametrize("name", ALL)
def test_every_entity_points_at_lines_of_its_own_file(name: str):
    g = graph(name)
    n_lines = len(source_lines(name)) - 1
    entities = {r.e for r in query(name, "SELECT ?e WHERE { ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(kgo:))) }")}
    entities.discard(doc(name))
    assert entities
    for entity in entities:
        assert doc(name) in values(name, entity, KGO.describedIn), entity
        fragments = values(name, entity, PROV.wasDerivedFrom)
        assert fragments, entity
        for iri in fragments:
            m = re.fullmatch(re.escape(str(doc(name))) + r"#line=(\d+),(\d+)", str(iri))
            assert m, iri
            assert int(m.group(2)) == int(m.group(1)) + 1
            assert 1 <= int(m.group(2)) <= n_lines
    assert (doc(name), RDF.type, KGO.SourceDocument) in g


@pytest.mark.parametrize("name", ALL)
def test_named_things_come_from_a_line_that_names_them(name: str):
    """Projects, people, organisations and records: each line they are derived from contains their name."""
    lines = [" ".join(text.split()) for text in source_lines(name)]
    rows = query(
        name,
        """SELECT ?e ?label ?src WHERE {
             VALUES ?c { kgo:Project kgo:Person kgo:Organisation kgo:Record }
             ?e a ?c ; schema:name ?label ; prov:wasDerivedFrom ?src .
           }""",
    )
    checked = 0
    for r in rows:
        if r.e == network(name):
            continue  # the subject is derived from every infobox line
        line = int(str(r.src).rsplit(",", 1)[1])
        assert str(r.label) in lines[line - 1], (str(r.label), line, lines[line - 1])
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("name", ALL)
def test_notices_point_into_the_article(name: str):
    k = knowledge(name)
    n_lines = len(source_lines(name)) - 1
    for notice in k.notices:
        assert notice.path == ARTICLES / name
        assert 1 <= notice.line <= n_lines  # (a notice about an IRI collision would have line 0)


# rdflib's parser name for each of kg's formats
RDFLIB_PARSER = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
RDFLIB_PARSER["rdfxml"] = "xml"


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
@pytest.mark.parametrize("name", ALL)
def test_every_distribution_parses_back_to_the_same_graph(name: str, fmt: str):
    """What kg's own writers produce, read by rdflib and by Oxigraph, is the graph that was built."""
    k = knowledge(name)
    data = render(k, BY_NAME[fmt], standalone=True)
    by_rdflib = Dataset()
    by_rdflib.parse(data=data, format=RDFLIB_PARSER[fmt])
    union = Graph()
    for s, p, o, _ in by_rdflib.quads((None, None, None, None)):
        union.add((s, p, o))
    assert_same_graph(union, k.graph, f"{fmt} read by rdflib")
    quads = ox.parse(data, format=ox.RdfFormat.from_media_type(BY_NAME[fmt].media_type))
    nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
    assert_same_graph(Graph().parse(data=nt, format="nt"), k.graph, f"{fmt} read by Oxigraph")


def assert_same_graph(got: Graph, expected: Graph, what: str) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(
            f"{what}: only in the file:\n{only_got.serialize(format='nt')}\n"
            f"only in the build:\n{only_expected.serialize(format='nt')}"
        )


def test_all_articles_together_share_funders_and_stay_apart():
    together = assemble([ARTICLES / n for n in ALL], config=CONFIG, aliases=Aliases())
    g = together.graph
    assert all(n.line >= 1 for n in together.notices)  # no IRI collision between the articles
    rows = list(
        g.query(
            "SELECT ?o (COUNT(DISTINCT ?d) AS ?docs) WHERE { ?o a kgo:Funder ; schema:name ?n ; kgo:describedIn ?d }"
            " GROUP BY ?o",
            initNs=NS,
            initBindings={"n": Literal("European Union")},
        )
    )
    assert len(rows) == 1  # one European Union, from the Danube, Atlantic and Hellenic articles
    assert int(rows[0].docs) == 3
    for name in ALL:
        assert len(graph(name)) <= len(g)
    assert len(list(g.subjects(RDF.type, KGO.Network))) == 4 + 3  # four subjects and three sister networks
    assert len(list(g.subjects(RDF.type, KGO.SourceDocument))) == 4


# == (a) Nordic: no table, one person, extra and unknown infobox keys, ==Headings== ================


def test_nordic_has_no_tables_and_nothing_made_from_them():
    assert query(NORDIC, "SELECT ?e WHERE { { ?e a kgo:Project } UNION { ?e a kgo:Record } }") == []
    assert query(NORDIC, "SELECT ?f WHERE { ?f a kgo:FundingProgramme }") == []


def test_nordic_single_key_person():
    net = network(NORDIC)
    person = by_name(NORDIC, KGO.Person, "Ingrid Holmqvist")
    (post,) = values(NORDIC, net, KGO.hasPost)
    assert values(NORDIC, post, KGO.heldBy) == {person}
    assert values(NORDIC, post, KGO.roleName) == {Literal("Secretary General", lang="en")}
    assert values(NORDIC, post, PROV.wasDerivedFrom) == {line_iri(NORDIC, 11)}


def test_nordic_founded_website_and_headquarters():
    net = network(NORDIC)
    assert values(NORDIC, net, KGO.foundingYear) == {year(2003)}  # the infobox, not "2002" in History
    assert values(NORDIC, net, KGO.website) == {URIRef("https://www.nordicsciencefestivals.example.org/")}
    assert values(NORDIC, net, KGO.fullName) == {Literal("Nordic Association of Science Festivals")}
    assert values(NORDIC, net, KGO.acronym) == {Literal("NASF")}
    # "Headquarters: Gothenburg, Sweden" gives both the city and the country, without a country key.
    (city,) = values(NORDIC, net, KGO.city)
    (country,) = values(NORDIC, net, KGO.country)
    assert values(NORDIC, city, SCHEMA.name) == {Literal("Gothenburg")}
    assert values(NORDIC, city, KGO.inCountry) == {country}
    assert values(NORDIC, country, KGO.iso3166Alpha2) == {Literal("SE")}
    assert values(NORDIC, city, PROV.wasDerivedFrom) == {line_iri(NORDIC, 7)}


def test_nordic_affiliations_are_organisations():
    net = network(NORDIC)
    assert names(NORDIC, net, KGO.affiliatedWith) == {
        "European Science Engagement Association",
        "Nordic Council of Ministers",
    }


def test_nordic_working_languages_are_its_official_languages():
    net = network(NORDIC)
    assert {str(o) for o in graph(NORDIC).objects(net, KGO.officialLanguage)} == {"Swedish", "Norwegian", "English"}


def test_nordic_has_no_unexpected_warnings():
    messages = [n.message for n in knowledge(NORDIC).notices]
    assert len(messages) == 1
    assert all("not mapped" in m for m in messages)


# == (b) Danube: other columns and order, sub-sections, quoted cells, empty cells, records ========


def test_danube_columns_in_another_order_are_recognised():
    project = by_name(DANUBE, KGO.Project, "RIVERLAB")
    assert names(DANUBE, project, KGO.participant) == {
        "Science Centre Budapest",
        "Danube Delta Museum",
        "Technical Museum Zagreb",
    }
    assert names(DANUBE, project, KGO.coordinator) == {"Science Centre Budapest"}
    assert names(DANUBE, project, KGO.fundingProgramme) == {"Interreg Danube Region Programme"}
    assert values(DANUBE, project, KGO.funder) == set()  # a programme without a named funder
    assert values(DANUBE, project, PROV.wasDerivedFrom) == {line_iri(DANUBE, 20)}


def test_danube_quoted_cell_keeps_pipe_and_semicolon():
    project = by_name(DANUBE, KGO.Project, "RIVERLAB")
    assert values(DANUBE, project, KGO.abstract) == {
        Literal(
            "Citizen water-quality labs along the river; results are shared with schools | policy makers", lang="en"
        )
    }
    quoted_partner = by_name(DANUBE, KGO.Project, "Kids Ask Scientists")
    assert names(DANUBE, quoted_partner, KGO.participant) == {"Danube Delta Museum"}


def test_danube_unknown_column_is_kept_per_project_and_reported():
    riverlab = by_name(DANUBE, KGO.Project, "RIVERLAB")
    open_danube = by_name(DANUBE, KGO.Project, "OPEN-DANUBE")
    assert generic_values(DANUBE, riverlab, "Budget") == {"EUR 1.9 million"}
    assert generic_values(DANUBE, open_danube, "Budget") == set()  # empty cell: nothing
    notices = [n for n in knowledge(DANUBE).notices if "'Budget'" in n.message]
    assert [n.line for n in notices] == [20]


def test_danube_empty_cells_and_ongoing_projects():
    open_danube = by_name(DANUBE, KGO.Project, "OPEN-DANUBE")
    assert values(DANUBE, open_danube, KGO.startYear) == {year(2024)}
    assert values(DANUBE, open_danube, KGO.endYear) == set()  # empty End cell
    assert values(DANUBE, open_danube, KGO.abstract) == set()  # empty Summary cell
    # "Technical Museum Zagreb;  Vienna Science Centre ;": extra spaces and a trailing ';'
    assert names(DANUBE, open_danube, KGO.participant) == {"Technical Museum Zagreb", "Vienna Science Centre"}
    assert names(DANUBE, open_danube, KGO.fundingProgramme) == {"Erasmus+ Programme"}
    assert names(DANUBE, open_danube, KGO.funder) == {"European Union"}
    week = by_name(DANUBE, KGO.Project, "Danube Science Week")  # "2022-present"
    assert values(DANUBE, week, KGO.startYear) == {year(2022)}
    assert values(DANUBE, week, KGO.endYear) == set()


def test_danube_lead_column_names_the_coordinator():
    week = by_name(DANUBE, KGO.Project, "Danube Science Week")
    assert names(DANUBE, week, KGO.coordinator) == {"Vienna Science Centre"}
    assert names(DANUBE, week, KGO.participant) == {"Vienna Science Centre", "Science Centre Budapest"}
    assert values(DANUBE, week, PROV.wasDerivedFrom) == {line_iri(DANUBE, 25)}
    assert not [n for n in knowledge(DANUBE).notices if "coordinator" in n.message]


def test_danube_members_table_gives_member_organisations():
    rows = query(
        DANUBE,
        """SELECT ?name ?country ?src WHERE {
             ?net kgo:hasMember ?m . ?m a kgo:Organisation ; schema:name ?name ; prov:wasDerivedFrom ?src .
             OPTIONAL { ?m kgo:country/kgo:iso3166Alpha2 ?country }
           }""",
        net=network(DANUBE),
    )
    members = {(str(r.name), str(r.country)) for r in rows}
    assert members == {
        ("Science Centre Budapest", "HU"),
        ("Vienna Science Centre", "AT"),
        ("Danube Delta Museum", "RO"),
        ("Technical Museum Zagreb", "HR"),
    }
    # each member is derived from its own row (rows 32-35; line 31 is the |---| separator)
    srcs = {(str(r.name), r.src) for r in rows}
    for line, member in enumerate(
        ["Science Centre Budapest", "Vienna Science Centre", "Danube Delta Museum", "Technical Museum Zagreb"], 32
    ):
        assert (member, line_iri(DANUBE, line)) in srcs
    # a member that is also a project partner is one organisation
    assert names(DANUBE, by_name(DANUBE, KGO.Project, "RIVERLAB"), KGO.participant) >= {"Science Centre Budapest"}
    assert len(query(DANUBE, "SELECT ?o WHERE { ?o a kgo:Organisation ; schema:name 'Science Centre Budapest' }")) == 1


def test_danube_annual_meetings_are_conference_editions_not_projects_or_records():
    rows = query(
        DANUBE,
        """SELECT ?e ?year ?src ?theme WHERE {
             ?e a kgo:ConferenceEdition ; kgo:year ?year ; kgo:editionOf ?series ; prov:wasDerivedFrom ?src .
             ?series a kgo:Conference ; kgo:organiser ?net .
             OPTIONAL { ?e kgo:theme ?theme }
           }""",
    )
    assert {(str(r.year), r.src) for r in rows} == {("2022", line_iri(DANUBE, 39)), ("2023", line_iri(DANUBE, 40))}
    first = next(r.e for r in rows if str(r.year) == "2022")
    assert {str(r.theme) for r in rows if r.e == first} == {"Rivers; people | places"}  # quoted: one value
    assert generic_values(DANUBE, first, "Host") == {"Vienna Science Centre"}  # a host is not a place
    assert not query(DANUBE, "SELECT ?e WHERE { ?e a kgo:Record }")
    assert (first, RDF.type, KGO.Project) not in graph(DANUBE)


def test_danube_regions_and_members():
    net = network(DANUBE)
    assert names(DANUBE, net, KGO.areaServed) == {"Danube region", "Central Europe"}
    (count,) = values(DANUBE, net, KGO.memberCount)
    assert values(DANUBE, count, SCHEMA.value) == {integer(37)}


# == (c) Atlantic: funder shapes, "About 120", sister networks, See also, prose ==================


@pytest.mark.parametrize(
    ("project", "funders", "programmes"),
    [
        ("OceanSchools", {"European Union"}, {"Erasmus+ Programme"}),  # "... Programme of the European Union"
        ("BlueCities", {"European Commission"}, {"Horizon Europe"}),  # "Horizon Europe (European Commission)"
        ("Mar Aberto", {"Fundação Calouste Gulbenkian"}, set()),  # a national funder, no programme
    ],
)
def test_atlantic_funder_shapes(project: str, funders: set[str], programmes: set[str]):
    p = by_name(ATLANTIC, KGO.Project, project)
    assert names(ATLANTIC, p, KGO.funder) == funders
    assert names(ATLANTIC, p, KGO.fundingProgramme) == programmes
    for f in values(ATLANTIC, p, KGO.funder):
        assert (f, RDF.type, KGO.Funder) in graph(ATLANTIC)
    for prog in values(ATLANTIC, p, KGO.fundingProgramme):
        assert names(ATLANTIC, prog, KGO.fundingBody) == funders


def test_atlantic_funder_with_acronym_in_parentheses():
    p = by_name(ATLANTIC, KGO.Project, "Sea Change Azores")
    assert names(ATLANTIC, p, KGO.funder) == {"Fundação para a Ciência e a Tecnologia"}
    assert names(ATLANTIC, p, KGO.fundingProgramme) == set()


def test_atlantic_approximate_membership():
    (count,) = values(ATLANTIC, network(ATLANTIC), KGO.memberCount)
    assert values(ATLANTIC, count, SCHEMA.value) == {integer(120)}
    assert values(ATLANTIC, count, SCHEMA.minValue) == set()
    assert values(ATLANTIC, count, KGO.originalText) == {Literal("About 120")}
    assert values(ATLANTIC, count, PROV.wasDerivedFrom) == {line_iri(ATLANTIC, 10)}


def test_atlantic_sister_networks_both_ways():
    net = network(ATLANTIC)
    rows = query(
        ATLANTIC,
        """SELECT ?name ?acronym ?src WHERE {
             ?net kgo:sisterNetwork ?s . ?s kgo:sisterNetwork ?net ; a kgo:Network ;
                schema:name ?name ; kgo:acronym ?acronym ; prov:wasDerivedFrom ?src .
           }""",
        net=net,
    )
    assert {(str(r.name), str(r.acronym), r.src) for r in rows} == {
        ("European Marine Science Educators Association", "EMSEA", line_iri(ATLANTIC, 21)),
        ("National Marine Educators Association", "NMEA", line_iri(ATLANTIC, 22)),
        ("Asia Pacific Network of Science and Technology Centres", "ASPAC", line_iri(ATLANTIC, 23)),
    }


def test_atlantic_see_also_pages_and_urls():
    net = network(ATLANTIC)
    assert values(ATLANTIC, net, RDFS.seeAlso) == {
        URIRef("https://en.wikipedia.org/wiki/Ocean_literacy"),
        URIRef("https://en.wikipedia.org/wiki/List_of_public_aquaria"),
        URIRef("https://oceanliteracy.unesco.org/"),
    }


def test_atlantic_facts_from_prose():
    net = network(ATLANTIC)
    assert values(ATLANTIC, net, KGO.foundingYear) == {year(2004)}
    assert values(ATLANTIC, net, KGO.incorporationYear) == {year(2006)}
    assert names(ATLANTIC, net, KGO.jurisdiction) == {"Portugal"}
    assert values(ATLANTIC, net, KGO.institutionCount) == {integer(120)}
    assert values(ATLANTIC, net, KGO.countryCount) == {integer(9)}
    (conference,) = values(ATLANTIC, net, KGO.conference)
    assert values(ATLANTIC, conference, KGO.frequency) == {Literal("biennial")}


def test_atlantic_two_digit_end_year_website_and_led_by():
    mar = by_name(ATLANTIC, KGO.Project, "Mar Aberto")  # "2018-21"
    assert values(ATLANTIC, mar, KGO.endYear) == {year(2021)}
    schools = by_name(ATLANTIC, KGO.Project, "OceanSchools")
    assert values(ATLANTIC, schools, KGO.website) == {URIRef("https://oceanschools.example.eu/")}
    blue = by_name(ATLANTIC, KGO.Project, "BlueCities")
    assert values(ATLANTIC, blue, KGO.website) == set()  # empty Website cell
    assert names(ATLANTIC, blue, KGO.coordinator) == {"Aquarium Finisterrae"}  # "Led by …" in the abstract
    assert not [n for n in knowledge(ATLANTIC).notices if "coordinator" in n.message]


def test_atlantic_shared_participant_is_one_organisation():
    lisbon = by_name(ATLANTIC, KGO.Organisation, "Oceanário de Lisboa")
    projects = {
        str(r.n) for r in query(ATLANTIC, "SELECT ?n WHERE { ?p kgo:participant ?o ; schema:name ?n }", o=lisbon)
    }
    assert projects == {"OceanSchools", "BlueCities", "Mar Aberto"}


# == (d) Hellenic: Greek and accents, BOM + CRLF, a participant spelled twice ==================


def test_hellenic_fixture_has_bom_and_crlf():
    data = (ARTICLES / HELLENIC).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") > 10
    # the same participants written with different spacing (see the test below)
    text = data.decode("utf-8-sig")
    assert "Museo  Galileo" in text and "Museo Galileo;" in text
    assert "Ίδρυμα   Ευγενίδου" in text and "Ίδρυμα Ευγενίδου;" in text


def test_hellenic_non_ascii_names_are_kept_exactly():
    net = network(HELLENIC)
    assert values(HELLENIC, net, KGO.fullName) == {Literal("Hellenic Network of Science Centres")}
    assert values(HELLENIC, net, KGO.acronym) == {Literal("HNSC")}
    (city,) = values(HELLENIC, net, KGO.city)
    assert values(HELLENIC, city, SCHEMA.name) == {Literal("Θεσσαλονίκη")}
    assert names(HELLENIC, city, KGO.inCountry) == {"Greece"}
    assert by_name(HELLENIC, KGO.Organisation, "Cité des sciences et de l'industrie")
    assert by_name(HELLENIC, KGO.Funder, "Ελληνικό Ίδρυμα Έρευνας και Καινοτομίας")
    # IRIs are minted from the names, without spaces, and distinct per entity
    iris = {str(r.e) for r in query(HELLENIC, "SELECT ?e WHERE { ?e a kgo:Organisation }")}
    assert all(" " not in i and i.startswith(BASE + "organisation/") for i in iris)


def test_hellenic_person_without_role_still_holds_a_post():
    person = by_name(HELLENIC, KGO.Person, "Søren Ødegård")
    (post,) = values(HELLENIC, person, KGO.holdsPost)
    assert values(HELLENIC, post, KGO.postIn) == {network(HELLENIC)}
    assert values(HELLENIC, post, KGO.heldBy) == {person}


def test_hellenic_participant_spelled_with_different_spacing_is_one_organisation():
    rows = query(
        HELLENIC,
        """SELECT ?o ?name (COUNT(DISTINCT ?p) AS ?projects) WHERE {
             ?p a kgo:Project ; kgo:participant ?o . ?o schema:name ?name .
           } GROUP BY ?o ?name""",
    )
    got = {str(r.name): int(r.projects) for r in rows}
    assert got == {"Museo Galileo": 2, "Ίδρυμα Ευγενίδου": 2, "Cité des sciences et de l'industrie": 1}
    assert len({r.o for r in rows}) == 3
    spelled = {str(r.n) for r in query(HELLENIC, "SELECT ?n WHERE { ?o schema:alternateName ?n }")}
    assert not any("  " in n for n in spelled)


def test_hellenic_lines_are_counted_through_bom_and_crlf():
    astro = by_name(HELLENIC, KGO.Project, "ΑΣΤΡΟ-Lab")
    ocean = by_name(HELLENIC, KGO.Project, "Océan Ξ")
    assert values(HELLENIC, astro, PROV.wasDerivedFrom) == {line_iri(HELLENIC, 16)}
    assert values(HELLENIC, ocean, PROV.wasDerivedFrom) == {line_iri(HELLENIC, 17)}
    assert line_iri(HELLENIC, 3) in values(HELLENIC, network(HELLENIC), PROV.wasDerivedFrom)
    notices = knowledge(HELLENIC).notices
    assert [(n.line, "'Συνεργάτες'" in n.message) for n in notices] == [(22, True)]
    assert generic_values(HELLENIC, network(HELLENIC), "Συνεργάτες") == {
        "Museo Galileo",
        "Cité des sciences et de l'industrie",
    }


def test_hellenic_greek_section_title_does_not_stop_the_project_table():
    (programme,) = names(HELLENIC, by_name(HELLENIC, KGO.Project, "Océan Ξ"), KGO.fundingProgramme)
    assert programme == "Horizon 2020 Framework Programme for Research and Innovation"


# == more shapes, in small inline articles =======================================================


def test_end_column_saying_present_means_no_end_year(tmp_path: Path):
    k = build_text(
        tmp_path,
        """
        = Alpine Network =

        == Projects ==
        | Name | Start | End | Partners |
        | Peaks | 2022 | present | Alpine Museum |
        | Glacier | 2021 | ongoing | Alpine Museum |
        """,
    )
    rows = list(k.graph.query("SELECT ?p WHERE { ?p a kgo:Project ; kgo:endYear ?e }", initNs=NS))
    assert len(list(k.graph.subjects(RDF.type, KGO.Project))) == 2
    assert rows == []


def test_funder_with_an_apostrophe_in_its_name(tmp_path: Path):
    k = build_text(
        tmp_path,
        """
        = Alpine Network =

        == Projects ==
        | Project | Timeframe | Funders |
        | Peaks | 2020-2022 | Children's Investment Fund Foundation |
        """,
    )
    rows = list(k.graph.query("SELECT ?n WHERE { ?p kgo:funder ?f . ?f schema:name ?n }", initNs=NS))
    assert {str(r.n) for r in rows} == {"Children's Investment Fund Foundation"}


def test_membership_in_member_institutions(tmp_path: Path):
    k = build_text(
        tmp_path,
        """
        = Alpine Network =

        AN
        - Membership: 37 member institutions
        """,
    )
    rows = list(k.graph.query("SELECT ?v WHERE { ?c a kgo:MemberCount ; schema:value ?v }", initNs=NS))
    assert [int(r.v) for r in rows] == [37]


def test_infobox_key_with_empty_value_is_reported_not_kept(tmp_path: Path):
    k = build_text(
        tmp_path,
        """
        = Alpine Network =

        AN
        - Type: Association
        - Affiliations:
        """,
    )
    assert [(n.line, "'Affiliations' has no value" in n.message) for n in k.notices] == [(5, True)]
    assert list(k.graph.subjects(RDFS.subPropertyOf, KGO.sourceField)) == []


def test_same_unknown_key_in_two_articles_is_one_property(tmp_path: Path):
    text = "= {t} =\n\n{s}\n- Motto: Science Europe\n"
    for t, s in (("Alpine Network", "AN"), ("Andean Network", "ANDN")):
        (tmp_path / f"{s}.txt").write_text(text.format(t=t, s=s), encoding="utf-8")
    k = assemble(sorted(tmp_path.glob("*.txt")), config=CONFIG, aliases=Aliases())
    props = set(k.graph.subjects(RDFS.subPropertyOf, KGO.sourceField))
    assert len(props) == 1
    (prop,) = props
    assert len(list(k.graph.subjects(prop, Literal("Science Europe")))) == 2
