"""kg.parse and kg.places on what real, encyclopaedia-derived articles contain.

Three things articles copied from Wikipedia do that the hand-written fixtures did not: blank lines in
the head (between the short name and the infobox, or between infobox entries), reference markers
(``[1]``, ``[a]``, ``[note 3]``, ``[citation needed]``) after words and values, and countries
written the way people write them (``U.S.``, ``UK``, ``Russia``, ``Brasil``, ``Uruguay (Executive
Secretariat)``). The articles below are shaped like the ASTC, NEMO, EUSEA, RedPOP and
ScienceCenter-Netzwerk articles.
"""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pycountry
import pytest

from kg.core.resources import package_data
from kg.mapping.places import find_country, fold
from kg.publish.knowledge import assemble
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.model import Article, Paragraph, Value
from kg.source.parse import parse_article as parse_file
from kg.source.parse import parse_text, strip_footnotes

P = Path("article.txt")
SEED = Path(__file__).resolve().parent.parent / "sources" / "ecsite.txt"


def parse(text: str) -> Article:
    return parse_text(textwrap.dedent(text).lstrip("\n"), path=P)


def infobox(article: Article) -> list[tuple[str, str, int]]:
    return [(e.key, e.value.text, e.value.line) for e in article.infobox]


# == blank lines in the head ======================================================================


def test_blank_line_between_short_name_and_infobox():
    a = parse(
        """
        = Association of Science and Technology Centers =

        ASTC

        - Formation: 1973
        - Headquarters: Washington, D.C., United States
        - Website: https://www.astc.org/

        The Association of Science and Technology Centers (ASTC) is a global organization.
        """
    )
    assert a.short_name == Value("ASTC", 3)
    assert infobox(a) == [
        ("Formation", "1973", 5),
        ("Headquarters", "Washington, D.C., United States", 6),
        ("Website", "https://www.astc.org/", 7),
    ]
    assert a.lead.lists == []
    assert [(p.text, p.line) for p in a.lead.paragraphs] == [
        ("The Association of Science and Technology Centers (ASTC) is a global organization.", 9)
    ]


def test_blank_lines_between_infobox_entries():
    a = parse(
        """
        = ScienceCenter-Netzwerk =

        SCN
        - Formation: 2006
        - Wikipedia: https://de.wikipedia.org/wiki/ScienceCenter-Netzwerk

        - Website: https://www.science-center-net.at


        - Location Country: Austria

        The ScienceCenter-Netzwerk (SCN) is an Austrian network.
        """
    )
    assert a.short_name == Value("SCN", 3)
    assert infobox(a) == [
        ("Formation", "2006", 4),
        ("Wikipedia", "https://de.wikipedia.org/wiki/ScienceCenter-Netzwerk", 5),
        ("Website", "https://www.science-center-net.at", 7),
        ("Location Country", "Austria", 10),
    ]
    assert a.lead.lists == []
    assert [p.line for p in a.lead.paragraphs] == [12]


def test_blank_lines_everywhere_in_the_head_without_short_name():
    a = parse(
        """
        = Association of Science and Technology Centers =


        - Formation: 1973

        * Website: https://www.astc.org/

        The association is a global organization.
        """
    )
    assert a.short_name is None
    assert infobox(a) == [("Formation", "1973", 4), ("Website", "https://www.astc.org/", 6)]
    assert a.lead.lists == []


def test_short_name_ending_with_a_full_stop_before_a_blank_line():
    a = parse(
        """
        = Nordic Association of Science Festivals =

        N.A.S.F.

        - Type: Nonprofit
        """
    )
    assert a.short_name == Value("N.A.S.F.", 3)
    assert infobox(a) == [("Type", "Nonprofit", 5)]


@pytest.mark.parametrize(
    "lead",
    [
        "Sister networks are:",  # an introduction to a list
        "The network was founded in 2001.",  # a sentence
        "This is a short line of prose with seven words",  # too many words for a short name
    ],
)
def test_a_prose_line_before_a_blank_line_and_a_key_value_list_is_a_paragraph(lead: str):
    a = parse_text(f"= Network =\n\n{lead}\n\n- Partner: Museum A\n- Funder: Agency B\n", path=P)
    assert a.short_name is None
    assert a.infobox == []
    assert [p.text for p in a.lead.paragraphs] == [lead]
    (bullets,) = a.lead.lists
    assert [i.text for i in bullets.items] == ["Partner: Museum A", "Funder: Agency B"]
    assert bullets.intro is not None and bullets.intro.text == lead


