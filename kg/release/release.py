"""Releases: ``kg diff`` between two builds or graphs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import ReleaseError
from kg.release.changeset import render_changeset
from kg.release.diff import Diff, compare
from kg.release.read import read_side
from kg.release.summary import format_summary, summarise

#: The formats of ``kg diff``.
DIFF_FORMATS = ("text", "json", "turtle")


@dataclass(frozen=True)
class Compared:
    """What ``kg diff`` prints, and whether the two sides differ (its exit code)."""

    diff: Diff
    output: str

    @property
    def differs(self) -> bool:
        return self.diff.differs


def diff_releases(*, old: Path, new: Path, fmt: str = "text") -> Compared:
    """Compare two build folders or graph files; ``fmt`` is one of :data:`DIFF_FORMATS`."""
    if fmt not in DIFF_FORMATS:
        raise ReleaseError(f"unknown diff format {fmt!r}; expected one of {', '.join(DIFF_FORMATS)}")
    diff = compare(read_side(old), read_side(new))
    if fmt == "turtle":
        return Compared(diff, render_changeset(diff, release=diff.new.identity.version_iri).decode("utf-8"))
    return Compared(diff, format_summary(summarise(diff), fmt=fmt))
