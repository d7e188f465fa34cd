"""Table rows of the source format: ``| a | "b | c" | [[Page|label]] | d |`` split into cells, and
rows lined up with their header (a row that does not line up is kept whole, never put into columns)."""

from __future__ import annotations

from collections.abc import Callable

from kg.source.footnotes import QUOTE_END, strip_footnotes
from kg.source.model import Cell, Table

#: Where a reader reports what it read other than as written: (line, message).
Warn = Callable[[int, str], None]


def split_cells(raw: str, line: int, warn: Warn) -> tuple[Cell, ...]:
    """Split ``| a | "b | c" | [[Page|label]] | d |`` into cells: a quoted cell may contain '|'
    and ';', and a wiki link's '|' separates its page from its label, not two cells."""
    if not raw.endswith("|") or len(raw) < 2:
        warn(line, "table row does not end with '|'; read up to the end of the line")
        raw = raw + "|"
    cells: list[Cell] = []
    pos = 1
    while pos < len(raw):
        while pos < len(raw) and raw[pos] == " ":
            pos += 1
        if pos < len(raw) and raw[pos] == '"' and (m := QUOTE_END.search(raw, pos + 1)):
            cells.append(Cell(strip_footnotes(raw[pos + 1 : m.start()]).strip(), line, quoted=True))
            pos = m.end()
            continue
        if pos < len(raw) and raw[pos] == '"':
            warn(line, f"quoted cell starting at column {pos + 1} is not closed; its quote is read as text")
        end = _cell_end(raw, pos)
        if end < len(raw):
            cells.append(Cell(strip_footnotes(raw[pos:end]).strip(), line))
        pos = end + 1
    return tuple(cells)


def make_table(rows: list[tuple[tuple[Cell, ...], int]], warn: Warn) -> Table:
    (header, header_line), body = rows[0], rows[1:]
    named = []
    for n, cell in enumerate(header, 1):
        if not cell.text:
            warn(header_line, f"table header cell {n} is empty; the column is named 'Column {n}'")
            cell = Cell(f"Column {n}", cell.line)
        named.append(cell)
    kept, ragged = [], []
    for cells, line in body:
        if len(cells) > len(header) and not any(c.text for c in cells[len(header) :]):
            cells = cells[: len(header)]  # empty cells after the last column: nothing is lost
        if len(cells) == len(header):
            kept.append(cells)
            continue
        ragged.append(cells)
        warn(
            line,
            f"table row has {len(cells)} cells but the header (line {header_line}) has {len(header)}; "
            "the row is kept whole as text, not put into columns",
        )
    return Table(header=tuple(named), rows=tuple(kept), line=header_line, ragged=tuple(ragged))


def _cell_end(raw: str, pos: int) -> int:
    """Where the cell starting at ``pos`` ends: the next '|' that is not inside ``[[ ]]``."""
    depth, i = 0, pos
    while i < len(raw):
        if raw.startswith("[[", i):
            depth, i = depth + 1, i + 2
            continue
        if raw.startswith("]]", i) and depth:
            depth, i = depth - 1, i + 2
            continue
        if raw[i] == "|" and not depth:
            return i
        i += 1
    if depth:  # an unclosed "[[": its '|' separates cells after all
        plain = raw.find("|", pos)
        return plain if plain >= 0 else len(raw)
    return len(raw)
