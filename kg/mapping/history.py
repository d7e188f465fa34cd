"""Dated history bullets ("1963: Foundation of …", "13 March 1986: …") as the network's history
events, each with its date (a year, a month or a day), in the order of their dates."""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import XSD

from kg.core.dates import YEAR
from kg.core.iris import Ref
from kg.core.resources import lexicon
from kg.core.vocab import KGO, SCHEMA
from kg.mapping.sink import ArticleGraph, unwiki
from kg.source.model import Value


def _months() -> dict[str, int]:
    """Month names and abbreviations (the lexicon's) → the month's number, by their first three letters."""
    names: list[str] = lexicon()["dates"]["months"]
    full = [n.casefold() for n in names[:12]]
    return {name.casefold(): next(i for i, f in enumerate(full, 1) if f[:3] == name.casefold()[:3]) for name in names}


def event_date(text: str) -> tuple[Literal, str] | None:
    """``"13 March 1986: text"`` → (1986-03-13 as xsd:date, "text"); a year or month alone is kept as
    precise as it is written (xsd:gYear, xsd:gYearMonth). None unless the item opens with a date."""
    months = "|".join(re.escape(m) for m in sorted(_months(), key=len, reverse=True))
    m = re.match(
        rf"^\s*(?:(?P<day>\d{{1,2}})\s+)?(?:(?P<month>{months})\.?\s+)?(?P<day2>\d{{1,2}},\s+)?(?P<year>{YEAR})\s*[:–—-]\s+(?P<text>.+)$",
        text,
        re.I,
    )
    if not m:
        return None
    year = int(m.group("year"))
    month = _months().get((m.group("month") or "").casefold())
    day = m.group("day") or (m.group("day2") or "").strip(", ")
    if month and day:
        value = Literal(f"{year:04d}-{month:02d}-{int(day):02d}", datatype=XSD.date)
    elif month:
        value = Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
    else:
        value = Literal(f"{year:04d}", datatype=XSD.gYear)
    return value, m.group("text").strip()


def is_history(items: tuple[Value, ...]) -> bool:
    """A list is a history when most of its items open with a date."""
    return bool(items) and sum(event_date(i.text) is not None for i in items) * 3 >= len(items) * 2


def history_events(items: tuple[Value, ...], *, out: ArticleGraph, network: Ref, scope: str, label: str) -> None:
    """Each dated item an event of ``network``'s history; an item without a date is kept as text."""
    for n, item in enumerate(items, 1):
        found = event_date(item.text)
        if found is None:
            out.generic(network, "history", item.text, item.line, where="bullet list in section")
            continue
        date, text = found
        event = out.entity(Ref("event", (scope, str(date), str(n))), KGO.HistoryEvent, f"{label}, {date}", item.line)
        out.add(event, KGO.eventOf, network)
        out.add(event, KGO.date, date)
        out.add(event, SCHEMA.description, out.text(unwiki(text)))
