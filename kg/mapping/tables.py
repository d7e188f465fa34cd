"""Map the tables of an article: each table is read by the first kind that recognises it.

The kinds register in :data:`TABLE_KINDS`, each a :class:`~kg.mapping.rows.TableKind` with
``detect()`` and ``read()``: office holders, conference editions, projects, members; a table no
kind recognises is kept row by row as records. Columns are recognised by their header, in any
order (``kg/data/fields.toml``); unknown columns are kept with a generic property.
"""

from __future__ import annotations

from kg.core.iris import Ref
from kg.mapping.conferences import ConferenceEditions
from kg.mapping.fields import role_of
from kg.mapping.members import Members, is_count
from kg.mapping.offices import OfficeHolders
from kg.mapping.projects import Projects
from kg.mapping.rows import Records, TableKind, TableView, keep_ragged
from kg.mapping.sink import ArticleGraph
from kg.source.model import Table

#: The column roles of ``fields.toml`` the table readers understand.
COLUMN_ROLES = frozenset(
    {
        "name",
        "acronym",
        "timeframe",
        "start",
        "end",
        "year",
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
#: The table kinds, tried in this order; the last recognises every table.
TABLE_KINDS: tuple[TableKind, ...] = (OfficeHolders(), ConferenceEditions(), Projects(), Members(), Records())


def map_table(
    table: Table, section: str | None, *, out: ArticleGraph, network: Ref, scope: str, label: str = ""
) -> str:
    """Map one table; returns the name of the kind that read it."""
    roles = [role_of("columns", c) for c in table.columns]
    for i, role in enumerate(roles):
        # "Members: 6,900" is a count of members, not a member organisation
        counts = sum(is_count(row[i].text) for row in table.rows)
        if role == "member" and counts * 3 >= len(table.rows) * 2:
            roles[i] = None
    if "acronym" in roles:  # | Acronym | Title |: a project goes by its acronym; the title is its full name
        roles = ["title" if r == "name" else r for r in roles]
        roles[roles.index("acronym")] = "name"
    if "name" not in roles and "project" in (section or "").casefold() and roles[0] is None:
        roles[0] = "name"  # an unlabelled first column in a projects section names the project
    view = TableView(table, roles, section, out, network, scope, label or network.key[0])
    keep_ragged(view)
    kind = next(k for k in TABLE_KINDS if k.detect(view))
    kind.read(view)
    return kind.name
