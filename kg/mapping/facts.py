"""Facts stated in prose and in free-text values: years, counts, funders, coordinators, member counts.

Each function takes text and returns what it found (or None); the mapping decides where it goes.
Patterns are written for the way encyclopaedic articles phrase these facts, not for one article;
their words are data, in ``kg/data/lexicon.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from kg.core.dates import YEAR
from kg.core.resources import lexicon, words
from kg.core.text import squash_spaces
from kg.errors import BadValue as BadValue
from kg.mapping.funding import Funding as Funding
from kg.mapping.funding import funding as funding
from kg.source.model import Value

_YEAR = "(" + YEAR + ")"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

_FOUNDED_INFOBOX = re.compile(r"\b" + _YEAR + r"\b")

_COUNT = r"\d{1,3}(?:[,.\u00a0\u202f]\d{3})+|\d+"  # "30,000", "30.000", "30 000" (a narrow space)


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use (not at import), so that a
    malformed ``lexicon.toml`` is reported as a clear error wherever it is first needed."""
    _LEX = lexicon()
    # "16 November 1946", "November 16, 1946", "Nov. 1946": what may stand before a year in a date
    _MONTH_DAY = (
        r"(?:(?:" + _ORDINAL + r"\.?\s+)?" + words(_LEX["dates"]["months"]) + r"\.?\s+(?:" + _ORDINAL + r",?\s+)?)"
    )
    _F = _LEX["founding"]
    # the date a founding verb is followed by: at once ("founded 1989") or after "in"/"on" ("founded
    # by X in Paris in 1946", "established on 16 November 1946", "founded in the year 1989")
    _WHEN = re.compile(
        r"(?:\s+|[^.;]*?\b(?:in|on)\s+)(?:" + words(_F["year_words"]) + r"\s+)?" + _MONTH_DAY + r"?" + _YEAR + r"\b",
        re.I,
    )
    _STRONG = re.compile(r"\b" + words(_F["strong_verbs"]) + r"\b", re.I)
    _WEAK = re.compile(r"\b" + words(_F["weak_verbs"]) + r"\b", re.I)
    _NOUN = re.compile(r"\b" + words(_F["noun_determiners"]) + r"\s+(?P<noun>" + words(_F["nouns"]) + r")\b", re.I)
    _AUXILIARY = words(_F["passive_auxiliaries"])
    # "In 1973, ASTC was founded": the date before the verb, the verb in the passive, its subject a
    # pronoun ("it"), "the network" or a name ("ASTC", "The Association of Science Centers")
    _SUBJECT = (
        r"(?:"
        + words(_F["subject_pronouns"])
        + r"|the\s+\w+|(?-i:[A-Z][\w.&'-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-Z][\w.&'-]*){0,8}))"
    )
    _DATE_FIRST = re.compile(
        r"\b(?:in|on)\s+"
        + _MONTH_DAY
        + r"?"
        + _YEAR
        + r",?\s+(?P<subject>"
        + _SUBJECT
        + r")\s+"
        + _AUXILIARY
        + r"\s+(?:\w+ly\s+)?(?P<verb>"
        + words(_F["strong_verbs"] + _F["weak_verbs"])
        + r")\b",
        re.I,
    )
    _PASSIVE_BEFORE = re.compile(r"\b" + _AUXILIARY + r"\s+(?:\w+ly\s+)?$", re.I)
    _DATE_AFTER = re.compile(r"\s+" + _MONTH_DAY + r"?" + _YEAR + r"\b", re.I)
    _PARTICIPLE_AFTER = re.compile(r"\s+" + words(_F["participle_prepositions"]) + r"\b", re.I)
    _OBJECT_AFTER = re.compile(r"\s+" + words(_F["object_determiners"]) + r"\b", re.I)
    _RELATIVE = re.compile(r"\b" + words(_F["relative_pronouns"]) + r"\b", re.I)
    # "it was formed under Belgian jurisdiction" is an incorporation, read by :func:`incorporation`
    _UNDER_LAW = re.compile(
        r"\s*,?\s*under\s+(?:the\s+)?(?:\S+\s+){0,3}?" + words(_LEX["incorporation"]["legal_systems"]) + r"\b", re.I
    )
    # case matters here: the country or its adjective is capitalised
    _INCORPORATED = re.compile(
        r"\bIn\s+" + _YEAR + r",?\s+it\s+was\s+" + words(_LEX["incorporation"]["verbs"]) + r"\s+under\s+"
        r"(?:the\s+law\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w]*(?:\s+[A-Z][\w]*)*)"
        r"|(?P<adjective>[A-Z][\w]*)\s+" + words(_LEX["incorporation"]["legal_systems"]) + ")",
    )
    _R = _LEX["reach"]
    _QUALIFIED = r"(?:" + words(_R["qualifiers"]) + r"\s+)*"
    _COUNTRIES = (
        words(_R["prepositions"]) + r"\s+" + _QUALIFIED + r"(?P<countries>\d+)\s+(?:\w+\s+)?" + words(_R["countries"])
    )
    _REACH = re.compile(
        r"\b" + _QUALIFIED + r"(?P<institutions>" + _COUNT + r")\s+(?:[^\W\d_][\w-]*\s+){0,2}?"
        r"(?P<noun>" + words(_R["nouns"]) + r")(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)*?"
        r"\s+" + _COUNTRIES + r"\b",
        re.I,
    )
    _PEOPLE = re.compile(r"\b" + words(_R["person_markers"]) + r"\b", re.I)
    _FREQUENCIES: dict[str, str] = _LEX["conference"]["frequencies"]
    _CONFERENCE = re.compile(r"\b(?P<freq>" + words(_FREQUENCIES) + r")\b(?:\s+\w+){0,3}?\s+conference", re.I)
    _LED_BY = re.compile(
        r"\b(?i:" + words(_LEX["coordination"]["verbs"]) + r")\s+by\s+(?:the\s+)?"
        r"(?P<name>[A-Z][^,;.()]*?)(?=\s*(?:,|;|\.|\(|$)|\s+and\s+[a-z])"
    )
    _PERSON_TITLE = re.compile(r"^" + words(_LEX["coordination"]["person_titles"]) + r"\b")
    _T = _LEX["timeframe"]
    _OPEN_END = words(_T["open_end"])
    _TIMEFRAME = re.compile(
        r"^\s*(?P<since>" + words(_T["open_start"]) + r"\s+)?" + _MONTH_DAY + r"?(?P<start>" + YEAR + r")\s*"
        r"(?:(?P<to>-|–|—|" + words(_T["range_words"]) + r")\s*"
        r"(?P<end>" + _MONTH_DAY + r"?\d{2,4}|" + _OPEN_END + r")?)?\s*$",
        re.I,
    )
    # a year column's value may be a date: "2018", "1 January 2018", "2018-01-01", "01/2018", "1.3.2018"
    _YEAR_CELL = re.compile(
        r"\s*(?:" + _MONTH_DAY + r"?(?P<text>" + YEAR + r")|(?P<iso>" + YEAR + r")-\d{1,2}(?:-\d{1,2})?"
        r"|(?:\d{1,2}[./-]){1,2}(?P<numeric>" + YEAR + r"))\s*",
        re.I,
    )
    _MEMBERSHIP = _LEX["membership"]
    # "600+ member institutions in almost 50 countries (2023)[1]": the leading count and its qualifier
    # "600+ member institutions in almost 50 countries (2023)[1]", "40 science centres and museums",
    # "over 300 member organisations, from 40 countries": the leading count and its qualifier; the
    # noun phrase after it is the count's wording, left to the reader
    _MEMBERS = re.compile(
        r"^\s*(?P<qualifier>" + words(_MEMBERSHIP["at_least"] + _MEMBERSHIP["about"] + _MEMBERSHIP["at_most"]) + r")?"
        r"\s*(?P<n>" + _COUNT + r")\s*(?P<plus>\+)?\s*(?:[-–]\s*(?P<upper>" + _COUNT + r"))?"
        r"(?:(?:\s+|\s*[,(]\s*)[^\d\s].*)?$",
        re.I | re.S,
    )
    # case matters: "No." is an abbreviation, "no." ends a sentence; a single letter is an initial
    _ABBREVIATION = re.compile(r"(?:\b" + words(_LEX["sentences"]["abbreviations"]) + r"|\b[A-Za-z])\.$")
    _OPEN_ENDED = {"", "-", "–", *_T["open_end"]}
    # "Dr.", "Prof. Dr.", "Sir" before a person's name
    HONORIFIC = re.compile(r"(?:" + words(lexicon()["people"]["honorifics"]) + r"(?:\s+|$))+")
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("__")})


