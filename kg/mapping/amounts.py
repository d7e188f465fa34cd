"""Amounts in infobox values: money ("€110 million (2019)", "$1,500,000 (FY 2023)") and counts with
the year they are for ("45 (2022)", "c. 200")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.core.dates import YEAR

_CURRENCIES = {
    "€": "EUR",
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "chf": "CHF",
    "eur": "EUR",
    "usd": "USD",
    "gbp": "GBP",
    "sek": "SEK",
    "dkk": "DKK",
    "nok": "NOK",
    "a$": "AUD",
    "r": "ZAR",
    "zar": "ZAR",
}
_SCALES = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(
    r"^\s*(?:(?:c\.|ca\.|about|approx\.?|approximately|over|around)\s*)?"
    r"(?P<pre>US\$|A\$|[€$£¥]|EUR|USD|GBP|CHF|SEK|DKK|NOK|ZAR|R(?=\s?\d))?\s*(?P<n>" + _NUMBER + r")\s*"
    r"(?P<scale>thousand|million|billion|mn|bn|[kKmM](?![a-z]))?\s*(?P<post>EUR|USD|GBP|CHF|SEK|DKK|NOK|euros?|dollars?|pounds?)?"
    r"\s*(?:\(\s*(?:FY\s*)?(?P<year>" + YEAR + r")\s*\)|,?\s+(?:in\s+|FY\s*)?(?P<year2>" + YEAR + r"))?\s*$",
    re.I,
)
_COUNT = re.compile(
    r"^\s*(?:(?:c\.|ca\.|about|approx\.?|approximately|over|around|more than)\s*)?(?P<n>" + _NUMBER + r")\s*\+?"
    r"(?:\s+[^\W\d_][\w-]*){0,3}\s*(?:\(\s*(?P<year>" + YEAR + r")\s*\)|,?\s+(?:in\s+)?(?P<year2>" + YEAR + r"))?\s*$",
    re.I,
)
_WORD_CURRENCY = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP"}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    year: int | None


@dataclass(frozen=True)
class Count:
    value: int
    year: int | None


def _number(text: str) -> Decimal:
    return Decimal(re.sub(r"[,\u00a0\u202f ]", "", text))


def money(text: str) -> Amount | None:
    """``"€110 million (2019)"`` → 110000000 EUR in 2019; None unless the whole value is an amount."""
    m = _MONEY.match(text)
    if not m or not (m.group("pre") or m.group("post")):
        return None
    currency = (m.group("pre") or "").casefold()
    code = (
        _CURRENCIES.get(currency)
        or _WORD_CURRENCY.get((m.group("post") or "").casefold())
        or (m.group("post") or "").upper()
    )
    if len(code) != 3:
        return None
    value = _number(m.group("n")) * _SCALES.get((m.group("scale") or "").casefold(), 1)
    year = m.group("year") or m.group("year2")
    return Amount(
        value.normalize() if value != value.to_integral() else value.quantize(Decimal(1)),
        code,
        int(year) if year else None,
    )


def count(text: str) -> Count | None:
    """``"45 (2022)"`` → 45 in 2022; ``"c. 200"`` → 200; None unless the value opens with the count."""
    m = _COUNT.match(text)
    if not m:
        return None
    year = m.group("year") or m.group("year2")
    return Count(int(_number(m.group("n"))), int(year) if year else None)
