"""Map the tables of an article: project tables to projects, any other table to records.

A table is a project table when its columns include a name column and at least one other column
the mapping knows (timeframe, participants, funders, abstract, website, coordinator), or when it
stands in a section about projects. Columns are recognised by their header, in any order
(``kg/data/fields.toml``); unknown columns are kept with a generic property.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from types import SimpleNamespace

from rdflib import Literal

from kg.core.dates import YEAR_WORD
from kg.core.iris import Ref
from kg.core.resources import lexicon, words
from kg.core.vocab import KGO
from kg.errors import SourceError
from kg.mapping import facts as extract
from kg.mapping.fields import role_of
from kg.mapping.sink import ArticleGraph, Node
from kg.source.model import Cell, Table

#: The column roles of ``fields.toml`` the table readers understand.
COLUMN_ROLES = frozenset(
    {
        "name",
        "acronym",
        "timeframe",
        "start",
        "end",
        "participants",
        "coordinator",
        "funder",
        "abstract",
        "website",
        "network_role",
        "member",
        "city",
        "country",
    }
)
_PROJECT_ROLES = {"timeframe", "start", "end", "participants", "funder", "abstract", "website", "coordinator"}
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


def map_table(table: Table, section: str | None, *, out: ArticleGraph, network: Ref, scope: str) -> None:
    roles = [role_of("columns", c) for c in table.columns]
    title = (section or "").casefold()
    for i, role in enumerate(roles):
        # "Members: 6,900" is a count of members, not a member organisation
        if role == "member" and all(_is_count(row[i].text) for row in table.rows):
            roles[i] = None
    if "acronym" in roles:  # | Acronym | Title |: a project goes by its acronym; the title is its full name
        roles = ["title" if r == "name" else r for r in roles]
        roles[roles.index("acronym")] = "name"
    in_project_section = "project" in title
    if "name" not in roles and in_project_section and roles[0] is None:
        roles[0] = "name"  # an unlabelled first column in a projects section names the project
    if "member" in title and "member" not in roles and "name" in roles and not _PROJECT_ROLES & set(roles):
        roles[roles.index("name")] = "member"  # | Name | City | Country | under "Members"
    if "name" in roles and (in_project_section or _PROJECT_ROLES & set(roles)):
        _ProjectTable(table, roles, out, network).run()
    elif roles[0] == "member" or (roles.count("member") == 1 and "name" not in roles):
        _members(table, roles, out, network)
    else:
        _records(table, section, out, scope)


def _is_count(text: str) -> bool:
    return bool(re.fullmatch(r"[~c.\s]*\d[\d,.\s]*\+?", text.strip())) if text.strip() else True


class _ProjectTable:
    def __init__(self, table: Table, roles: list[str | None], out: ArticleGraph, network: Ref) -> None:
        self.table, self.roles, self.out, self.network = table, roles, out, network
        self.name_col = roles.index("name")

    def fail(self, cell: Cell, message: str) -> SourceError:
        return SourceError(message, path=self.out.path, line=cell.line)

    def run(self) -> None:
        for row in self.table.rows:
            name = row[self.name_col]
            if not name.text:
                raise self.fail(
                    name,
                    f"project row has an empty {self.table.columns[self.name_col]!r} cell; expected the project's name",
                )
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
            for column, cell in self.pending:
                self.out.generic(project, column, cell.text, cell.line, where="table column")

    def years(self, row: tuple[Cell, ...]) -> tuple[int | None, int | None]:
        """Start and end year from a timeframe column, or from start / end columns.

        A value with a year that cannot be read ("Spring 2021") is an error naming the line; one with
        no year at all ("36 months" in a Duration column) is kept as text, with a warning.
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
                if YEAR_WORD.search(cell.text):
                    raise self.fail(cell, str(exc)) from None
                self.out.warn(cell.line, f"{column!r} value {cell.text!r} has no year; kept as text")
                self.pending.append((column, cell))
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


def _members(table: Table, roles: list[str | None], out: ArticleGraph, network: Ref) -> None:
    """A members table: each row an organisation the network has as a member."""
    name_col = roles.index("member")
    for row in table.rows:
        name = row[name_col]
        if not name.text:
            raise SourceError(
                f"member row has an empty {table.columns[name_col]!r} cell; expected a name",
                path=out.path,
                line=name.line,
            )
        member = out.organisation(name.text, name.line)
        out.add(network, KGO.hasMember, member)
        out.derived(network, name.line)
        country = None
        for column, role, cell in zip(table.columns, roles, row, strict=True):
            if not cell.text or role == "member":
                continue
            if role == "country":
                country = out.country(member, cell.text, cell.line, column)
                if country is not None:
                    out.add(member, KGO.country, country)
            elif role == "website":
                out.web_page(member, KGO.website, cell.text, cell.line)
            elif role != "city":
                for item in cell.items:
                    out.generic(member, column, item.text, item.line, where="table column")
        for role, cell in zip(roles, row, strict=True):
            if role == "city" and cell.text:
                out.add(member, KGO.city, out.city(cell.text, country, cell.line))


def _year_key(year: int | None) -> str:
    return "" if year is None else str(year)


def _records(table: Table, section: str | None, out: ArticleGraph, scope: str) -> None:
    """Rows of a table the mapping does not recognise, kept as kgo:Record entities.

    A record is identified by its article, section, and first cell (its position in the table when
    that cell is empty or repeated), not by its line, so that editing text above it keeps its IRI.
    """
    out.warn(
        table.line,
        f"table with columns {table.columns} in section {section!r} is not a project table; "
        "its rows are kept as kgo:Record entities with generic properties",
    )
    firsts = Counter(row[0].text for row in table.rows)
    for index, row in enumerate(table.rows, start=1):
        label = row[0].text or f"row {index}"
        ident = row[0].text if row[0].text and firsts[row[0].text] == 1 else f"row {index}"
        key = (scope, section or "", table.columns[0], ident)
        record: Node = out.entity(Ref("record", key), KGO.Record, label, row[0].line)
        for column, cell in zip(table.columns, row, strict=True):
            for item in cell.items:
                out.generic(record, column, item.text, item.line, where="table column")