def test_key_value_lines_after_the_first_paragraph_are_bullets():
    a = parse(
        """
        = Network =

        NET
        - Type: Nonprofit

        The network links museums.

        - ASTC: Association of Science and Technology Centers
        - RedPOP: Red de Popularización de la Ciencia
        """
    )
    assert infobox(a) == [("Type", "Nonprofit", 4)]
    (bullets,) = a.lead.lists
    assert [(i.text, i.line) for i in bullets.items] == [
        ("ASTC: Association of Science and Technology Centers", 8),
        ("RedPOP: Red de Popularización de la Ciencia", 9),
    ]
    assert bullets.intro is not None and bullets.intro.text == "The network links museums."


@pytest.mark.parametrize(
    "line",
    [
        "- Among the partners of the network are: many museums",  # a key of more than five words
        "- Evaluation:",  # a key without a value
        "- not an entry at all",
    ],
)
def test_after_a_blank_line_only_a_short_key_with_a_value_continues_the_infobox(line: str):
    a = parse_text(f"= N =\n\nN\n- Type: Nonprofit\n\n{line}\n", path=P)
    assert infobox(a) == [("Type", "Nonprofit", 4)]
    (bullets,) = a.lead.lists
    assert [i.line for i in bullets.items] == [6]


def test_seed_article_head_and_sister_network_list_are_unchanged():
    a = parse_file(SEED)
    assert a.short_name == Value("ECSITE", 3)
    assert [e.key for e in a.infobox] == [
        "Full Name",
        "Type",
        "Purpose",
        "Location City",
        "Location Country",
        "Region Served",
        "Membership",
        "Key People",
    ]
    (sisters,) = a.lead.lists
    assert len(sisters.items) == 5
    assert sisters.items[0].text == "Association of Science and Technology Centers (ASTC)"
    assert sisters.intro is not None and sisters.intro.text.startswith("Sister networks")


# == reference markers ============================================================================


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.ne-mo.org[4]", "https://www.ne-mo.org"),
        ("DOORS[3]", "DOORS"),
        ("2021–2023[4]", "2021–2023"),
        ("Dr. Jane Doe (President) [2]", "Dr. Jane Doe (President)"),
        ("founded in 1989.[1] It grew.", "founded in 1989. It grew."),
        ("many members[1][12][a]", "many members"),
        ("a claim[citation needed] and another[clarification needed].", "a claim and another."),
        ("a value[note 3]", "a value"),
        ("Over 400 members (2023)[1]", "Over 400 members (2023)"),
        # what stays: links, external links, other bracketed text
        ("[[Ecsite|the network]]", "[[Ecsite|the network]]"),
        ("[https://doors.example.eu/ DOORS website]", "[https://doors.example.eu/ DOORS website]"),
        ("[[1]]", "[[1]]"),
        ("a quote [sic] kept", "a quote [sic] kept"),
        ("the report [2019]", "the report [2019]"),
        ("Annex [A]", "Annex [A]"),
        ("[ab] and [note]", "[ab] and [note]"),
    ],
)
def test_strip_footnotes(text: str, expected: str):
    assert strip_footnotes(text) == expected


def test_markers_leave_infobox_values_and_keys():
    a = parse(
        """
        = Network of European Museum Organisations =

        NEMO[1]
        - Founded[2]: 1992
        - Membership: Over 30 national museum associations (2023)[1]
        - Key people: Julia Pagel (Secretary General),, Wim de Vos (Chair) [5]
        - Website: https://www.ne-mo.org[4]
        - Affiliations: [[International Council of Museums|ICOM]][3]
        - Site: [https://eusea.info Official website]
        """
    )
    assert a.short_name == Value("NEMO", 3)
    assert infobox(a) == [
        ("Founded", "1992", 4),
        ("Membership", "Over 30 national museum associations (2023)", 5),
        ("Key people", "Julia Pagel (Secretary General),, Wim de Vos (Chair)", 6),
        ("Website", "https://www.ne-mo.org", 7),
        ("Affiliations", "[[International Council of Museums|ICOM]]", 8),
        ("Site", "[https://eusea.info Official website]", 9),
    ]
    people = a.infobox[2]
    assert [i.split_paren() for i in people.items] == [
        ("Julia Pagel", "Secretary General"),
        ("Wim de Vos", "Chair"),
    ]


