"""Comparing build folders file by file, for the tests that promise the same bytes."""

from __future__ import annotations

from pathlib import Path


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder, by its path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_files(a: Path, b: Path) -> None:
    """The two folders hold the same files, byte for byte (and a graph at all)."""
    first, second = files_in(a), files_in(b)
    assert sorted(first) == sorted(second)
    assert "graph.ttl" in first
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"these files differ between {a} and {b}: {different[:10]}"
