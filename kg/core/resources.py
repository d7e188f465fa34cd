"""Where the project's data files live: in a checkout beside the package, in a wheel inside it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import SourceError

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """``ontology``, ``shapes`` or ``queries``: the checkout's folder, or the copy packed in the wheel."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg data folder {name!r} not found beside {_PACKAGE}")


def package_data(name: str) -> Path:
    return _PACKAGE / "data" / name


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML data file; unreadable or malformed is a :class:`~kg.errors.SourceError` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the file: {exc}", path=path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise SourceError(
            f"not valid TOML ({reason})", path=path, line=int(found.group(1)) if found else None
        ) from None


class Words(dict):  # type: ignore[type-arg]
    """A table of the lexicon: a missing entry is an error naming the file and the entry, not a KeyError."""

    def __init__(self, values: dict[str, Any], *, path: Path, name: str) -> None:
        super().__init__(values)
        self.path = path
        self.name = name

    def __missing__(self, key: str) -> Any:
        raise SourceError(f"has no {self.name}{'.' if self.name else ''}{key}, which the mapping reads", path=self.path)


def load_lexicon(path: Path) -> Words:
    """Read a lexicon: tables of word lists (arrays of strings) or of word → meaning (tables of strings)."""
    data = load_toml(path)
    tables: dict[str, Any] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SourceError(f"{name!r} must be a table of word lists", path=path)
        for key, value in table.items():
            is_list = isinstance(value, list) and all(isinstance(w, str) for w in value)
            is_map = isinstance(value, dict) and all(isinstance(w, str) for w in value.values())
            if not (is_list or is_map):
                raise SourceError(f"{name}.{key} must be a list of words or a table of words", path=path)
        tables[name] = Words(table, path=path, name=name)
    return Words(tables, path=path, name="")


@cache
def lexicon() -> Words:
    """The words facts are read from in prose and free text (``kg/data/lexicon.toml``), read on first use."""
    return load_lexicon(package_data("lexicon.toml"))


def words(phrases: Iterable[str]) -> str:
    """A regular-expression group matching any of ``phrases`` (longest first; a space matches any spaces)."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered) + ")"
