"""Where the project's data files live: in a checkout beside the package, in a wheel inside it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """``ontology``, ``shapes`` or ``queries``: the checkout's folder, or the copy packed in the wheel."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg data folder {name!r} not found beside {_PACKAGE}")


def package_data(name: str) -> Path:
    return _PACKAGE / "data" / name


@cache
def field_table() -> dict[str, dict[str, str]]:
    """The meaning of infobox keys and table columns (``kg/data/fields.toml``)."""
    return tomllib.loads(package_data("fields.toml").read_text(encoding="utf-8"))


@cache
def lexicon() -> dict[str, dict[str, Any]]:
    """The words facts are read from in prose and free text (``kg/data/lexicon.toml``)."""
    return tomllib.loads(package_data("lexicon.toml").read_text(encoding="utf-8"))


def words(phrases: Iterable[str]) -> str:
    """A regular-expression group matching any of ``phrases`` (longest first; a space matches any spaces)."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered) + ")"