@dataclass(frozen=True)
class Found:
    """A fact found in prose, with the offset in the text where its phrase starts (for provenance)."""

    value: int | str
    start: int


def _clause_before(text: str, start: int) -> str:
    return re.split(r"[,;(]", text[:start])[-1]


def _founding_candidates(text: str) -> list[tuple[int, int, int]]:
    """(rank, offset, year) for every founding phrase in ``text``: rank 0 a strong verb, 1 a weak one."""
    found = []
    for rank, verbs in enumerate((_patterns()._STRONG, _patterns()._WEAK)):
        for verb in verbs.finditer(text):
            when = _patterns()._WHEN.match(text, verb.end())
            after = text[verb.end() :]
            if (
                when is None
                or _patterns()._RELATIVE.search(_clause_before(text, verb.start()))
                or _patterns()._OBJECT_AFTER.match(after)
                or _patterns()._UNDER_LAW.match(after)
                or _patterns()._UNDER_LAW.match(text, when.end())
            ):
                continue
            # a weak verb only in the passive or as a participle: "was launched in", "initiated in 1989"
            if rank and not (
                _patterns()._PASSIVE_BEFORE.search(text[: verb.start()])
                or _patterns()._PARTICIPLE_AFTER.match(after)
                or _patterns()._DATE_AFTER.match(after)
            ):
                continue
            found.append((rank, verb.start(), int(when.group(1))))
    for noun in _patterns()._NOUN.finditer(text):  # "since its foundation in 1990"
        when = _patterns()._WHEN.match(text, noun.end())
        if when and not _patterns()._RELATIVE.search(_clause_before(text, noun.start())):
            found.append((0, noun.start("noun"), int(when.group(1))))
    for m in _patterns()._DATE_FIRST.finditer(text):  # "In 1973, ASTC was founded"
        if _patterns()._RELATIVE.search(m.group("subject")) or _patterns()._UNDER_LAW.match(text, m.end()):
            continue
        weak = _patterns()._STRONG.fullmatch(m.group("verb")) is None
        found.append((int(weak), m.start(), int(m.group(1))))
    return found


