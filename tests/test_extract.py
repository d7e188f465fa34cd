"""The prose and free-text readers of kg/extract.py, whose words come from kg/data/lexicon.toml."""

from __future__ import annotations

import re

import pytest

from kg import extract
from kg.extract import Funding, MemberCount


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
        ("Fundação para a Ciência e a Tecnologia (FCT)", Funding("Fundação para a Ciência e a Tecnologia", None)),
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
