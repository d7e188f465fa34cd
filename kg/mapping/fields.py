"""What infobox keys and table columns mean (``kg/data/fields.toml``), and the check that the
mapping reads every role the file names.

A key is compared case-insensitively, with spaces, ``_`` and ``-`` folded. The file is data a
curator edits; a role in it that no reader handles would otherwise fail deep inside the mapping,
so :func:`check_roles` compares the file with the registered readers when it is first used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from functools import cache
from pathlib import Path

from kg.core.resources import load_toml, package_data
from kg.errors import SourceError

#: A table of the file (``infobox``, ``columns``): folded key → role.
FieldTable = dict[str, dict[str, str]]
TABLES = ("infobox", "columns")
_KEY_FOLD = re.compile(r"[\s_-]+")
_NUMBER = re.compile(r"\s*\d{1,2}$")


def fold_key(key: str) -> str:
    return _KEY_FOLD.sub(" ", key.casefold()).strip()


def fields_file() -> Path:
    return package_data("fields.toml")


def load_fields(path: Path) -> FieldTable:
    """Read a field table: ``[infobox]`` and ``[columns]``, each key a name, each value a role."""
    data = load_toml(path)
    found: FieldTable = {}
    for name, table in data.items():
        if name not in TABLES or not isinstance(table, dict):
            raise SourceError(f"[{name}] is not a table of the field file; expected {' and '.join(TABLES)}", path=path)
        for key, role in table.items():
            if not isinstance(role, str) or not role:
                raise SourceError(f"[{name}] {key!r} must name a role (a string)", path=path, line=_line_of(path, key))
        found[name] = {fold_key(k): v for k, v in table.items()}
    for name in TABLES:
        found.setdefault(name, {})
    return found


def check_roles(table: FieldTable, handled: Mapping[str, Set[str]], *, path: Path) -> None:
    """Every role of ``table`` must have a reader in ``handled`` (table name → roles the mapping reads)."""
    for name, entries in table.items():
        known = handled.get(name, set())
        for key, role in sorted(entries.items()):
            if role not in known:
                raise SourceError(
                    f"[{name}] {key!r} has the role {role!r}, which the mapping does not read; "
                    f"expected one of {', '.join(sorted(known))}",
                    path=path,
                    line=_line_of(path, key),
                )


@cache
def field_table() -> FieldTable:
    """The project's field table (``kg/data/fields.toml``)."""
    return load_fields(fields_file())


def role_of(table: str, key: str) -> str | None:
    """What an infobox key (``table="infobox"``) or a column (``"columns"``) means, if known.

    A numbered key (Wikipedia's ``leader_title2``, rendered "Leader Title2" or "Leader Title 2")
    has the role of the key without its number."""
    entries = field_table()[table]
    folded = fold_key(key)
    return entries.get(folded) or entries.get(_NUMBER.sub("", folded) or folded)


def key_number(key: str) -> str:
    """The number of a numbered key ("Leader Name 2" → "2"; "Leader Name" → "")."""
    m = _NUMBER.search(fold_key(key))
    return m.group().strip() if m else ""


def _line_of(path: Path, key: str) -> int | None:
    """The line where ``key`` is defined, so that an error points at it (tomllib gives no positions)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        written = line.split("=", 1)[0].strip().strip('"').strip("'")
        if "=" in line and fold_key(written) == fold_key(key):
            return n
    return None