def founding_year(text: str) -> Found | None:
    """The year in "founded in 1989", "an organisation initiated in 1989", "established on 16 November 1946".

    A strong verb (founded, established) wins over a weak one (launched, started), which counts only
    in the passive or as a participle: "it launched its award in 2015" is not a founding. Nothing is
    read from a relative clause ("a partner, which was founded in 1850") or an incorporation ("formed
    under Belgian law").
    """
    found = _founding_candidates(text)
    if not found:
        return None
    _, start, year = min(found)
    return Found(year, start)


def year_in(text: str) -> int | None:
    """The first year in a value such as ``"1989"`` or ``"1989 in Brussels"``."""
    m = _FOUNDED_INFOBOX.search(text)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Incorporation:
    year: int
    country: str  # a country name or adjective, for :func:`kg.mapping.article.places.find_country`
    start: int


def incorporation(text: str) -> Incorporation | None:
    m = _patterns()._INCORPORATED.search(text)
    if not m:
        return None
    return Incorporation(int(m.group(1)), m.group("country") or m.group("adjective"), m.start())


@dataclass(frozen=True)
class Reach:
    institutions: int
    countries: int
    start: int


def reach(text: str) -> Reach | None:
    """``"over 400 institutions in 50 countries"`` → Reach(400, 50, offset).

    Also "more than 80 science centres and museums in 15 countries", "institutions from over 30
    countries". "50,000 members" in a text that speaks of individual members or professionals may
    count people, not institutions: None.
    """
    m = _patterns()._REACH.search(text)
    if not m:
        return None
    if m.group("noun").casefold() in _patterns()._R["person_ambiguous_nouns"] and _patterns()._PEOPLE.search(text):
        return None
    return Reach(_number(m.group("institutions")), int(m.group("countries")), m.start("institutions"))


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def conference_frequency(text: str) -> Found | None:
    m = _patterns()._CONFERENCE.search(text)
    return Found(_patterns()._FREQUENCIES[squash_spaces(m.group("freq").lower())], m.start()) if m else None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph with their offsets; a full stop followed by a capital ends one."""
    found, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _patterns()._ABBREVIATION.search(text, start, m.start()):
            continue  # "St. Louis", "e.g. Ecsite": not the end of a sentence
        found.append((start, text[start : m.start()]))
        start = m.end()
    found.append((start, text[start:]))
    return [(offset, sentence) for offset, sentence in found if sentence.strip()]


def led_by(text: str) -> str | None:
    """The organisation an abstract says leads or coordinates the project.

    The name ends at a comma, a full stop, a parenthesis or " and " before a lower-case word
    ("coordinated by Museum Booster GmbH and funded by the EU"). A person ("Led by Dr. Jane Smith",
    known by a title) is not a coordinating organisation and is skipped.
    """
    for m in _patterns()._LED_BY.finditer(text):
        if not _patterns()._PERSON_TITLE.match(m.group("name")):
            return m.group("name").strip()
    return None


def timeframe(text: str) -> tuple[int, int | None]:
    """``"2020-2023"`` → (2020, 2023); ``"2021–"``, ``"2021-present"`` or ``"since 2021"`` → (2021, None);
    ``"2019-21"`` → (2019, 2021); ``"1 March 2016 – 28 February 2021"`` → (2016, 2021)."""
    m = _patterns()._TIMEFRAME.match(text)
    if not m:
        raise BadValue(f"timeframe {text!r} is not a year or a year range; expected e.g. '2020-2023' or '2021'")
    start, end = int(m.group("start")), m.group("end")
    if end is None:
        return start, (None if m.group("since") or m.group("to") else start)
    digits = re.search(r"\d+$", end)
    if digits is None:
        return start, None
    end = digits.group()
    if len(end) == 2:  # "2019-21"; "1999-01" crosses a century
        short = int(str(start)[:2] + end)
        return start, short if short >= start else short + 100
    if len(end) != 4:
        raise BadValue(f"timeframe {text!r} has an end year of {len(end)} digits; expected 4 (or 2)")
    return start, int(end)


def year(text: str) -> int | None:
    """A year column's value, possibly a date ("1 January 2018", "2018-01-01", "01/2018"); an open end gives None."""
    if text.strip().casefold() in _patterns()._OPEN_ENDED:
        return None
    m = _patterns()._YEAR_CELL.fullmatch(text)
    if not m:
        raise BadValue(f"{text!r} is not a year; expected four digits such as '2021' (or a date)")
    return int(m.group("text") or m.group("iso") or m.group("numeric"))


