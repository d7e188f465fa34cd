"""Every fact of the seed article (sources/ecsite.txt) is in the graph, checked by SPARQL.

Values are bound with initBindings, never pasted into the query text.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.publish.knowledge import Knowledge

PREFIXES = """
PREFIX kgo: <https://w3id.org/kg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
NETWORK_NAME = Literal("European Network of Science Centres and Museums")


def rows(k: Knowledge, query: str, **bindings: object) -> list[tuple]:
    return [tuple(r) for r in k.graph.query(PREFIXES + query, initBindings=bindings)]


def values(k: Knowledge, query: str, **bindings: object) -> set[str]:
    return {str(r[0]) for r in rows(k, query, **bindings)}


@pytest.fixture(scope="module")
def network(seed: Knowledge) -> URIRef:
    (found,) = rows(seed, "SELECT ?n WHERE { ?n a kgo:Network ; schema:name ?name }", name=NETWORK_NAME)
    return found[0]


def test_network_names(seed, network):
    q = "SELECT ?v WHERE { ?n ?p ?v }"
    assert values(seed, q, n=network, p=URIRef("https://w3id.org/kg/ontology#shortName")) == {"ECSITE"}
    assert values(seed, q, n=network, p=URIRef("https://w3id.org/kg/ontology#fullName")) == {
        "Network Organization of Science Centres and Museums in Europe"
    }
    assert "ECSITE" in values(seed, "SELECT ?v WHERE { ?n schema:alternateName ?v }", n=network)


def test_network_type_purpose(seed, network):
    (row,) = rows(seed, "SELECT ?t ?p WHERE { ?n kgo:organisationType ?t ; kgo:purpose ?p }", n=network)
    assert row == (Literal("Nonprofit", lang="en"), Literal("Science Centres & Museums", lang="en"))


def test_network_city_and_country(seed, network):
    (row,) = rows(
        seed,
        """SELECT ?city ?country ?code ?eu WHERE {
             ?n kgo:city ?c ; kgo:country ?k . ?c schema:name ?city ; kgo:inCountry ?k .
             ?k schema:name ?country ; kgo:iso3166Alpha2 ?code ; skos:exactMatch ?eu }""",
        n=network,
    )
    assert [str(v) for v in row] == [
        "Brussels",
        "Belgium",
        "BE",
        "http://publications.europa.eu/resource/authority/country/BEL",
    ]


def test_region_served(seed, network):
    q = "SELECT ?r WHERE { ?n kgo:areaServed ?x . ?x a kgo:Region ; schema:name ?r }"
    assert values(seed, q, n=network) == {"Europe"}


def test_membership_lower_bound_keeps_wording(seed, network):
    (row,) = rows(
        seed,
        """SELECT ?min ?text (COUNT(?v) AS ?exact) WHERE {
             ?n kgo:memberCount ?m . ?m schema:minValue ?min ; kgo:originalText ?text . OPTIONAL { ?m schema:value ?v } }
           GROUP BY ?min ?text""",
        n=network,
    )
    assert row[0] == Literal(400, datatype=XSD.integer)
    assert str(row[1]) == "Over 400"
    assert int(row[2]) == 0  # a lower bound, not an exact count


def test_key_people_and_posts(seed, network):
    found = rows(
        seed,
        """SELECT ?person ?role WHERE {
             ?n org:hasPost ?post . ?post kgo:roleName ?role ; org:heldBy ?p . ?p schema:name ?person ;
             kgo:holdsPost ?post ; a kgo:Person, schema:Person }""",
        n=network,
    )
    assert {(str(p), str(r)) for p, r in found} == {
        ("Catherine Franche", "Executive Director"),
        ("Bruno Maquart", "President"),
        ("Ulrike Kastrup", "Vice-President"),
    }


def test_founding_and_incorporation(seed, network):
    (row,) = rows(
        seed,
        """SELECT ?founded ?inc ?code WHERE {
             ?n kgo:foundingYear ?founded ; schema:foundingDate ?founded ;
                kgo:incorporationYear ?inc ; kgo:jurisdiction ?c . ?c kgo:iso3166Alpha2 ?code }""",
        n=network,
    )
    assert row == (Literal("1989", datatype=XSD.gYear), Literal("1991", datatype=XSD.gYear), Literal("BE"))


