"""Conference tables: editions of the network's conference series (``| Year | City | Country | Theme |``),
each with its year, place(s) and theme, linked to the series, never read as projects.

A table is one when it has a year column and a venue column, and its section names a conference
(or it has a Theme column). A row that names two cities ("Lisbon and Porto") has two places.
"""

from __future__ import annotations

import re

from rdflib import Literal

from kg.core.dates import YEAR
from kg.core.iris import Ref
from kg.core.resources import lexicon
from kg.core.text import fold
from kg.core.vocab import KGO
from kg.mapping.rows import TableView, keep_row
from kg.mapping.sink import unwiki

_YEAR = re.compile(r"\b(" + YEAR + r")\b")
_AND = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*")


def _columns(view: TableView, names: list[str]) -> list[int]:
    wanted = set(names)
    return [i for i, header in enumerate(view.table.columns) if fold(header) in wanted]


def _year_column(view: TableView) -> int | None:
    for i, (header, role) in enumerate(zip(view.table.columns, view.roles, strict=True)):
        texts = [row[i].text for row in view.table.rows if row[i].text]
        is_year = role in ("year", "timeframe", "start") or fold(header) in ("year", "edition", "date")
        if is_year and texts and all(_YEAR.search(t) for t in texts):
            return i
    return None


class ConferenceEditions:
    name = "conference editions"

    def detect(self, view: TableView) -> bool:
        words = lexicon()["conferences"]
        if _year_column(view) is None or not (_columns(view, words["venue_columns"]) or view.column("city")):
            return False
        named = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", view.title) for w in words["words"])
        return named or bool(_columns(view, words["theme_columns"]))

    def read(self, view: TableView) -> None:
        words = lexicon()["conferences"]
        out, network = view.out, view.network
        year_col = _year_column(view)
        assert year_col is not None
        cities = set(_columns(view, [w for w in words["venue_columns"] if w not in words["host_columns"]]))
        cities |= {i for i, r in enumerate(view.roles) if r == "city"}
        countries = {i for i, r in enumerate(view.roles) if r == "country"}
        themes = set(_columns(view, words["theme_columns"]))
        series_name = f"{view.label} conference"
        series = Ref("conference", (view.scope,))
        if not out.declared(series):  # the prose may have named it already ("an annual conference")
            out.entity(series, KGO.Conference, series_name, view.table.line)
            out.add(network, KGO.conference, series)
            out.add(series, KGO.organiser, network)
        for index, row in enumerate(view.table.rows, 1):
            found = _YEAR.search(row[year_col].text)
            if found is None:
                keep_row(view, row, index=index)
                continue
            year = int(found.group(1))
            edition = out.entity(
                Ref("edition", (network.key[0], str(year))),
                KGO.ConferenceEdition,
                f"{series_name} {year}",
                row[year_col].line,
            )
            out.add(edition, KGO.editionOf, series)
            out.add(edition, KGO.year, out.year(year))
            country = None
            for i in sorted(countries):
                if row[i].text:
                    country = out.country(edition, row[i].text.split(" and ")[0], row[i].line, view.table.columns[i])
            for i, (column, cell) in enumerate(zip(view.table.columns, row, strict=True)):
                if i == year_col or not cell.text or i in countries:
                    continue
                if i in cities:
                    for name in _AND.split(unwiki(cell.text)):
                        if name:
                            out.add(edition, KGO.location, out.city(name.split(",")[0].strip(), country, cell.line))
                elif i in themes:
                    out.add(edition, KGO.theme, out.text(cell.text))
                else:
                    for item in cell.items:
                        out.generic(edition, column, item.text, item.line, where="table column")
            if year_col != 0 and not row[year_col].text.strip()[:4].isdigit():
                out.add(edition, KGO.originalText, Literal(row[year_col].text))
