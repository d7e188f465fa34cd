"""Office-holder tables: people who held a post over a period (``| Years | Name | Institution |``
under "Presidents"), as terms of office (kgo:Tenure), never as projects.

A table is one when a column's cells are mostly people's names, the column or the section names a
post ("President", "Past presidents", "Directors"), and a column gives years. Each row is a
kgo:Tenure of the post with its start year and, unless it is open ("2021–", "2017–present"), its
end year; the Institution column (or "Name (Institution)") gives the person's institution.
"""

from __future__ import annotations

from kg.core.iris import Ref
from kg.core.resources import lexicon
from kg.core.text import fold
from kg.core.vocab import KGO
from kg.errors import BadValue
from kg.mapping import facts as extract
from kg.mapping.people import looks_like_person, person, post, post_name
from kg.mapping.rows import TableView, keep_row
from kg.mapping.sink import unwiki
from kg.source.model import Cell, Value


def _holder_column(view: TableView) -> int | None:
    rows = view.table.rows
    for i, header in enumerate(view.table.columns):
        names = [unwiki(row[i].text).split("(")[0] for row in rows if row[i].text]
        if not names or sum(looks_like_person(n) for n in names) * 3 < len(names) * 2:
            continue
        if post_name(header) or (view.roles[i] in ("name", "member", None) and post_name(view.section or "")):
            return i
    return None


def _term_column(view: TableView) -> int | None:
    terms = set(lexicon()["offices"]["term_columns"])
    for i, (header, role) in enumerate(zip(view.table.columns, view.roles, strict=True)):
        if role in ("timeframe", "start", "year") or fold(header) in terms:
            return i
    return None


class OfficeHolders:
    name = "office holders"

    def detect(self, view: TableView) -> bool:
        return _holder_column(view) is not None and _term_column(view) is not None

    def read(self, view: TableView) -> None:
        holder_col, term_col = _holder_column(view), _term_column(view)
        assert holder_col is not None and term_col is not None
        header = view.table.columns[holder_col]
        role = post_name(header) or post_name(view.section or "") or "Office holder"
        institutions = set(lexicon()["offices"]["institution_columns"])
        out, scope = view.out, view.scope
        office = post(out, scope, view.network, view.label, role, view.table.line)
        for index, row in enumerate(view.table.rows, 1):
            cell = row[holder_col]
            if not cell.text:
                out.warn(cell.line, f"office-holder row has an empty {header!r} cell; kept as a record")
                keep_row(view, row, index=index)
                continue
            name, paren = Value(unwiki(cell.text), cell.line).split_paren()
            holder = person(out, scope, name, cell.line)
            tenure = out.entity(
                _tenure_ref(scope, role, name, row[term_col].text), KGO.Tenure, f"{role} {name}", cell.line
            )
            out.add(tenure, KGO.holder, holder)
            out.add(tenure, KGO.tenureOf, office)
            out.add(tenure, KGO.tenureIn, view.network)
            _years(view, tenure, view.table.columns[term_col], row[term_col])
            if paren:
                out.add(holder, KGO.institution, out.organisation(paren, cell.line))
            for i, (column, other) in enumerate(zip(view.table.columns, row, strict=True)):
                if i in (holder_col, term_col) or not other.text:
                    continue
                if fold(column) in institutions:
                    for item in other.items:
                        out.add(holder, KGO.institution, out.organisation(item.text, item.line))
                else:
                    for item in other.items:
                        out.generic(tenure, column, item.text, item.line, where="table column")


def _years(view: TableView, tenure: Ref, column: str, cell: Cell) -> None:
    """The term's start year and, unless it is open ("2021–", "2017–present"), its end year."""
    out = view.out
    if not cell.text:
        return
    try:
        start, end = extract.timeframe(cell.text)
    except BadValue as exc:
        out.warn(cell.line, f"{exc}; the term of office is kept as text")
        out.generic(tenure, column, cell.text, cell.line, where="table column", quiet=True)
        return
    out.add(tenure, KGO.startYear, out.year(start))
    if end is not None:
        out.add(tenure, KGO.endYear, out.year(end))


def _tenure_ref(scope: str, role: str, name: str, term: str) -> Ref:
    """A term of office is one person's in one post over one period (a person may serve twice)."""
    return Ref("tenure", (scope, role, name, term))