def test_institutions_and_countries(seed, network):
    (row,) = rows(seed, "SELECT ?i ?c WHERE { ?n kgo:institutionCount ?i ; kgo:countryCount ?c }", n=network)
    assert (int(row[0]), int(row[1])) == (400, 50)


def test_annual_conference(seed, network):
    (row,) = rows(
        seed,
        "SELECT ?f WHERE { ?n kgo:conference ?c . ?c a kgo:Conference, schema:EventSeries ; kgo:frequency ?f ; kgo:organiser ?n }",
        n=network,
    )
    assert str(row[0]) == "annual"


def test_sister_networks_with_acronyms(seed, network):
    found = rows(
        seed,
        """SELECT ?name ?acronym WHERE {
             ?n kgo:sisterNetwork ?s . ?s kgo:sisterNetwork ?n ; a kgo:Network ; schema:name ?name ; kgo:acronym ?acronym }""",
        n=network,
    )
    assert {(str(a), str(b)) for a, b in found} == {
        ("Association of Science and Technology Centers", "ASTC"),
        ("Asia Pacific Network of Science and Technology Centres", "ASPAC"),
        ("Network for the Popularization of Science and Technology in Latin America and The Caribbean", "RedPOP"),
        ("North Africa and Middle East science centres", "NAMES"),
        ("Southern African Association of Science and Technology Centres", "SAASTEC"),
    }


def test_see_also_and_wikipedia(seed, network):
    assert values(seed, "SELECT ?p WHERE { ?n rdfs:seeAlso ?p }", n=network) == {
        "https://en.wikipedia.org/wiki/List_of_science_centers"
    }
    assert values(seed, "SELECT ?p WHERE { ?n kgo:wikipediaArticle ?p . ?n schema:subjectOf ?p }", n=network) == {
        "https://en.wikipedia.org/wiki/European_Network_of_Science_Centres_and_Museums"
    }


PROJECTS = {
    # name: (start, end, number of participants as written, distinct; website)
    "Schools As Living Labs": (2020, 2023, 2, "https://www.schoolsaslivinglabs.eu/"),
    "GlobalSCAPE": (2021, 2023, 5, "https://global-scape.eu/"),
    "SocKETs": (2020, 2023, 9, "https://sockets-cocreation.eu/"),
    "DOORS": (2021, 2023, 2, "https://ars.electronica.art/doors/en/"),
    "Make it Open": (2020, 2023, 11, "https://makeitopen.eu/"),
    "TechEthos": (2021, 2023, 7, "https://www.techethos.eu/"),
    "WATER-MINING": (2020, 2024, 38, "https://watermining.eu/"),
    "Road-STEAMer": (2022, 2025, 11, None),
}


def test_eight_projects_with_years_participants_websites(seed, network):
    found = rows(
        seed,
        """SELECT ?name ?start ?end (COUNT(DISTINCT ?o) AS ?n) (SAMPLE(?site) AS ?web) WHERE {
             ?net kgo:involvedIn ?p . ?p a kgo:Project, schema:Project ; schema:name ?name ;
               kgo:startYear ?start ; kgo:endYear ?end ; kgo:participant ?o .
             OPTIONAL { ?p kgo:website ?site }
           } GROUP BY ?name ?start ?end""",
        net=network,
    )
    got = {str(r[0]): (int(str(r[1])), int(str(r[2])), int(r[3]), r[4] and str(r[4])) for r in found}
    assert got == PROJECTS
    assert all(r[1].datatype == XSD.gYear for r in found)


def test_websites_are_iris(seed):
    for (site,) in rows(seed, "SELECT ?s WHERE { ?p kgo:website ?s }"):
        assert isinstance(site, URIRef)


def test_funder_and_programme_split(seed):
    found = rows(
        seed,
        """SELECT DISTINCT ?funder ?programme WHERE {
             ?p kgo:funder ?f ; kgo:fundingProgramme ?g . ?f a kgo:Funder ; schema:name ?funder .
             ?g a kgo:FundingProgramme, schema:FundingScheme ; schema:name ?programme ; kgo:fundingBody ?f }""",
    )
    assert {(str(a), str(b)) for a, b in found} == {
        ("European Union", "Horizon 2020 Framework Programme for Research and Innovation")
    }
    assert len(values(seed, "SELECT ?p WHERE { ?p kgo:funder ?f }")) == 8


