"""Amounts in infobox values: money ("€110 million (2019)", "$1,500,000 (FY 2023)") and counts with
the year they are for ("45 (2022)", "c. 200"). The currency signs, scale words and qualifiers are
data (``[amounts]`` in ``kg/data/lexicon.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

from kg.core.dates import YEAR
from kg.core.resources import lexicon, words

_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_YEAR_AFTER = r"\s*(?:\(\s*(?:FY\s*)?(?P<year>" + YEAR + r")\s*\)|,?\s+(?:in\s+|FY\s*)?(?P<year2>" + YEAR + r"))?\s*$"


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use."""
    lex = lexicon()["amounts"]
    currencies: dict[str, str] = {k.casefold(): v for k, v in lex["currencies"].items()}
    scales = {k.casefold(): int(v) for k, v in lex["scales"].items()}
    about = r"(?:" + words(lex["approximately"]) + r"\s*)?"
    signs = sorted((c for c in currencies if not c.isalpha()), key=len, reverse=True)
    codes = sorted((c for c in currencies if c.isalpha()), key=len, reverse=True)
    money = re.compile(
        r"^\s*"
        + about
        + r"(?P<pre>"
        + "|".join(re.escape(s) for s in signs)
        + r"|(?:"
        + "|".join(codes)
        + r")(?=\s?\d))?\s*"
        r"(?P<n>" + _NUMBER + r")\s*(?P<scale>" + "|".join(sorted(scales, key=len, reverse=True)) + r")?(?![a-z])\s*"
        r"(?P<post>" + "|".join(codes) + r")?(?![a-z])" + _YEAR_AFTER,
        re.I,
    )
    count = re.compile(r"^\s*" + about + r"(?P<n>" + _NUMBER + r")\s*\+?(?:\s+[^\W\d_][\w-]*){0,3}" + _YEAR_AFTER, re.I)
    return SimpleNamespace(currencies=currencies, scales=scales, money=money, count=count)


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
    p = _patterns()
    m = p.money.match(text)
    if not m or not (m.group("pre") or m.group("post")):
        return None
    code = p.currencies.get((m.group("pre") or m.group("post") or "").casefold(), "")
    if len(code) != 3:
        return None
    value = _number(m.group("n")) * p.scales.get((m.group("scale") or "").casefold(), 1)
    year = m.group("year") or m.group("year2")
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return Amount(value, code, int(year) if year else None)


def count(text: str) -> Count | None:
    """``"45 (2022)"`` → 45 in 2022; ``"c. 200"`` → 200; None unless the value opens with the count."""
    m = _patterns().count.match(text)
    if not m:
        return None
    year = m.group("year") or m.group("year2")
    return Count(int(_number(m.group("n"))), int(year) if year else None)
