"""What every table reader shares: the table with its columns' roles (:class:`TableView`), the
protocol a table kind follows (:class:`TableKind`), and rows kept as records.

A row kept as a record is never lost: each of its cells is written with a generic property (a
sub-property of kgo:sourceField) named for its column, with its line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from kg.core.iris import Ref
from kg.core.vocab import KGO
from kg.mapping.sink import ArticleGraph, Node
from kg.source.model import Cell, Table


@dataclass(frozen=True)
class TableView:
    """A table as its readers see it: the columns' roles (``fields.toml``), its section, where it writes."""

    table: Table
    roles: list[str | None]
    section: str | None
    out: ArticleGraph
    network: Ref
    scope: str
    #: The network's name as the article writes it (for labels such as "President of ECSITE").
    label: str

    @property
    def title(self) -> str:
        return (self.section or "").casefold()

    def column(self, *roles: str) -> int | None:
        """The index of the first column with one of ``roles``."""
        return next((i for i, r in enumerate(self.roles) if r in roles), None)


class TableKind(Protocol):
    """A kind of table: :meth:`detect` says whether a table is one, :meth:`read` maps its rows."""

    name: str

    def detect(self, view: TableView) -> bool: ...

    def read(self, view: TableView) -> None: ...


def best_name_column(table: Table) -> int:
    """The column that best names a row: the first whose cells are mostly words, not numbers or dates."""
    for i in range(len(table.header)):
        texts = [row[i].text for row in table.rows if row[i].text]
        if texts and sum(any(c.isalpha() for c in t) and not t[:4].isdigit() for t in texts) * 2 > len(texts):
            return i
    return 0


def keep_row(view: TableView, row: tuple[Cell, ...], *, index: int, name_col: int | None = None) -> Ref:
    """One row kept as a kgo:Record, named by its best name column, identified by its section and name."""
    table, out = view.table, view.out
    col = best_name_column(table) if name_col is None else name_col
    firsts = Counter(r[col].text for r in table.rows)
    label = row[col].text or f"row {index}"
    ident = row[col].text if row[col].text and firsts[row[col].text] == 1 else f"row {index}"
    key = (view.scope, view.section or "", table.columns[col], ident)
    record: Node = out.entity(Ref("record", key), KGO.Record, label, row[col].line)
    for column, cell in zip(table.columns, row, strict=True):
        for item in cell.items:
            out.generic(record, column, item.text, item.line, where="table column")
    return record


def keep_ragged(view: TableView) -> None:
    """Rows whose cells do not line up with the header: each kept whole, as the text of a record."""
    for n, cells in enumerate(view.table.ragged, 1):
        text = " | ".join(c.text for c in cells)
        line = cells[0].line if cells else view.table.line
        key = (view.scope, view.section or "", "ragged row", str(n))
        record = view.out.entity(
            Ref("record", key), KGO.Record, cells[0].text if cells and cells[0].text else f"row {n}", line
        )
        view.out.generic(record, "table row", text, line, where="table row", quiet=True)


class Records:
    """The fallback kind: a table the mapping does not recognise, kept row by row as records."""

    name = "records"

    def detect(self, view: TableView) -> bool:
        return True

    def read(self, view: TableView) -> None:
        view.out.warn(
            view.table.line,
            f"table with columns {view.table.columns} in section {view.section!r} is not a table kg "
            "recognises (projects, members, office holders, conference editions); its rows are kept as "
            "kgo:Record entities with generic properties",
        )
        col = best_name_column(view.table)
        for index, row in enumerate(view.table.rows, start=1):
            keep_row(view, row, index=index, name_col=col)
