"""Members tables: each row an organisation the network has as a member, with its city and country."""

from __future__ import annotations

import re

from kg.core.vocab import KGO
from kg.mapping.projects import PROJECT_ROLES
from kg.mapping.rows import TableView, keep_row


def is_count(text: str) -> bool:
    return bool(re.fullmatch(r"[~c.\s]*\d[\d,.\s]*\+?", text.strip())) if text.strip() else True


class Members:
    """| Member | City | Country |, or | Name | Location | Opened | under a "Members" heading."""

    name = "members"

    def detect(self, view: TableView) -> bool:
        roles = view.roles
        if "member" in view.title and "member" not in roles and "name" in roles and not PROJECT_ROLES & set(roles):
            roles[roles.index("name")] = "member"  # | Name | City | Country | under "Members"
        return roles[0] == "member" or (roles.count("member") == 1 and "name" not in roles)

    def read(self, view: TableView) -> None:
        _members(view)


def _members(view: TableView) -> None:
    """A members table: each row an organisation the network has as a member."""
    table, roles, out, network = view.table, view.roles, view.out, view.network
    name_col = roles.index("member")
    for index, row in enumerate(table.rows, 1):
        name = row[name_col]
        if not name.text:
            out.warn(
                name.line, f"member row has an empty {table.columns[name_col]!r} cell; the row is kept as a record"
            )
            keep_row(view, row, index=index, name_col=name_col)
            continue
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
