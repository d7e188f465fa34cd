"""Project tables: each row a project, with its years, participants, coordinator, funders and more.

A table is a project table when its columns include a name column and at least one other column
the mapping knows (timeframe, participants, funders, abstract, website, coordinator), or when it
stands in a section about projects, and its names are not people's names or years.
"""

from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace

from rdflib import Literal

from kg.core.dates import YEAR_WORD
from kg.core.iris import Ref
from kg.core.resources import lexicon, words
from kg.core.vocab import KGO
from kg.mapping import facts as extract
from kg.mapping.rows import TableView, keep_row
from kg.mapping.sink import ArticleGraph
from kg.source.model import Cell, Table

PROJECT_ROLES = {"timeframe", "start", "end", "participants", "funder", "abstract", "website", "coordinator"}
# ", Deutscher Museumsbund": a comma followed by a capitalised name (a list written with commas)
_COMMA_NAMES = re.compile(r",\s+[A-Z]")


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use (not at import), so that a
    malformed ``lexicon.toml`` is reported as a clear error wherever it is first needed."""
    _TAKES_PART = re.compile(r"\b" + words(lexicon()["tables"]["network_takes_part"]) + r"\b", re.I)
    # a Role column's value that makes the article's network the project's coordinator
    _LEADS = re.compile(r"\b" + words(lexicon()["tables"]["network_leads"]) + r"\b", re.I)
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("__")})


class Projects:
    """Rows that are projects."""

    name = "projects"

    def detect(self, view: TableView) -> bool:
        roles = view.roles
        if "name" not in roles or not ("project" in view.title or PROJECT_ROLES & set(roles)):
            return False
        names = [row[roles.index("name")].text for row in view.table.rows if row[roles.index("name")].text]
        # years are never projects' names (a table of conference years); people's are caught before,
        # by the office-holder kind, whose tables name a post
        return not names or sum(n[:4].isdigit() for n in names) * 2 < len(names)

    def read(self, view: TableView) -> None:
        _ProjectTable(view).run()


class _ProjectTable:
    def __init__(self, view: TableView) -> None:
        self.view = view
        self.table: Table = view.table
        self.roles = view.roles
        self.out: ArticleGraph = view.out
        self.network: Ref = view.network
        self.name_col = view.roles.index("name")

    def run(self) -> None:
        for index, row in enumerate(self.table.rows, 1):
            name = row[self.name_col]
            if not name.text:
                self.out.warn(
                    name.line,
                    f"project row has an empty {self.table.columns[self.name_col]!r} cell; "
                    "the row is kept as a record, not a project",
                )
                keep_row(self.view, row, index=index)
                continue
            self.pending: list[tuple[str, Cell]] = []
            start, end = self.years(row)
            # A project is identified by its name and timeframe, so that the same project listed by
            # two networks is one entity, while two projects that only share a name are not merged.
            # Years keep their position (an unknown one is empty), so a start year is never read as an end.
            key = (name.text,) if start is end is None else (name.text, _year_key(start), _year_key(end))
            project = self.out.entity(Ref("project", key), KGO.Project, name.text, name.line)
            self.out.add(self.network, KGO.involvedIn, project)
            self.out.derived(self.network, name.line)
            if start is not None:
                self.out.add(project, KGO.startYear, self.out.year(start))
            if end is not None:
                self.out.add(project, KGO.endYear, self.out.year(end))
            participants: dict[Ref, str] = {}
            coordinators: list[tuple[str, int]] = []
            for i, (column, role, cell) in enumerate(zip(self.table.columns, self.roles, row, strict=True)):
                if not cell.text or i == self.name_col or role in ("timeframe", "start", "end"):
                    continue
                if role in ("name", "title"):  # | Acronym | Title |: the title is the project's full name
                    self.out.add(project, KGO.fullName, Literal(cell.text))
                    continue
                if role == "network_role":  # | Role | Lead |: the network's part in the project
                    if _patterns()._LEADS.search(cell.text):
                        coordinators.append((self.network.key[0], cell.line))
                    elif _patterns()._TAKES_PART.search(cell.text):
                        participants[self.network] = self.network.key[0]
                        self.out.add(project, KGO.participant, self.network)
                    else:
                        self.out.generic(project, column, cell.text, cell.line, where="table column")
                    continue
                if role == "participants" or role == "coordinator":
                    if ";" not in cell.text and not cell.quoted and _COMMA_NAMES.search(cell.text):
                        self.out.warn(
                            cell.line,
                            f"{column!r} cell {cell.text!r} is read as one name; if it lists several, "
                            "separate them with ';'",
                        )
                    for item in cell.items:
                        org = self.out.organisation(item.text, item.line)
                        participants[org] = item.text
                        self.out.add(project, KGO.participant, org)
                        if role == "coordinator":
                            coordinators.append((item.text, item.line))
                elif role == "abstract":
                    self.out.add(project, KGO.abstract, self.out.text(cell.text))
                    if leader := extract.led_by(cell.text):
                        coordinators.append((leader, cell.line))
                elif role == "website":
                    self.out.web_page(project, KGO.website, cell.text, cell.line)
                elif role == "funder":
                    self.funders(project, cell)
                else:
                    for item in cell.items:
                        self.out.generic(project, column, item.text, item.line, where="table column")
            self.coordinators(project, coordinators, participants)
            for column, cell in self.pending:  # already reported, as a value not read
                self.out.generic(project, column, cell.text, cell.line, where="table column", quiet=True)

    def years(self, row: tuple[Cell, ...]) -> tuple[int | None, int | None]:
        """Start and end year from a timeframe column, or from start / end columns.

        A value that cannot be read as years ("Spring 2021", "36 months") is kept as text, with a
        warning; when it opens with a start date ("from January 2021, four years") that year is the
        start year.
        """
        start = end = None
        for column, role, cell in zip(self.table.columns, self.roles, row, strict=True):
            if not cell.text or role not in ("timeframe", "start", "end"):
                continue
            try:
                if role == "timeframe":
                    start, end = extract.timeframe(cell.text)
                elif role == "start":
                    start = extract.year(cell.text)
                else:
                    end = extract.year(cell.text)
            except extract.BadValue as exc:
                self.pending.append((column, cell))
                if role != "end" and (since := extract.opening_year(cell.text)) is not None:
                    start = since
                    self.out.warn(cell.line, f"{exc}; read {since} as the start year and kept the value as text")
                elif YEAR_WORD.search(cell.text):
                    self.out.warn(cell.line, f"{exc}; kept as text")
                else:
                    self.out.warn(cell.line, f"{column!r} value {cell.text!r} has no year; kept as text")
        return start, end

    def funders(self, project: Ref, cell: Cell) -> None:
        for item in cell.items:
            found = extract.funding(item.text)
            funder = programme = None
            if found.funder:
                funder = self.out.organisation(found.funder, item.line, KGO.Funder)
                self.out.add(project, KGO.funder, funder)
            if found.programme:
                programme = self.out.entity(
                    Ref("programme", (found.programme,)), KGO.FundingProgramme, found.programme, item.line
                )
                self.out.add(project, KGO.fundingProgramme, programme)
                if funder is not None:
                    self.out.add(programme, KGO.fundingBody, funder)
            if found.acronym and (named := funder or programme) is not None:
                self.out.add(named, KGO.acronym, Literal(found.acronym))
            if found.grant:
                self.out.generic(project, "grant agreement", found.grant, item.line, where="funder string", quiet=True)

    def coordinators(self, project: Ref, named: list[tuple[str, int]], participants: dict[Ref, str]) -> None:
        """A coordinator is named in a column or in the abstract ("Led by ..."); it should be a participant."""
        for name, line in named:
            ref = Ref("organisation", (self.out.canonical(name),))
            if ref not in participants:
                if ref == self.network:
                    participants[ref] = name
                else:
                    self.out.warn(
                        line,
                        f"coordinator {name!r} is not among the project's participants; "
                        "if it is one of them under another name, add an alias to the alias list",
                    )
                ref = self.out.organisation(name, line)
                self.out.add(project, KGO.participant, ref)
            self.out.add(project, KGO.coordinator, ref)


def _year_key(year: int | None) -> str:
    return "" if year is None else str(year)
