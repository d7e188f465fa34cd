"""Countries by ISO 3166 (pycountry) and the EU country authority; country adjectives from data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import pycountry

from kg.resources import package_data


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    name: str


@cache
def _demonyms() -> dict[str, str]:
    with package_data("demonyms.csv").open(encoding="utf-8") as f:
        return {row["demonym"].casefold(): row["alpha2"] for row in csv.DictReader(f)}


@cache
def find_country(text: str) -> Country | None:
    """A country from its name, code, official name or adjective ("Belgian"); None if unknown."""
    name = text.strip()
    if name.casefold().startswith("the "):
        name = name[4:]
    code = _demonyms().get(name.casefold())
    try:
        found = pycountry.countries.lookup(code or name)
    except LookupError:
        return None
    common = getattr(found, "common_name", None) or found.name
    return Country(found.alpha_2, found.alpha_3, common)
