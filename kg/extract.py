"""Facts stated in prose and in free-text values: years, counts, funders, coordinators, member counts.

Each function takes text and returns what it found (or None); the mapping decides where it goes.
Patterns are written for the way encyclopaedic articles phrase these facts, not for one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.resources import lexicon, words

_LEX = lexicon()
_YEAR = r"(1[5-9]\d\d|20\d\d)"
_FOUNDED = re.compile(r"\b" + words(_LEX["founding"]["verbs"]) + r"\b[^.]*?\bin\s+" + _YEAR, re.I)
_RELATIVE = re.compile(r"\b" + words(_LEX["founding"]["relative_pronouns"]) + r"\b", re.I)
_FOUNDED_INFOBOX = re.compile(r"\b" + _YEAR + r"\b")
# case matters here: the country or its adjective is capitalised
_INCORPORATED = re.compile(
    r"\bIn\s+" + _YEAR + r",?\s+it\s+was\s+" + words(_LEX["incorporation"]["verbs"]) + r"\s+under\s+"
    r"(?:the\s+law\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w]*(?:\s+[A-Z][\w]*)*)"
    r"|(?P<adjective>[A-Z][\w]*)\s+" + words(_LEX["incorporation"]["legal_systems"]) + ")",
)
_REACH = re.compile(
    r"\b(?:"
    + words(_LEX["reach"]["qualifiers"])
    + r"\s+)*(?P<institutions>\d[\d,]*)\s+"
    + words(_LEX["reach"]["nouns"])
    + r"\s+"
    + words(_LEX["reach"]["prepositions"])
    + r"\s+"
    r"(?P<countries>\d+)\s+countries",
    re.I,
)
_FREQUENCIES: dict[str, str] = _LEX["conference"]["frequencies"]
_CONFERENCE = re.compile(r"\b(?P<freq>" + words(_FREQUENCIES) + r")\b(?:\s+\w+){0,3}?\s+conference", re.I)
_LED_BY = re.compile(
    r"\b(?i:" + words(_LEX["coordination"]["verbs"]) + r")\s+by\s+(?:the\s+)?"
    r"(?P<name>[A-Z][^,;.()]*?)(?=\s*(?:,|;|\.|\(|\s+and\s+with\b|$))"
)
_OPEN_END = words(_LEX["timeframe"]["open_end"])
_TIMEFRAME = re.compile(
    r"^\s*" + _YEAR + r"\s*(?:(?:-|–|—|" + words(_LEX["timeframe"]["range_words"]) + r")\s*"
    r"(?P<end>\d{2,4}|" + _OPEN_END + r")?)?\s*$",
    re.I,
)
_POSSESSIVE = re.compile(r"^(?P<funder>.+?)\s*(?:´|'|’)s\s+(?P<programme>.+)$")
_OF_THE = re.compile(
    r"^(?P<programme>.+?\b" + words(_LEX["funding"]["programme_heads"]) + r")\s+of\s+(?:the\s+)?(?P<funder>.+)$"
)
_PAREN_FUNDER = re.compile(r"^(?P<programme>.+?)\s*\((?P<funder>[^()]+)\)$")
_PROGRAMME_WORD = re.compile(r"\b" + words(_LEX["funding"]["programme_words"]) + r"(?!\w)", re.I)
_MEMBERSHIP = _LEX["membership"]
_MEMBERS = re.compile(
    r"^\s*(?P<qualifier>" + words(_MEMBERSHIP["at_least"] + _MEMBERSHIP["about"] + _MEMBERSHIP["at_most"]) + r")?"
    r"\s*(?P<n>\d[\d,.\s]*\d|\d)\s*(?P<plus>\+)?\s*(?:[-–]\s*(?P<upper>\d[\d,]*))?\s*"
    r"(?:" + words(_MEMBERSHIP["nouns"]) + r")?\s*(?:\(.*\))?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A fact found in prose, with the offset in the text where its phrase starts (for provenance)."""

    value: int | str
    start: int


def founding_year(text: str) -> Found | None:
    """The year in "founded in 1989"; not in a relative clause ("a partner, which was founded in 1850")."""
    for m in _FOUNDED.finditer(text):
        clause = re.split(r"[,;(]", text[: m.start()])[-1]
        if not _RELATIVE.search(clause):
            return Found(int(m.group(1)), m.start())
    return None


def year_in(text: str) -> int | None:
    """The first year in a value such as ``"1989"`` or ``"1989 in Brussels"``."""
    m = _FOUNDED_INFOBOX.search(text)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Incorporation:
    year: int
    country: str  # a country name or adjective, for :func:`kg.places.find_country`
    start: int


def incorporation(text: str) -> Incorporation | None:
    m = _INCORPORATED.search(text)
    if not m:
        return None
    return Incorporation(int(m.group(1)), m.group("country") or m.group("adjective"), m.start())


@dataclass(frozen=True)
class Reach:
    institutions: int
    countries: int
    start: int


