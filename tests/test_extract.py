"""The prose and free-text readers of kg/extract.py, whose words come from kg/data/lexicon.toml."""

from __future__ import annotations

import re

import pytest

from kg.mapping import facts as extract
from kg.mapping.facts import Funding, MemberCount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Over 400", MemberCount(minimum=400)),
        ("more than  1,200 members", MemberCount(minimum=1200)),
        ("About 250", MemberCount(value=250)),
        ("approx. 90 institutions", MemberCount(value=90)),
        ("Up to 50", MemberCount(maximum=50)),
        ("100-150", MemberCount(minimum=100, maximum=150)),
        ("300+", MemberCount(minimum=300)),
        ("many", None),
    ],
)
def test_member_counts(text, expected):
    assert extract.member_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "European Union´s Horizon 2020 Framework Programme",
            Funding("European Union", "Horizon 2020 Framework Programme"),
        ),
        ("Erasmus+ Programme of the European Union", Funding("European Union", "Erasmus+ Programme")),
        ("Horizon 2020 (European Commission)", Funding("European Commission", "Horizon 2020")),
        (
            "European Union´s Horizon 2020 Framework Programme for Research and Innovation",
            Funding("European Union", "Horizon 2020 Framework Programme for Research and Innovation"),
        ),
        (
            "Fundação para a Ciência e a Tecnologia (FCT)",
            Funding("Fundação para a Ciência e a Tecnologia", None, acronym="FCT"),
        ),
        ("Interreg Europe", Funding(None, "Interreg Europe")),
        ("Wellcome Trust", Funding("Wellcome Trust", None)),
    ],
)
def test_funder_strings(text, expected):
    assert extract.funding(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020-2023", (2020, 2023)), ("2021–", (2021, None)), ("2021 to present", (2021, None)), ("2020", (2020, 2020))],
)
def test_timeframes(text, expected):
    assert extract.timeframe(text) == expected


def test_a_bad_timeframe_says_what_was_expected():
    with pytest.raises(extract.BadValue, match=re.escape("expected e.g. '2020-2023'")):
        extract.timeframe("spring 2020")


def test_prose_facts_and_where_they_start():
    text = "ECSITE, a network founded in 1989, links over 400 institutions in 50 countries."
    assert extract.founding_year(text) == extract.Found(1989, text.index("founded"))
    reach = extract.reach(text)
    assert (reach.institutions, reach.countries, reach.start) == (400, 50, text.index("400"))
    assert extract.conference_frequency("its yearly network conference").value == "annual"
    inc = extract.incorporation("In 1991, it was registered under the law of the Netherlands.")
    assert (inc.year, inc.country) == (1991, "Netherlands")
    assert extract.led_by("A project led by the Lisbon Council, with partners.") == "Lisbon Council"


def test_sentences_do_not_end_at_abbreviations():
    parts = [s for _, s in extract.sentences("It works with St. Louis museums, e.g. Ecsite. It was founded in 1990.")]
    assert parts == ["It works with St. Louis museums, e.g. Ecsite.", "It was founded in 1990."]


# -- founding year -----------------------------------------------------------------------------

SEED_FOUNDING = (
    "The European Network of Science Centres and Museums (ECSITE), is a not-for-profit organisation initiated in 1989."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED_FOUNDING, 1989),  # a weak verb as a participle after its noun
        ("Launched in 2004, the network links aquaria.", 2004),  # an opening participle
        ("Founded in 1989, Ecsite links science centres.", 1989),
        ("It was launched in 2015 by four festivals.", 2015),  # a weak verb in the passive
        ("The network was officially initiated in 1999.", 1999),
        ("The International Council of Museums (ICOM) was founded on 16 November 1946 in Paris.", 1946),
        ("ICOM was established in November 1946 by Chauncey J. Hamlin.", 1946),
        ("RedPOP was created on 9 March 1990 in Rio de Janeiro.", 1990),
        ("The network, founded 1989, has its seat in Brussels.", 1989),
        ("The association was founded in the year 1989.", 1989),
        ("Since its foundation in 1990, the network has grown.", 1990),
        ("In 1973, ASTC was founded by sixteen directors.", 1973),
        ("The network was set up in 1990 and formally established in 1992.", 1992),  # strong beats weak
        ("It launched its award in 2015, ten years after it was founded in 2005.", 2005),
    ],
)
def test_founding_years(text, expected):
    found = extract.founding_year(text)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "The association launched its Science Engagement Award in 2015 to recognise outstanding activities.",
        "ASTC started a magazine in 1976.",  # a weak verb with an object
        "The association established its secretariat in Brussels in 1995.",  # a strong verb with an object
        "It works with the Old Guild, which was founded in 1850, and with others.",  # a relative clause
        "In 1991, it was formed under Belgian jurisdiction.",  # an incorporation
        "It was established under Belgian law in 1996.",
        "The National Science Foundation in 2001 gave a grant.",  # "Foundation" is a name here
    ],
)
def test_no_founding_year(text):
    assert extract.founding_year(text) is None


