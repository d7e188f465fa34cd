"""Countries by ISO 3166 (pycountry) and the EU country authority; other names and adjectives from data.

``kg/data/country_names.csv`` holds the names pycountry does not know (``U.S.``, ``Russia``,
``Deutschland``) and ``kg/data/demonyms.csv`` the adjectives (``Belgian``); both are read before
the ISO lookup, ignoring case and accents.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

import pycountry

from kg.core.resources import lexicon, package_data
from kg.core.text import before_paren, fold, squash_spaces

#: ``"Uruguay (Executive Secretariat)"``: the name before a closing parenthesis.


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    name: str


def read_code_table(name: str, column: str) -> dict[str, str]:
    """A data file of ``column,alpha2`` rows (lines starting with ``#`` are comments), by folded name."""
    with package_data(name).open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {fold(row[column]): row["alpha2"].strip() for row in rows}


@cache
def _names() -> dict[str, str]:
    return read_code_table("country_names.csv", "name")


@cache
def _demonyms() -> dict[str, str]:
    return read_code_table("demonyms.csv", "demonym")


def _candidates(text: str) -> list[str]:
    """The text, then the part before a parenthesis (what it holds is a remark, not a country, and a
    two-letter word in it could be read as a code); each without a leading "the"."""
    name = squash_spaces(text)
    found = [name]
    if (before := before_paren(name)) is not None:
        found.append(before)
    return [c[4:] if c.casefold().startswith("the ") else c for c in found if c]


def _lookup(name: str) -> Country | None:
    folded = fold(name)
    code = _names().get(folded) or _demonyms().get(folded)
    for key in (code,) if code else (name, folded):
        try:
            found = pycountry.countries.lookup(key)
        except LookupError:
            continue
        common = getattr(found, "common_name", None) or found.name
        return Country(found.alpha_2, found.alpha_3, common)
    return None


@cache
def find_country(text: str) -> Country | None:
    """A country from its name, code, official or native name or adjective ("Belgian"); None if unknown.

    ``"Uruguay (Executive Secretariat)"`` is Uruguay: the name before a parenthesis is tried too.
    """
    for candidate in _candidates(text):
        if (found := _lookup(candidate)) is not None:
            return found
    return None


def split_city(name: str) -> tuple[str, str | None]:
    """``"Universeum, Gothenburg"`` → ("Universeum", "Gothenburg"); ``"Heureka, the Finnish Science
    Centre, Vantaa"`` → (its name up to the last comma, "Vantaa"): a last part that reads as a place
    (one to three capitalised words, no organisation words) is the city, not part of the name."""
    head, sep, tail = name.rpartition(",")
    tail = tail.strip()
    if not sep or not head.strip() or not _looks_like_place(tail):
        return name, None
    return head.strip(), tail


def _looks_like_place(text: str) -> bool:
    words = text.replace("-", " ").split()
    if not 1 <= len(words) <= 3 or any(c.isdigit() for c in text):
        return False
    organisation = set(lexicon()["offices"]["organisation_words"]) - {"and", "of", "the"}
    if any(w.casefold().strip(".") in organisation for w in words):
        return False
    return words[0][0].isupper() and all(
        w[0].isupper() or w in ("am", "an", "de", "del", "la", "le", "upon", "on", "sur") for w in words
    )


_POSTCODE_BEFORE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}\s+(?=\D)")
_POSTCODE_AFTER = re.compile(r"\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4,5})$")


def without_postcode(city: str) -> str:
    """``"10117 Berlin"`` → ``"Berlin"``, ``"London SW7 5HD"`` → ``"London"``: a postcode is not the city's name."""
    return _POSTCODE_AFTER.sub("", _POSTCODE_BEFORE.sub("", city.strip())).strip() or city.strip()


def is_subdivision(name: str) -> bool:
    """A state, province or region of a country by ISO 3166-2 ("Virginia", "Bavaria"), not a city."""
    try:
        found = pycountry.subdivisions.lookup(squash_spaces(name))
    except LookupError:
        return False
    return getattr(found, "type", "") in ("State", "Province", "Land", "Region", "Autonomous community", "Canton")