def reach(text: str) -> Reach | None:
    """``"over 400 institutions in 50 countries"`` → Reach(400, 50, offset)."""
    m = _REACH.search(text)
    if not m:
        return None
    return Reach(int(m.group("institutions").replace(",", "")), int(m.group("countries")), m.start("institutions"))


def conference_frequency(text: str) -> Found | None:
    m = _CONFERENCE.search(text)
    return Found(_FREQUENCIES[" ".join(m.group("freq").lower().split())], m.start()) if m else None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")


# case matters: "No." is an abbreviation, "no." ends a sentence; a single letter is an initial
_ABBREVIATION = re.compile(r"(?:\b" + words(_LEX["sentences"]["abbreviations"]) + r"|\b[A-Za-z])\.$")


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph with their offsets; a full stop followed by a capital ends one."""
    found, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, start, m.start()):
            continue  # "St. Louis", "e.g. Ecsite": not the end of a sentence
        found.append((start, text[start : m.start()]))
        start = m.end()
    found.append((start, text[start:]))
    return [(offset, sentence) for offset, sentence in found if sentence.strip()]


def led_by(text: str) -> str | None:
    """The organisation an abstract says leads or coordinates the project."""
    m = _LED_BY.search(text)
    return m.group("name").strip() if m else None


class BadValue(ValueError):
    """A value that does not have the expected form; the message says what was expected."""


def timeframe(text: str) -> tuple[int, int | None]:
    """``"2020-2023"`` → (2020, 2023); ``"2021–"`` or ``"2021-present"`` → (2021, None); ``"2019-21"`` → (2019, 2021)."""
    m = _TIMEFRAME.match(text)
    if not m:
        raise BadValue(f"timeframe {text!r} is not a year or a year range; expected e.g. '2020-2023' or '2021'")
    start, end = int(m.group(1)), m.group("end")
    if end is None:
        return start, (start if "-" not in text and "–" not in text else None)
    if not end.isdigit():
        return start, None
    if len(end) == 2:  # "2019-21"; "1999-01" crosses a century
        short = int(str(start)[:2] + end)
        return start, short if short >= start else short + 100
    if len(end) != 4:
        raise BadValue(f"timeframe {text!r} has an end year of {len(end)} digits; expected 4 (or 2)")
    return start, int(end)


_OPEN_ENDED = {"", "-", "–", *_LEX["timeframe"]["open_end"]}


def year(text: str) -> int | None:
    """A year column's value; ``present``/``ongoing`` (an open end) gives None."""
    if text.strip().casefold() in _OPEN_ENDED:
        return None
    m = re.fullmatch(r"\s*" + _YEAR + r"\s*", text)
    if not m:
        raise BadValue(f"{text!r} is not a year; expected four digits such as '2021'")
    return int(m.group(1))


@dataclass(frozen=True)
class Funding:
    funder: str | None
    programme: str | None


def funding(text: str) -> Funding:
    """Split a funder string into funder and programme.

    ``"European Union´s Horizon 2020 Framework Programme"`` → (European Union, Horizon 2020 ...);
    ``"Erasmus+ Programme of the European Union"`` → (European Union, Erasmus+ Programme);
    ``"Horizon 2020 (European Commission)"`` → (European Commission, Horizon 2020).
    """
    text = text.strip()
    for pattern in (_POSSESSIVE, _OF_THE, _PAREN_FUNDER):
        m = pattern.match(text)
        if m and _PROGRAMME_WORD.search(m.group("programme")):
            funder = re.sub(r"^the\s+", "", m.group("funder").strip(), flags=re.I)
            return Funding(funder, m.group("programme").strip())
    if _PROGRAMME_WORD.search(text):
        return Funding(None, text)
    m = _PAREN_FUNDER.match(text)
    if m:  # "Fundação para a Ciência e a Tecnologia (FCT)": a funder and its acronym
        return Funding(m.group("programme").strip(), None)
    return Funding(text, None)


@dataclass(frozen=True)
class MemberCount:
    value: int | None = None
    minimum: int | None = None
    maximum: int | None = None


def member_count(text: str) -> MemberCount | None:
    """``"Over 400"`` → minimum 400; ``"About 250"`` → value 250; ``"100-150"`` → 100..150; else None."""
    m = _MEMBERS.match(text)
    if not m:
        return None
    digits = re.sub(r"[,.\s]", "", m.group("n"))
    if not digits.isdigit():
        return None
    n = int(digits)
    q = " ".join((m.group("qualifier") or "").lower().split())
    if m.group("upper"):
        return MemberCount(minimum=n, maximum=int(m.group("upper").replace(",", "")))
    if m.group("plus") or q in _MEMBERSHIP["at_least"]:
        return MemberCount(minimum=n)
    if q in _MEMBERSHIP["at_most"]:
        return MemberCount(maximum=n)
    return MemberCount(value=n)