def test_founding_year_starts_at_its_verb():
    text = "In 2015 it launched a prize. It is a network founded in 1990."
    assert extract.founding_year(text) == extract.Found(1990, text.index("founded"))
    assert extract.founding_year(SEED_FOUNDING) == extract.Found(1989, SEED_FOUNDING.index("initiated"))


# -- reach -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ECSITE is linking science engagement professionals of over 400 institutions in 50 countries", (400, 50)),
        ("ASTC has more than 600 members in almost 50 countries, including science centers.", (600, 50)),
        ("Today EUSEA counts about 100 member organisations from 35 countries.", (100, 35)),
        ("Together, the network's members speak for over 30,000 museums in 40 countries across Europe.", (30000, 40)),
        ("It brings together more than 80 science centres and museums in 15 countries.", (80, 15)),
        ("It brings together more than 80 science centres, museums and programmes in 15 countries.", (80, 15)),
        ("It links 120 institutions from over 30 countries.", (120, 30)),
        ("It has 45 member institutions across 12 European countries.", (45, 12)),
    ],
)
def test_reach(text, expected):
    found = extract.reach(text)
    assert found is not None
    assert (found.institutions, found.countries) == expected
    assert text[found.start :].startswith(str(expected[0])[:2])


@pytest.mark.parametrize(
    "text",
    [
        "ICOM has 50,000 individual members in 141 countries.",
        "An organisation of museums and museum professionals, with 50,000 members in 141 countries.",
        "The network connects over 170 partners from science, education, business and art.",
        "It has over 400 members.",  # no countries
    ],
)
def test_no_reach(text):
    assert extract.reach(text) is None


# -- member counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600+ member institutions in almost 50 countries", MemberCount(minimum=600)),
        ("~80 institutions", MemberCount(value=80)),
        ("c. 100 members from 35 countries", MemberCount(value=100)),
        ("Over 400 members (2023)", MemberCount(minimum=400)),
        ("Over 400 members (2023)[1]", MemberCount(minimum=400)),
        ("50,000+ (2023)", MemberCount(minimum=50000)),
        ("Over 30 national museum associations (representing over 30,000 museums)", MemberCount(minimum=30)),
        ("400 in 2019, 500 in 2020", None),
    ],
)
def test_member_counts_with_trailing_words(text, expected):
    assert extract.member_count(text) == expected


