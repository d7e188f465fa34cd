"""The document model: what the parser reads from an article, each value with the line it came from.

The model knows nothing about RDF. It records the article's structure (title, infobox, paragraphs,
bullet lists, sections, tables) so the mapping can decide what things mean, and every piece keeps
its file and line so that provenance and error messages can point back to the source.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.text import trailing_paren


@dataclass(frozen=True, slots=True)
class Value:
    """A piece of text from a source file, with the (1-based) line it stands on."""

    text: str
    line: int

    def split_paren(self) -> tuple[str, str | None]:
        """Split ``"Catherine Franche (Executive Director)"`` into the name and the parenthesis."""
        found = trailing_paren(self.text)
        if not found or not found[0]:
            return self.text, None
        return found[0].strip(), found[1].strip() or None


@dataclass(frozen=True, slots=True)
class InfoboxEntry:
    """``- Key: Value`` under the short name; ``,,`` separates several items in one value."""

    key: str
    value: Value

    @property
    def items(self) -> list[Value]:
        parts = [p.strip() for p in self.value.text.split(",,")]
        return [Value(p, self.value.line) for p in parts if p]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive prose lines joined by spaces; ``breaks`` are the offsets where lines 2, 3, ... start."""

    text: str
    line: int
    end_line: int
    breaks: tuple[int, ...] = ()

    @classmethod
    def from_lines(cls, lines: list[str], first_line: int) -> Paragraph:
        """Join consecutive source lines; an empty one (a line that held only a reference marker)
        adds no text but still counts, so :meth:`line_at` stays right for the lines after it."""
        text, breaks = "", []
        for index, line in enumerate(lines):
            if index:
                breaks.append(len(text) + (1 if text and line else 0))
            if line:
                text = f"{text} {line}" if text else line
        return cls(text, first_line, first_line + len(lines) - 1, tuple(breaks))

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` in :attr:`text`."""
        return self.line + bisect_right(self.breaks, offset)


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[Value, ...]
    #: The paragraph just before the list, which usually says what the list is.
    intro: Paragraph | None

    @property
    def line(self) -> int:
        return self.items[0].line


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell. ``quoted`` when the source wrapped it in double quotes (which are removed)."""

    text: str
    line: int
    quoted: bool = False

    @property
    def items(self) -> list[Value]:
        """The cell read as a ``;``-separated list (empty items dropped)."""
        if self.quoted:
            return [Value(self.text, self.line)] if self.text else []
        return [Value(p.strip(), self.line) for p in self.text.split(";") if p.strip()]

    @property
    def value(self) -> Value:
        return Value(self.text, self.line)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int
    #: Rows whose cells do not line up with the header: kept whole, never put into columns.
    ragged: tuple[tuple[Cell, ...], ...] = ()

    @property
    def columns(self) -> list[str]:
        return [c.text for c in self.header]


@dataclass(slots=True)
class Section:
    """A heading and what stands under it. The lead section (before any heading) has no title."""

    title: str | None
    level: int
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    lists: list[BulletList] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    path: Path
    title: Value
    short_name: Value | None
    infobox: list[InfoboxEntry]
    sections: list[Section]
    line_count: int
    #: What the parser read other than as written, and how: (line, message), reported as warnings.
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def lead(self) -> Section:
        return self.sections[0]

    @property
    def stem(self) -> str:
        return self.path.stem
