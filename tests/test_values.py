"""Values Wikipedia's infoboxes and lists write in words: amounts of money, staff counts, dated
history items, people's names, members written 'Name, City', seats with postcodes and states."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import XSD

from kg.mapping.amounts import Amount, Count, count, money
from kg.mapping.history import event_date
from kg.mapping.people import looks_like_person, post_name
from kg.mapping.places import is_subdivision, split_city, without_postcode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€110 million (2019)", Amount(Decimal(110_000_000), "EUR", 2019)),
        ("$1,500,000 (FY 2023)", Amount(Decimal(1_500_000), "USD", 2023)),
        ("EUR 3.5 million", Amount(Decimal(3_500_000), "EUR", None)),
        ("12 million euros (2020)", Amount(Decimal(12_000_000), "EUR", 2020)),
        ("£4.2m (2021)", Amount(Decimal(4_200_000), "GBP", 2021)),
        ("unknown", None),
        ("110 million (2019)", None),  # no currency: not an amount of money
        ("€110 million and a grant", None),
    ],
)
def test_a_budget_is_an_amount_with_a_currency_and_its_year(text, expected):
    assert money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("45 (2022)", Count(45, 2022)), ("c. 120", Count(120, None)), ("about 30 staff", Count(30, None)), ("many", None)],
)
def test_a_staff_count_and_its_year(text, expected):
    assert count(text) == expected


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1900, max_value=2099))
def test_any_euro_budget_in_millions_reads_back(n, year):
    assert money(f"€{n} million ({year})") == Amount(Decimal(n * 1_000_000), "EUR", year)


@pytest.mark.parametrize(
    ("text", "date", "rest"),
    [
        ("1963: Foundation of the network", Literal("1963", datatype=XSD.gYear), "Foundation of the network"),
        ("March 1990 – a meeting", Literal("1990-03", datatype=XSD.gYearMonth), "a meeting"),
        ("13 March 1986: the first congress", Literal("1986-03-13", datatype=XSD.date), "the first congress"),
        ("29 Nov. 1963: x", Literal("1963-11-29", datatype=XSD.date), "x"),
    ],
)
def test_a_dated_history_item_keeps_its_date_as_precise_as_written(text, date, rest):
    assert event_date(text) == (date, rest)


@pytest.mark.parametrize("text", ["Foundation in 1963", "1963", "In 1963 the network was founded"])
def test_an_item_that_does_not_open_with_a_date_is_no_event(text):
    assert event_date(text) is None


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Jane Doe", True),
        ("Dr. Wendy Pollock", True),
        ("Vladimir de Semir", True),
        ("Science Centre Budapest", False),
        ("University of Oslo", False),
        ("2019–2022", False),
        ("Madonna", False),  # one word: not enough to tell
    ],
)
def test_a_person_s_name_is_told_from_an_organisation_s(text, person):
    assert looks_like_person(text) is person


@pytest.mark.parametrize(
    ("heading", "post"),
    [
        ("Past presidents", "President"),
        ("Chief executives", "Chief Executive"),
        ("Chairpersons", "Chairperson"),
        ("Projects", None),
    ],
)
def test_a_heading_names_the_post_its_table_lists(heading, post):
    assert post_name(heading) == post


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Universeum, Gothenburg", ("Universeum", "Gothenburg")),
        ("Heureka, the Finnish Science Centre, Vantaa", ("Heureka, the Finnish Science Centre", "Vantaa")),
        ("Museum für Naturkunde", ("Museum für Naturkunde", None)),
        ("Heureka, the Finnish Science Centre", ("Heureka, the Finnish Science Centre", None)),
    ],
)
def test_a_member_written_name_comma_city_keeps_its_city_apart(text, expected):
    assert split_city(text) == expected


def test_a_postcode_is_not_part_of_the_city_and_a_state_is_not_the_city():
    assert without_postcode("10117 Berlin") == "Berlin"
    assert without_postcode("London SW7 5HD") == "London"
    assert without_postcode("Brussels") == "Brussels"
    assert is_subdivision("Virginia") and not is_subdivision("Arlington")