def test_markers_leave_table_cells_quoted_or_not():
    a = parse(
        """
        = Test Network =

        TN
        - Founded: 2001

        == Projects ==
        | Project[a] | Timeframe | Participating Organisations | Website | Abstract |
        | DOORS[3] | 2021–2023[4] | Ars Electronica[5]; Museum Booster GmbH [6] | [https://doors.example.eu/ DOORS] | "Coordinated by Museum Booster GmbH [7]; funded by the EU.[8]" [9] |
        """
    )
    (table,) = a.sections[1].tables
    assert table.columns == ["Project", "Timeframe", "Participating Organisations", "Website", "Abstract"]
    (row,) = table.rows
    assert [c.text for c in row] == [
        "DOORS",
        "2021–2023",
        "Ars Electronica; Museum Booster GmbH",
        "[https://doors.example.eu/ DOORS]",
        "Coordinated by Museum Booster GmbH; funded by the EU.",
    ]
    assert [i.text for i in row[2].items] == ["Ars Electronica", "Museum Booster GmbH"]
    assert row[4].quoted
    assert all(c.line == 8 for c in row)


def test_markers_leave_bullets_and_paragraphs_with_lines_kept():
    a = parse(
        """
        = Test Network =

        The network was initiated in 1989.[1] It has
        [2]
        over 400 members.[citation needed]

        [3]

        Sister networks are:[a]

        - Association of Science and Technology Centers (ASTC)[4]
        - [5]
        - RedPOP [note 1]
        """
    )
    first, intro = a.lead.paragraphs
    assert (first.text, first.line, first.end_line) == (
        "The network was initiated in 1989. It has over 400 members.",
        3,
        5,
    )
    assert first.line_at(first.text.index("It has")) == 3
    assert first.line_at(first.text.index("over 400")) == 5
    assert (intro.text, intro.line) == ("Sister networks are:", 9)
    (bullets,) = a.lead.lists
    assert bullets.items == (Value("Association of Science and Technology Centers (ASTC)", 11), Value("RedPOP", 13))
    assert bullets.intro is intro


def test_paragraph_from_lines_with_an_emptied_line_counts_it():
    p = Paragraph.from_lines(["first line", "", "third line"], 10)
    assert (p.text, p.line, p.end_line) == ("first line third line", 10, 12)
    assert p.line_at(0) == 10
    assert p.line_at(p.text.index("third")) == 12


def test_an_unclosed_quote_warning_still_names_the_column():
    article = parse_text('= N =\n\n| A | B |\n| "x[1] | y |\n', path=P)
    assert [(line, "column 3" in message) for line, message in article.warnings] == [(4, True)]


# == countries ====================================================================================

COUNTRIES = {
    "U.S.": "US",
    "USA": "US",
    "US": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "Russia": "RU",
    "Turkey": "TR",
    "Türkiye": "TR",
    "Brasil": "BR",
    "México": "MX",
    "Mexico": "MX",
    "Deutschland": "DE",
    "Holland": "NL",
    "the Netherlands": "NL",
    "Czech Republic": "CZ",
    "South Korea": "KR",
    "North Korea": "KP",
    "Vietnam": "VN",
    "Iran": "IR",
    "Syria": "SY",
    "Laos": "LA",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "Macedonia": "MK",
    "Palestine": "PS",
    "Taiwan": "TW",
    "Vatican": "VA",
    "Perú": "PE",
    "Österreich": "AT",
    "  united   kingdom ": "GB",
}