# -- funding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a programme with its sub-programme in parentheses: no funder
        ("Erasmus+ (KA2 Sector Skills Alliances)", Funding(None, "Erasmus+ (KA2 Sector Skills Alliances)")),
        ("Lifelong Learning Programme (Grundtvig)", Funding(None, "Lifelong Learning Programme (Grundtvig)")),
        # a funder with its programme in parentheses or after a dash
        ("European Commission (FP7 Science in Society)", Funding("European Commission", "FP7 Science in Society")),
        ("European Commission (Horizon 2020)", Funding("European Commission", "Horizon 2020")),
        ("European Commission – Horizon Europe", Funding("European Commission", "Horizon Europe")),
        ("European Commission - Horizon 2020", Funding("European Commission", "Horizon 2020")),
        ("Horizon 2020 – European Commission", Funding("European Commission", "Horizon 2020")),
        # a funder's abbreviation, expanded because the lexicon lists it
        ("EU Horizon 2020", Funding("European Union", "Horizon 2020", acronym="EU")),
        ("Horizon 2020 (EC)", Funding("European Commission", "Horizon 2020", acronym="EC")),
        ("EU", Funding("European Union", None, acronym="EU")),
        # programmes by name
        ("Creative Europe", Funding(None, "Creative Europe")),
        ("Marie Skłodowska-Curie Actions", Funding(None, "Marie Skłodowska-Curie Actions")),
        ("FP7", Funding(None, "FP7")),
        ("H2020-SwafS-2018", Funding(None, "H2020-SwafS-2018")),
        ("Horizon Europe", Funding(None, "Horizon Europe")),
        ("COST", Funding(None, "COST")),
        ("Interreg Danube Region Programme", Funding(None, "Interreg Danube Region Programme")),
        ("Talente-Programm der FFG", Funding("FFG", "Talente-Programm")),
        # the grant agreement is cut off
        (
            "European Union's Horizon 2020 research and innovation programme under grant agreement No 693669",
            Funding("European Union", "Horizon 2020 research and innovation programme", grant="693669"),
        ),
        ("Horizon 2020, grant agreement no. 824219", Funding(None, "Horizon 2020", grant="824219")),
        # a funder and its acronym
        ("National Science Foundation (NSF)", Funding("National Science Foundation", None, acronym="NSF")),
        ("Inter-American Development Bank (IDB)", Funding("Inter-American Development Bank", None, acronym="IDB")),
        (
            "FFG – Österreichische Forschungsförderungsgesellschaft",
            Funding("Österreichische Forschungsförderungsgesellschaft", None, acronym="FFG"),
        ),
        (
            "Programa Iberoamericano de Ciencia y Tecnología para el Desarrollo (CYTED)",
            Funding(None, "Programa Iberoamericano de Ciencia y Tecnología para el Desarrollo", acronym="CYTED"),
        ),
        ("Institute of Museum and Library Services", Funding("Institute of Museum and Library Services", None)),
        ("Wellcome Trust (UK)", Funding("Wellcome Trust", None)),
    ],
)
def test_funder_and_programme_splits(text, expected):
    assert extract.funding(text) == expected


# -- coordinators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The project is coordinated by Museum Booster GmbH and funded by the EU.", "Museum Booster GmbH"),
        (
            "Led by Science and Technology Facilities Council, the project runs labs.",
            "Science and Technology Facilities Council",
        ),
        (
            "Led by Bloomfield Science Museum in Jerusalem, and with 7 Ecsite members",
            "Bloomfield Science Museum in Jerusalem",
        ),
        ("Led by Drexel University (USA), the project ...", "Drexel University"),
        # a person, known by a title, is not the coordinating organisation
        ("Led by Dr. Jane Smith, the project trains teachers.", None),
        ("Led by Prof. Anna Schmidt and coordinated by Science Museum Group.", "Science Museum Group"),
    ],
)
def test_led_by(text, expected):
    assert extract.led_by(text) == expected


# -- timeframes and years ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since 2018", (2018, None)),
        ("Since 2018", (2018, None)),
        ("2018–present", (2018, None)),
        ("2022 - ongoing", (2022, None)),
        ("2012–15", (2012, 2015)),
        ("1999-01", (1999, 2001)),
        ("2015 – 2016", (2015, 2016)),
        ("1 March 2016 – 28 February 2021", (2016, 2021)),
        ("2021 to", (2021, None)),
    ],
)
def test_more_timeframes(text, expected):
    assert extract.timeframe(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018", 2018),
        ("2018-01-01", 2018),
        ("2018-01", 2018),
        ("1 January 2018", 2018),
        ("January 2018", 2018),
        ("01/2018", 2018),
        ("1.3.2016", 2016),
        ("March 1, 2016", 2016),
        ("28 February 2021", 2021),
        ("present", None),
        ("", None),
    ],
)
def test_year_cells_may_hold_dates(text, expected):
    assert extract.year(text) == expected


@pytest.mark.parametrize("text", ["spring 2018", "36 months", "2018-2020", "18"])
def test_a_bad_year_says_what_was_expected(text):
    with pytest.raises(extract.BadValue, match=re.escape("expected four digits such as '2021'")):
        extract.year(text)