@dataclass(frozen=True)
class MemberCount:
    value: int | None = None
    minimum: int | None = None
    maximum: int | None = None


def member_count(text: str) -> MemberCount | None:
    """``"Over 400"`` → minimum 400; ``"About 250"`` → value 250; ``"100-150"`` → 100..150; else None.

    Words after the count, "in almost 50 countries" and "(2023)" are left aside: ``"600+ member
    institutions in almost 50 countries"`` → minimum 600; ``"~80 institutions"`` → value 80.
    """
    m = _patterns()._MEMBERS.match(text)
    if not m or re.search(r",\s+\d", text[m.end("n") :]):  # "400 in 2019, 500 in 2020": which one?
        return None
    n = _number(m.group("n"))
    q = squash_spaces((m.group("qualifier") or "").lower())
    if m.group("upper"):
        return MemberCount(minimum=n, maximum=_number(m.group("upper")))
    if m.group("plus") or q in _patterns()._MEMBERSHIP["at_least"]:
        return MemberCount(minimum=n)
    if q in _patterns()._MEMBERSHIP["at_most"]:
        return MemberCount(maximum=n)
    return MemberCount(value=n)


# How a key person's item names the role when there are no parentheses
_ROLE_FIRST = re.compile(r"^(?P<role>[^:,()]{2,40}):\s*(?P<name>.+)$")  # "Director: Sigrid Falla"
_ROLE_AFTER = re.compile(r"^(?P<name>[^,–—()]+?)\s*(?:,|\s[–—-])\s*(?P<role>[^,()]+)$")  # "Jo Doe, President"
# a time span after the role: "(President and CEO, 2019–2022)", "(Chair; since 2020)"
_ROLE_SPAN = re.compile(r"\s*[,;]?\s*(?:since\s+|from\s+)?\d{4}\s*(?:[-–—]\s*(?:\d{2,4}|present)?)?\s*$", re.I)


def person_and_role(item: Value) -> tuple[str, str | None]:
    """The person and the role in a Key People item, however the article writes them."""
    name, role = item.split_paren()
    if name.startswith("(") and name.endswith(")"):
        return "", name.strip("()").strip() or None
    m = None if role is not None else _ROLE_FIRST.match(name) or _ROLE_AFTER.match(name)
    if m:
        name, role = m.group("name"), m.group("role")
    if role is not None:
        role = _ROLE_SPAN.sub("", role).strip() or None
    return name.strip(), role


def honorific() -> re.Pattern[str]:
    """Titles before a person's name ("Dr.", "Prof."), from the lexicon."""
    return _patterns().HONORIFIC


def opening_year(text: str) -> int | None:
    """The year a value opens with after "from" or "since": "from January 2021, four years" → 2021."""
    lead = words(["from", *_patterns()._T["open_start"]])
    m = re.match(r"\s*" + lead + r"\s+" + _patterns()._MONTH_DAY + r"?(" + YEAR + r")\b", text, re.I)
    return int(m.group(1)) if m else None
