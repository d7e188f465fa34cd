"""Mapping decisions checked on small articles written in the test."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.core.iris import Minter, Ref
from kg.core.vocab import KGO, SCHEMA
from kg.mapping.facts import timeframe
from kg.publish.knowledge import assemble
from kg.source.aliases import Aliases
from kg.source.config import Config

ARTICLE = """= Test Network of Museums =

TNM
- Key People: Ada Lovelace,, Charles Babbage
- Motto: Science for all

Test Network of Museums is a network.
"""


def build(tmp_path, text: str):
    path = tmp_path / "test.txt"
    path.write_text(text, encoding="utf-8")
    return assemble([path], config=Config(base="https://example.org/id/"), aliases=Aliases())


def test_people_without_a_role_hold_posts_of_their_own(tmp_path):
    g = build(tmp_path, ARTICLE).graph
    posts = {p for p in g.subjects(KGO.roleName, Literal("Key person", lang="en"))}
    assert len(posts) == 2
    assert all(len(set(g.objects(p, KGO.heldBy))) == 1 for p in posts)


def test_unmapped_values_keep_their_line(tmp_path):
    k = build(tmp_path, ARTICLE)
    (network,) = k.graph.subjects(SCHEMA.name, Literal("Test Network of Museums"))
    lines = {str(o).rsplit("=", 1)[-1].split(",")[-1] for o in k.graph.objects(network, PROV.wasDerivedFrom)}
    assert "5" in lines  # the Motto line
    assert any("'Motto'" in n.message and n.line == 5 for n in k.notices)


def derived_lines(g, node) -> set[int]:
    """The source lines an entity records (``#line=A,B`` names line B, RFC 5147)."""
    return {int(str(o).rsplit("=", 1)[-1].split(",")[-1]) for o in g.objects(node, PROV.wasDerivedFrom)}


def the(g, name: str):
    (node,) = set(g.subjects(SCHEMA.name, Literal(name)))
    return node


PROSE = """= Test Network of Museums =

TNM
- Type: Network

The Test Network of Museums is a network of museums.
It works with the Old Guild, which was founded in 1850, and with others.
TNM was founded in 1990 by nine museums.

== Projects ==
The network's Big Project was launched in 2015 and links 30 institutions in 12 countries.
"""


def test_prose_facts_come_only_from_sentences_about_the_network(tmp_path):
    g = build(tmp_path, PROSE).graph
    net = the(g, "Test Network of Museums")
    assert list(g.objects(net, KGO.foundingYear)) == [Literal("1990", datatype=XSD.gYear)]
    # "30 institutions in 12 countries" is said of a project, in the projects section
    assert not list(g.objects(net, KGO.institutionCount))


def test_prose_provenance_names_the_line_of_the_sentence(tmp_path):
    g = build(tmp_path, PROSE).graph
    net = the(g, "Test Network of Museums")
    # the paragraph starts on line 6; the founding year stands on line 8
    assert 8 in derived_lines(g, net)


def test_record_iris_do_not_depend_on_line_numbers(tmp_path):
    table = "== Awards ==\n| Award | Year |\n| Gold | 2001 |\n| Silver | 2003 |\n"
    head = "= Test Network of Museums =\n\nTNM\n- Type: Network\n\nA network.\n\n"
    first = build(tmp_path, head + table).graph
    second = build(tmp_path, head + "Another paragraph.\n\nAnd one more.\n\n" + table).graph
    records = {s for s in first.subjects(RDF.type, KGO.Record)}
    assert len(records) == 2
    assert records == {s for s in second.subjects(RDF.type, KGO.Record)}


def test_project_years_keep_their_position_in_the_iri(tmp_path):
    text = (
        "= Test Network of Museums =\n\nTNM\n- Type: Network\n\nA network.\n\n== Projects ==\n"
        "| Name | Start | End |\n| Beta | 2020 | |\n| Beta | | 2020 |\n"
    )
    g = build(tmp_path, text).graph
    projects = sorted(str(s) for s in g.subjects(RDF.type, KGO.Project))
    assert projects == ["https://example.org/id/project/beta_2020_", "https://example.org/id/project/beta__2020"]
    (started,) = g.subjects(KGO.startYear, Literal("2020", datatype=XSD.gYear))
    assert not list(g.objects(started, KGO.endYear))


def test_a_members_table_under_a_projects_heading_stays_a_members_table(tmp_path):
    text = (
        "= Test Network of Museums =\n\nTNM\n- Type: Network\n\nA network.\n\n== Projects and members ==\n"
        "| Member | Country |\n| Museum One | France |\n"
    )
    g = build(tmp_path, text).graph
    assert not list(g.subjects(RDF.type, KGO.Project))
    assert (the(g, "Test Network of Museums"), KGO.hasMember, the(g, "Museum One")) in g


def test_two_digit_end_years_cross_the_century():
    assert timeframe("1999-01") == (1999, 2001)
    assert timeframe("2019-21") == (2019, 2021)


def test_a_colliding_name_added_later_does_not_rename_the_first():
    alone = Minter("https://example.org/", [Ref("organisation", ("Foo & Bar",))])
    both = Minter("https://example.org/", [Ref("organisation", ("Foo and Bar",)), Ref("organisation", ("Foo & Bar",))])
    assert alone(Ref("organisation", ("Foo & Bar",))) == both(Ref("organisation", ("Foo & Bar",)))
    assert str(both(Ref("organisation", ("Foo and Bar",)))).startswith("https://example.org/organisation/foo-and-bar-")


LINKS = """= Test Network of Museums =

TNM
- Wikipedia: https://de.wikipedia.org/wiki/Test Netzwerk
- Key People: (President),, Ada Lovelace (Chair)

A network.

== See also ==
- [[Science centre|science centres]]
- https://example.org/a page
- List of museums
"""


def test_links_in_see_also_and_the_wikipedia_key(tmp_path):
    k = build(tmp_path, LINKS)
    g = k.graph
    net = the(g, "Test Network of Museums")
    assert set(map(str, g.objects(net, KGO.wikipediaArticle))) == {"https://de.wikipedia.org/wiki/Test%20Netzwerk"}
    assert set(map(str, g.objects(net, RDFS.seeAlso))) == {
        "https://en.wikipedia.org/wiki/Science_centre",
        "https://example.org/a%20page",
        "https://en.wikipedia.org/wiki/List_of_museums",
    }
    assert (URIRef("https://en.wikipedia.org/wiki/Science_centre"), SCHEMA.name, Literal("science centres")) in g


def test_a_post_without_a_person_makes_no_person(tmp_path):
    k = build(tmp_path, LINKS)
    people = {str(o) for s in k.graph.subjects(RDF.type, KGO.Person) for o in k.graph.objects(s, SCHEMA.name)}
    assert people == {"Ada Lovelace"}
    assert any("'(President)'" in n.message and n.line == 5 for n in k.notices)


SUBJECTS = """= Test Network of Museums =

TNM
- Type: Network

Its European counterpart Ecsite links over 400 institutions in 50 countries.
TNM links 30 institutions in 12 countries. In 2000, the network had 25 members in 9 countries.

== Projects ==

=== SPARKS ===
It was launched in 2015 and involved over 300 organisations in 29 countries.

== History ==
The network was founded in 2003 in Lisbon. In 2005, it was registered under Portuguese law.

| Year | Event |
| 2003 | Founded |
"""


def test_reach_founding_and_incorporation_need_the_network_as_subject(tmp_path):
    k = build(tmp_path, SUBJECTS)
    g = k.graph
    net = the(g, "Test Network of Museums")
    # the first sentence is about Ecsite; the first count about the network is kept, the second warned
    assert [int(o) for o in g.objects(net, KGO.institutionCount)] == [30]
    assert [int(o) for o in g.objects(net, KGO.countryCount)] == [12]
    assert any("second count" in n.message and n.line == 7 for n in k.notices)
    # a sub-section of Projects is not about the network; a section with a table still is
    assert [str(o) for o in g.objects(net, KGO.foundingYear)] == ["2003"]
    assert [str(o) for o in g.objects(net, KGO.incorporationYear)] == ["2005"]


OWN_NAMES = """= Test Network of Museums =

TNM
- Full name: Test Network of Museums and Science Centres (TNMSC)
- Formerly called: Old Museum Network

A network.

== Projects ==
| Project | Timeframe | Partners | Coordinator |
| Alpha | 2020-2022 | TNM; Museum One | Test Network of Museums (TNM) |
| Beta | 2021-2023 | Old Museum Network; tnmsc; Museum One | Museum One |
"""


def test_the_article_s_names_for_its_subject_are_the_subject(tmp_path):
    g = build(tmp_path, OWN_NAMES).graph
    net = the(g, "Test Network of Museums")
    organisations = set(g.subjects(RDF.type, KGO.Organisation))
    assert len(organisations) == 2  # the network and Museum One, nothing else
    projects = {str(g.value(p, SCHEMA.name)) for p in g.subjects(KGO.participant, net)}
    assert projects == {"Alpha", "Beta"}
    assert (None, KGO.coordinator, net) in g
    assert (net, SCHEMA.alternateName, Literal("Old Museum Network")) in g


WEBSITES = """= Test Network of Museums =

TNM
- Website: [https://tnm.example.org/ Official website],, https://tnm.example.org/blog
- Key People: Ada Lovelace (Chair)

A network.

== Projects ==
| Project | Timeframe | Website |
| Alpha | 2020-2022 | www.alpha.example.eu |

== See also ==
- [https://other.example.org Other network]
- List of museums#Europe
"""


def test_websites_written_the_ways_articles_write_them(tmp_path):
    k = build(tmp_path, WEBSITES)
    g = k.graph
    net = the(g, "Test Network of Museums")
    assert list(g.objects(net, KGO.website)) == [URIRef("https://tnm.example.org/")]
    assert set(map(str, g.objects(net, RDFS.seeAlso))) == {
        "https://tnm.example.org/blog",
        "https://other.example.org",
        "https://en.wikipedia.org/wiki/List_of_museums#Europe",
    }
    assert list(g.objects(the(g, "Alpha"), KGO.website)) == [URIRef("https://www.alpha.example.eu")]
    assert any("taken as https://www.alpha.example.eu" in n.message and n.line == 11 for n in k.notices)


PLACES_AND_POSTS = """= Test Network of Museums =

TNM
- Location City: Brussels
- Headquarters: Rue de la Loi 42, Brussels, Belgium
- City: Ghent
- President: Ada Lovelace
- Secretary General: Charles Babbage (2019–2023)
- Key People: Director: Grace Hopper,, Alan Turing, Treasurer,, Mary Somerville (Chair; since 2020)

A network.
"""


def test_one_city_from_several_keys_and_posts_from_post_keys(tmp_path):
    k = build(tmp_path, PLACES_AND_POSTS)
    g = k.graph
    net = the(g, "Test Network of Museums")
    cities = [str(g.value(c, SCHEMA.name)) for c in g.objects(net, KGO.city)]
    assert cities == ["Brussels"]
    assert [str(g.value(c, KGO.iso3166Alpha2)) for c in g.objects(net, KGO.country)] == ["BE"]
    assert any("'City' names the city 'Ghent'" in n.message and n.line == 6 for n in k.notices)
    posts = {
        (str(g.value(person, SCHEMA.name)), str(g.value(post, KGO.roleName)))
        for post in g.objects(net, KGO.hasPost)
        for person in g.objects(post, KGO.heldBy)
    }
    assert posts == {
        ("Ada Lovelace", "President"),
        ("Charles Babbage", "Secretary General"),
        ("Grace Hopper", "Director"),
        ("Alan Turing", "Treasurer"),
        ("Mary Somerville", "Chair"),
    }


TABLES = """= Test Network of Museums =

TNM
- Type: Network

A network.

== Projects ==
| Acronym | Title | Start date | End date | Duration | Role | Partners |
| ALPHA | Alpha for All | 2020 | 2022 | 36 months | Lead | Museum One |
| BETA | Beta Project | 2021 | 2023 | 3 years | Partner | Museum One |

== Members ==
| Name | City | Country |
| Museum One | Lyon | France |

== National committees ==
| Committee | Country | Members |
| ICOM Ruritania | France | 6,900 |
"""


def test_project_and_member_tables_written_other_ways(tmp_path):
    k = build(tmp_path, TABLES)
    g = k.graph
    net = the(g, "Test Network of Museums")
    alpha = the(g, "ALPHA")
    assert (alpha, KGO.fullName, Literal("Alpha for All")) in g
    assert [str(y) for y in g.objects(alpha, KGO.startYear)] == ["2020"]
    assert (alpha, KGO.coordinator, net) in g and (alpha, KGO.participant, net) in g
    assert not list(g.objects(the(g, "BETA"), KGO.coordinator))
    assert any("'36 months' has no year" in n.message and n.line == 10 for n in k.notices)
    # | Name | City | Country | under Members is a members table
    assert (net, KGO.hasMember, the(g, "Museum One")) in g
    # a column of counts is not a column of members
    assert not list(g.subjects(SCHEMA.name, Literal("6,900")))


LISTS = """= Test Network of Museums =

TNM
- Type: Network

A network. Its sister networks are:

- ASPAC (Asia Pacific Network of Science and Technology Centres)
- Wissenschaft im Dialog (WiD), Germany

== Members ==
- Museum One (France)
- Full members: 120

== External links ==
- Official website: https://tnm.example.org/
- [https://archive.example.org/tnm Archive of the network]
"""


def test_sister_member_and_link_lists_written_other_ways(tmp_path):
    g = build(tmp_path, LISTS).graph
    net = the(g, "Test Network of Museums")
    aspac = the(g, "Asia Pacific Network of Science and Technology Centres")
    assert (aspac, KGO.acronym, Literal("ASPAC")) in g
    assert (net, KGO.sisterNetwork, aspac) in g
    wid = the(g, "Wissenschaft im Dialog")
    assert (wid, KGO.acronym, Literal("WiD")) in g
    assert [str(g.value(c, KGO.iso3166Alpha2)) for c in g.objects(wid, KGO.country)] == ["DE"]
    members = {str(g.value(m, SCHEMA.name)) for m in g.objects(net, KGO.hasMember)}
    assert members == {"Museum One"}  # "Full members: 120" is kept as text, not an organisation
    pages = {str(p): str(g.value(p, SCHEMA.name)) for p in g.objects(net, RDFS.seeAlso)}
    assert pages == {
        "https://tnm.example.org/": "Official website",
        "https://archive.example.org/tnm": "Archive of the network",
    }


REPEATED = """= Test Network of Museums =

TNM
- Abbreviation: TNMSC
- Founded: 1989
- Established: 1990
- Membership: Over 400
- Members: 380 (2019)

Today TNM counts about 100 member organisations from 35 countries.

== Projects ==
| Project | Timeframe | Partners | Funders |
| Alpha | 2020-2022 | Museumsbund Österreich, Deutscher Museumsbund e.V. | National Science Foundation (NSF) under grant agreement No 693669 |
"""


def test_repeated_keys_comma_lists_and_funder_details(tmp_path):
    k = build(tmp_path, REPEATED)
    g = k.graph
    net = the(g, "Test Network of Museums")
    assert [str(o) for o in g.objects(net, KGO.foundingYear)] == ["1989"]
    assert len(list(g.objects(net, KGO.memberCount))) == 1
    assert any(
        "'Established' gives another value than 'Founded' (line 5)" in n.message and n.line == 6 for n in k.notices
    )
    assert list(g.objects(net, KGO.shortName)) == [Literal("TNM")]
    assert (net, KGO.acronym, Literal("TNMSC")) in g
    assert [int(o) for o in g.objects(net, KGO.institutionCount)] == [100]  # "Today TNM counts ..."
    assert any("is read as one name" in n.message and n.line == 14 for n in k.notices)
    nsf = the(g, "National Science Foundation")
    assert (nsf, KGO.acronym, Literal("NSF")) in g
    grants = [o for p, o in g.predicate_objects(the(g, "Alpha")) if str(o) == "693669"]
    assert grants, "the grant agreement number is kept"


def test_a_city_without_its_country_is_the_placed_city_of_that_name(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("= Network One =\n\nN1\n- City: Wien\n\nA network.\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("= Network Two =\n\nN2\n- Headquarters: Wien, Austria\n\nA network.\n", encoding="utf-8")
    g = assemble([one, two], config=Config(base="https://example.org/id/"), aliases=Aliases()).graph
    cities = set(g.subjects(RDF.type, KGO.City))
    assert [str(c) for c in cities] == ["https://example.org/id/city/at_wien"]
    assert len(set(g.objects(None, KGO.city))) == 1


def test_parent_organisation_and_affiliations_are_organisations(tmp_path):
    text = "= Test Network of Museums =\n\nTNM\n- Parent organization: Council of Museums (COM)\n\nA network.\n"
    g = build(tmp_path, text).graph
    parent = the(g, "Council of Museums")
    assert (the(g, "Test Network of Museums"), KGO.parentOrganisation, parent) in g
    assert (the(g, "Test Network of Museums"), SCHEMA.parentOrganization, parent) in g  # materialised
    assert (parent, KGO.acronym, Literal("COM")) in g


def test_headquarters_with_a_state_and_the_network_as_coordinator_and_partner(tmp_path):
    text = (
        "= Test Network of Museums =\n\nTNM\n- Headquarters: Washington, D.C., U.S.\n\nA network.\n\n"
        "== Projects ==\n| Project | Timeframe | Coordinator | Partners | Role |\n"
        "| Alpha | 2020-2022 | TNM | Museum One | Lead |\n| Beta | 2021-2023 | Museum One | Museum One | Partner |\n"
    )
    k = build(tmp_path, text)
    g = k.graph
    net = the(g, "Test Network of Museums")
    assert [str(g.value(c, SCHEMA.name)) for c in g.objects(net, KGO.city)] == ["Washington, D.C."]
    assert [str(g.value(c, KGO.iso3166Alpha2)) for c in g.objects(net, KGO.country)] == ["US"]
    assert (the(g, "Alpha"), KGO.coordinator, net) in g
    assert (the(g, "Beta"), KGO.participant, net) in g
    assert not any("not among the project's participants" in n.message for n in k.notices)


def test_a_post_holder_s_institution_in_parentheses_is_kept_not_dropped(tmp_path):
    text = (
        "= Test Network =\n\nTN\n- Chairperson: Jane Doe (University of Oslo),, John Roe (2019–2022)\n"
        "- Founded: 2001\n\nTest Network is a network founded in 2001.\n"
    )
    g = build(tmp_path, text).graph
    jane, john = the(g, "Jane Doe"), the(g, "John Roe")
    assert {str(g.value(o, SCHEMA.name)) for o in g.objects(jane, KGO.institution)} == {"University of Oslo"}
    assert not list(g.objects(john, KGO.institution))  # a term in parentheses is no institution
    posts = {str(g.value(p, KGO.roleName)) for p in g.objects(jane, KGO.holdsPost)}
    assert posts == {"Chairperson"}