@pytest.mark.parametrize(("name", "alpha2"), sorted(COUNTRIES.items()))
def test_common_and_native_country_names(name: str, alpha2: str):
    found = find_country(name)
    assert found is not None and found.alpha2 == alpha2
    assert found.alpha3 == pycountry.countries.get(alpha_2=alpha2).alpha_3


@pytest.mark.parametrize(
    ("adjective", "alpha2"),
    [
        ("Uruguayan", "UY"),
        ("Argentinian", "AR"),
        ("Argentine", "AR"),
        ("Chilean", "CL"),
        ("Colombian", "CO"),
        ("Peruvian", "PE"),
        ("Brazilian", "BR"),
        ("Mexican", "MX"),
        ("American", "US"),
        ("British", "GB"),
        ("Swiss", "CH"),
        ("Dutch", "NL"),
        ("Belgian", "BE"),
        ("uruguayan", "UY"),
    ],
)
def test_country_adjectives(adjective: str, alpha2: str):
    found = find_country(adjective)
    assert found is not None and found.alpha2 == alpha2


@pytest.mark.parametrize(
    ("text", "alpha2"),
    [
        ("Uruguay (Executive Secretariat)", "UY"),
        ("Brasil (headquarters)", "BR"),
        ("the United Kingdom (England)", "GB"),
    ],
)
def test_a_parenthesis_after_the_country_is_a_remark(text: str, alpha2: str):
    found = find_country(text)
    assert found is not None and found.alpha2 == alpha2


@pytest.mark.parametrize("text", ["Kosovo", "Kosovar", "Atlantis", "Nowhere (Germany)", "Europe", ""])
def test_unknown_countries_stay_unknown(text: str):
    assert find_country(text) is None


def _rows(name: str, column: str) -> list[tuple[str, str]]:
    path = package_data(name)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#"), f"{name} starts with a comment saying what it is"
    reader = csv.DictReader(line for line in lines if not line.startswith("#"))
    assert reader.fieldnames == [column, "alpha2"]
    return [(row[column], row["alpha2"]) for row in reader]


@pytest.mark.parametrize(("name", "column"), [("country_names.csv", "name"), ("demonyms.csv", "demonym")])
def test_country_data_files_name_iso_countries_once(name: str, column: str):
    rows = _rows(name, column)
    assert rows
    seen: dict[str, str] = {}
    for text, alpha2 in rows:
        assert text == text.strip() and text, f"{name}: {text!r}"
        assert pycountry.countries.get(alpha_2=alpha2) is not None, f"{name}: {text!r} -> {alpha2} is not ISO 3166"
        assert seen.setdefault(fold(text), alpha2) == alpha2, f"{name}: {text!r} given twice"
        assert find_country(text).alpha2 == alpha2


def test_country_names_never_contradict_iso():
    """Where pycountry knows a name too, it means the same country (the file adds names, not meanings)."""
    for text, alpha2 in _rows("country_names.csv", "name"):
        try:
            iso = pycountry.countries.lookup(text)
        except LookupError:
            continue
        assert iso.alpha_2 == alpha2, text


# == the whole pipeline ===========================================================================

REAL = """\
= Network of European Museum Organisations =

NEMO

- Founded: 1992
- Headquarters: Washington, D.C., U.S.

- Location Country: UK
- Website: https://www.ne-mo.org[4]
- Key people: Julia Pagel (Secretary General),, Wim de Vos (Chair) [5]

The Network of European Museum Organisations (NEMO) is an independent network.[1]
"""


def test_a_real_head_builds_without_losing_facts(tmp_path: Path):
    source = tmp_path / "nemo.txt"
    source.write_text(REAL, encoding="utf-8")
    k = assemble([source], config=Config(base="https://example.org/id/"), aliases=Aliases())
    messages = [n.message for n in k.notices]
    assert not [m for m in messages if "not an absolute http(s) URL" in m], messages
    assert not [m for m in messages if "not a country known" in m], messages
    assert not [m for m in messages if "bullet list" in m], messages
    literals = {str(o) for o in k.graph.objects()}
    assert not [text for text in literals if "[4]" in text or "[5]" in text or "[1]" in text]
    iris = {str(o) for o in k.graph.objects()}
    assert "https://www.ne-mo.org" in iris
    assert "GB" in literals