def test_abstracts_are_english_text(seed):
    found = rows(seed, "SELECT ?a WHERE { ?p a kgo:Project ; kgo:abstract ?a }")
    assert len(found) == 8
    assert all(a.language == "en" and not str(a).startswith('"') for (a,) in found)


def test_network_involved_in_every_project_and_coordinator(seed, network):
    assert len(values(seed, "SELECT ?p WHERE { ?n kgo:involvedIn ?p }", n=network)) == 8
    found = rows(
        seed,
        "SELECT ?project ?coord WHERE { ?p kgo:coordinator ?c ; kgo:participant ?c ; schema:name ?project . ?c schema:name ?coord }",
    )
    assert {(str(a), str(b)) for a, b in found} == {("Make it Open", "The Bloomfield Science Museum Jerusalem")}
    # Ecsite's own French legal name in the GlobalSCAPE row is the network itself (alias list).
    assert values(seed, "SELECT ?name WHERE { ?p kgo:participant ?n ; schema:name ?name }", n=network) == {
        "GlobalSCAPE"
    }


def test_organisations_named_once(seed):
    names = [str(n) for (n,) in rows(seed, "SELECT ?name WHERE { ?o a kgo:Organisation ; schema:name ?name }")]
    assert len(names) == len(set(names))
    q = "SELECT ?o WHERE { ?o a kgo:Organisation ; schema:name ?name }"
    for name in (
        "Ellinogermaniki Agogi",
        "Centar za promociju nauke",
        "Bucharest Science Festival",
        "Parque de las Ciencias",
    ):
        assert len(values(seed, q, name=Literal(name))) == 1, name
    # The variants are kept as alternate names of the one organisation.
    (row,) = rows(
        seed,
        "SELECT ?alt WHERE { ?o schema:name ?name ; schema:alternateName ?alt }",
        name=Literal("Ellinogermaniki Agogi"),
    )
    assert str(row[0]) == "Ellinogermaniki Agogi SA"
    lisbon = values(
        seed,
        "SELECT ?p WHERE { ?p kgo:participant ?o . ?o schema:name ?name }",
        name=Literal("The Lisbon Council for Economic Competitiveness and Social Renewal"),
    )
    assert len(lisbon) == 2  # Schools As Living Labs and Road-STEAMer


def test_every_entity_has_schema_type_name_and_provenance(seed):
    missing = rows(
        seed,
        """SELECT ?e WHERE {
             ?e a ?c . FILTER(STRSTARTS(STR(?c), "https://w3id.org/kg/ontology#"))
             FILTER NOT EXISTS { ?e a ?s . FILTER(STRSTARTS(STR(?s), "http://schema.org/")) }
           }""",
    )
    assert missing == []
    unnamed = rows(
        seed,
        """SELECT ?e WHERE { ?e a ?c . FILTER(STRSTARTS(STR(?c), "https://w3id.org/kg/ontology#"))
                            FILTER NOT EXISTS { ?e schema:name ?n } }""",
    )
    assert unnamed == []
    untraced = rows(
        seed,
        """SELECT ?e WHERE { ?e a ?c . FILTER(STRSTARTS(STR(?c), "https://w3id.org/kg/ontology#"))
                             FILTER(?c != kgo:SourceDocument) FILTER NOT EXISTS { ?e prov:wasDerivedFrom ?d } }""",
    )
    assert untraced == []


def test_provenance_points_at_the_line(seed):
    (row,) = rows(seed, "SELECT ?d WHERE { ?p schema:name ?name ; prov:wasDerivedFrom ?d }", name=Literal("DOORS"))
    assert str(row[0]).endswith("/source/ecsite.txt#line=34,35")  # RFC 5147: selects line 35
    source_lines = (__import__("pathlib").Path(__file__).parent.parent / "sources/ecsite.txt").read_text().splitlines()
    assert source_lines[34].startswith("| DOORS |")
