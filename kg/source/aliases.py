"""The curated alias list (``sources/aliases.csv``): which written names denote the same organisation.

Only a curator merges names. The list maps each alias to a canonical name; a name not in the list
is its own canonical name. Nothing is merged by similarity: :mod:`kg.curation.duplicates` only *proposes*
candidates for the curator to add here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kg.core.text import squash_spaces
from kg.errors import SourceError

COLUMNS = ("canonical", "alias", "kind", "note")


@dataclass(frozen=True, slots=True)
class Alias:
    canonical: str
    alias: str
    kind: str
    note: str
    line: int


class Aliases:
    """Alias → canonical name lookup. An empty list resolves every name to itself."""

    def __init__(self, entries: list[Alias] | None = None, *, path: Path | None = None) -> None:
        self.path = path
        self.entries = entries or []
        self._canonical: dict[str, str] = {}
        for e in self.entries:
            self._canonical[e.alias] = e.canonical

    def canonical(self, name: str) -> str:
        name = squash_spaces(name)
        return self._canonical.get(name, name)

    def aliases_of(self, canonical: str) -> list[str]:
        return sorted(e.alias for e in self.entries if e.canonical == canonical)

    def __contains__(self, name: str) -> bool:
        return squash_spaces(name) in self._canonical


def load_aliases(path: Path | None) -> Aliases:
    """Read and check the alias file; a missing file means no aliases."""
    if path is None or not path.exists():
        return Aliases()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("not valid UTF-8; expected a UTF-8 CSV file", path=path) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(h.strip() for h in rows[0]) != COLUMNS:
        raise SourceError(f"expected the header row {','.join(COLUMNS)}", path=path, line=1)
    entries: list[Alias] = []
    seen: dict[str, Alias] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise SourceError(
                f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), found {len(row)}", path=path, line=line
            )
        canonical, alias, kind, note = (squash_spaces(c) for c in row)
        if not canonical or not alias:
            raise SourceError("both 'canonical' and 'alias' must be filled in", path=path, line=line)
        if canonical == alias:
            raise SourceError(f"{alias!r} is listed as an alias of itself", path=path, line=line)
        if alias in seen and seen[alias].canonical != canonical:
            raise SourceError(
                f"{alias!r} is already an alias of {seen[alias].canonical!r} (line {seen[alias].line}); "
                "an alias can name one organisation only",
                path=path,
                line=line,
            )
        entry = Alias(canonical, alias, kind, note, line)
        seen[alias] = entry
        entries.append(entry)
    for e in entries:
        if e.canonical in seen:
            raise SourceError(
                f"canonical name {e.canonical!r} is itself an alias of {seen[e.canonical].canonical!r} "
                f"(line {seen[e.canonical].line}); point every alias at the final canonical name",
                path=path,
                line=e.line,
            )
    return Aliases(entries, path=path)
