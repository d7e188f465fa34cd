"""Read an article in the source format into the document model (:mod:`kg.source.model`).

The format, in general (not just the seed article)::

    = Title =

    SHORTNAME
    - Key: Value,, Another value (qualifier)

    Prose paragraph.

    - bullet item
    == Section ==            (also ==Section== and === Sub-section ===)
    | Column | Column |      (first row is the header)
    | cell; cell | "quoted text" |

Blank lines may stand between the short name and the infobox and between infobox entries. Reference
markers copied from an encyclopaedia (``[1]``, ``[a]``, ``[note 3]``, ``[citation needed]``) are
not data: they are removed from the title, the short name, infobox keys and values, table cells,
bullet items and paragraphs (see :func:`strip_footnotes`).

Only an article that cannot be read at all raises :class:`~kg.errors.SourceError` (naming the
file, the line and what was expected): not UTF-8, not text, empty, no title. Anything else the
parser cannot read as written (a heading without its closing ``=``, a row with more or fewer cells
than its header, an unclosed quote) is read as well as it can be, never into the wrong place, and
reported in :attr:`Article.warnings` with its line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path

from kg.errors import SourceError
from kg.source.cells import make_table, split_cells
from kg.source.footnotes import strip_footnotes
from kg.source.model import Article, BulletList, Cell, InfoboxEntry, Paragraph, Section, Table, Value

__all__ = ["parse_article", "parse_articles", "parse_text", "read_text", "strip_footnotes"]

_HEADING = re.compile(r"^(?P<open>=+)\s*(?P<title>.*?)\s*(?P<close>=+)\s*$")
_INFOBOX = re.compile(r"^[-*]\s+(?P<key>[^\W\d_][^:]{0,59}?)\s*:\s*(?P<value>.*?)\s*$")
_BULLET = re.compile(r"^[-*]\s+(?P<text>.*?)\s*$")
_SEPARATOR_ROW = re.compile(r"^\|[\s:|-]*\|\s*$")
#: An infobox entry that continues the infobox after blank lines: a key of at most five words
#: and a value (a longer key reads as a sentence, so the line is a bullet).
_SHORT_KEY_WORDS = 5


def read_text(path: Path) -> str:
    """Read a source file as UTF-8, or fail naming the line of the first byte that is not.

    A byte order mark is allowed at the very start only; control characters other than tab, line
    feed and carriage return are refused (they are invisible in an editor and not text).
    """
    return decode_text(path.read_bytes(), path=path)


def decode_text(data: bytes, *, path: Path) -> str:
    """The text of a source file's bytes, checked as :func:`read_text` does (for bytes read elsewhere)."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + bom
        line = data[:start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[start]:02x} at offset {start}); source articles must be UTF-8 text",
            path=path,
            line=line,
        ) from None
    _check_characters(text, path)
    return text


#: C0 control characters other than tab, line feed and carriage return; a byte order mark (the
#: one at the very start of the file has been removed before this is searched).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]")
_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]


def _check_characters(text: str, path: Path) -> None:
    """Refuse the first character that is not text, naming its line and column as the parser counts them."""
    found = _NOT_TEXT.search(text)
    if not found:
        return
    before = text[: found.start()].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = found.group()
    if char == "\ufeff":
        what = "a U+FEFF byte order mark"
        expected = "one only as the very first character of the file"
    else:
        what = f"a U+{ord(char):04X} ({_C0_NAMES[ord(char)]}) control character"
        expected = "text with no control characters other than tab, line feed and carriage return"
    raise SourceError(f"contains {what} at column {column}; expected {expected}", path=path, line=line)


def parse_article(path: Path | str) -> Article:
    path = Path(path)
    return parse_text(read_text(path), path=path)


def source_lines(text: str) -> list[str]:
    """The lines of an article as kg numbers them: LF, CRLF and CR end a line, nothing else does
    (unlike ``str.splitlines``, which also splits at U+2028, U+0085 and other separators)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_text(text: str, *, path: Path) -> Article:
    """Parse the text of one article; ``path`` is used for provenance and error messages."""
    lines = source_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    if not any(line.strip() for line in lines):
        raise SourceError("empty file; expected an article starting with '= Title ='", path=path)
    return _Parser(path, lines).run()


class _Parser:
    def __init__(self, path: Path, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.i = 0  # index of the next line to read
        self.warnings: list[tuple[int, str]] = []

    # -- helpers -------------------------------------------------------------------------------
    def error(self, message: str, line: int) -> SourceError:
        return SourceError(message, path=self.path, line=line)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, message))

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def skip_blank(self) -> None:
        while self.i < len(self.lines) and not self.lines[self.i].strip():
            self.i += 1

    def heading(self, raw: str, line: int) -> tuple[int, str] | None:
        """A heading's level and title; a malformed one is read by its opening ``=`` (with a warning),
        an empty one is no heading (None)."""
        stripped = raw.strip()
        m = _HEADING.match(stripped)
        if not m:  # "== Projects": no closing '='
            level = len(stripped) - len(stripped.lstrip("="))
            title = stripped[level:].strip()
            if not title:
                self.warn(line, f"empty heading {stripped!r} ignored; expected '== Title =='")
                return None
            self.warn(line, f"heading {stripped!r} is not closed; read as a level-{level} heading {title!r}")
            return level, title
        if not m.group("title").strip("= "):
            self.warn(line, f"empty heading {stripped!r} ignored; expected '== Title =='")
            return None
        if len(m.group("open")) != len(m.group("close")):
            self.warn(
                line,
                f"heading {stripped!r} opens with {len(m.group('open'))} '=' but closes with "
                f"{len(m.group('close'))}; read as a level-{len(m.group('open'))} heading",
            )
        return len(m.group("open")), m.group("title")

    # -- the article ---------------------------------------------------------------------------
    def run(self) -> Article:
        self.skip_blank()
        line_no = self.i + 1
        first = self.lines[self.i]
        if not first.lstrip().startswith("="):
            raise self.error(
                "is not an article: expected a title line '= Title =' as the first line that is not blank",
                line_no,
            )
        found = self.heading(first, line_no)
        if found is None:
            raise self.error(
                "is not an article: expected a title line '= Title =' as the first line that is not blank",
                line_no,
            )
        level, title = found
        if level != 1:
            raise self.error(f"the first heading must be a title '= Title =', found level {level}", line_no)
        self.i += 1
        short_name, infobox = self.head()
        sections = self.body()
        return Article(
            path=self.path,
            title=Value(strip_footnotes(title).strip() or title, line_no),
            short_name=short_name,
            infobox=infobox,
            sections=sections,
            line_count=len(self.lines),
            warnings=sorted(self.warnings),
        )

    def head(self) -> tuple[Value | None, list[InfoboxEntry]]:
        """The short-name line and the infobox under it (both optional).

        Blank lines between the short name and the infobox, and between infobox entries, are
        skipped as long as the next line that is not blank is an infobox entry with a short key
        (:func:`_continues_infobox`); the first prose line ends the head.
        """
        self.skip_blank()
        short_name: Value | None = None
        raw = self.peek()
        if raw is None:
            return None, []
        nxt = self.lines[self.i + 1] if self.i + 1 < len(self.lines) else ""
        after_blanks = self.next_filled(self.i + 1)
        if (_is_short_name(raw) and _INFOBOX.match(nxt.strip())) or (
            after_blanks is not None
            and after_blanks > self.i + 1
            and _is_spaced_short_name(raw)
            and _continues_infobox(self.lines[after_blanks])
        ):
            text = strip_footnotes(raw.strip()).strip()
            short_name = Value(text, self.i + 1) if text else None
            self.i += 1
        infobox: list[InfoboxEntry] = []
        while (raw := self.peek()) is not None:
            if m := _INFOBOX.match(raw.strip()):
                key = strip_footnotes(m.group("key")).strip() or m.group("key").strip()
                infobox.append(InfoboxEntry(key, Value(strip_footnotes(m.group("value")).strip(), self.i + 1)))
                self.i += 1
                continue
            after_blanks = self.next_filled(self.i)
            if raw.strip() or after_blanks is None or not _continues_infobox(self.lines[after_blanks]):
                break
            self.i = after_blanks
        return short_name, infobox

    def next_filled(self, start: int) -> int | None:
        """The index of the first line at or after ``start`` that is not blank."""
        for index in range(start, len(self.lines)):
            if self.lines[index].strip():
                return index
        return None

    def body(self) -> list[Section]:
        section = Section(title=None, level=1, line=self.i + 1)
        sections = [section]
        para: list[str] = []
        para_start = 0
        last_para: Paragraph | None = None  # the paragraph directly before the current block
        bullets: list[Value] = []
        table_rows: list[tuple[tuple[Cell, ...], int]] = []

        def flush() -> None:
            nonlocal para, bullets, table_rows, last_para
            if para:
                if any(para):  # a paragraph of reference markers only is not a paragraph
                    last_para = Paragraph.from_lines(para, para_start)
                    section.paragraphs.append(last_para)
                para = []
            elif bullets:
                section.lists.append(BulletList(tuple(bullets), last_para))
                bullets, last_para = [], None
            elif table_rows:
                section.tables.append(self.table(table_rows))
                table_rows, last_para = [], None

        while (raw := self.peek()) is not None:
            line_no = self.i + 1
            self.i += 1
            stripped = raw.strip()
            kind = _kind(stripped)
            current = "para" if para else "bullets" if bullets else "table" if table_rows else None
            if kind != current:
                flush()
            if kind == "blank":
                continue
            if kind == "heading":
                found = self.heading(stripped, line_no)
                if found is None:
                    continue
                level, title = found
                section = Section(title=title, level=level, line=line_no)
                sections.append(section)
                last_para = None
            elif kind == "table":
                # a Markdown-style separator (|---|---|) is allowed as the second row only
                if not (len(table_rows) == 1 and _SEPARATOR_ROW.match(stripped)):
                    table_rows.append((self.cells(stripped, line_no), line_no))
            elif kind == "bullets":
                if text := strip_footnotes(_BULLET.match(stripped).group("text")).strip():
                    bullets.append(Value(text, line_no))
            else:
                if not para:
                    para_start = line_no
                para.append(strip_footnotes(stripped).strip())
        flush()
        return sections

    # -- tables --------------------------------------------------------------------------------
    def cells(self, raw: str, line: int) -> tuple[Cell, ...]:
        return split_cells(raw, line, self.warn)

    def table(self, rows: list[tuple[tuple[Cell, ...], int]]) -> Table:
        return make_table(rows, self.warn)


def _kind(stripped: str) -> str:
    if not stripped:
        return "blank"
    if stripped.startswith("="):
        return "heading"
    if stripped.startswith("|"):
        return "table"
    if _BULLET.match(stripped) and stripped[:2] in ("- ", "* "):
        return "bullets"
    return "para"


def _is_short_name(raw: str) -> bool:
    s = raw.strip()
    return bool(s) and len(s) <= 80 and _kind(s) == "para"


def _is_spaced_short_name(raw: str) -> bool:
    """A short name with blank lines under it: a name of a few words, not a sentence or an intro."""
    s = raw.strip()
    if not _is_short_name(s) or s.endswith(":") or len(s.split()) > 6:
        return False
    return " " not in s or s[-1] not in ".!?"


def _continues_infobox(raw: str) -> bool:
    """An infobox entry that may follow blank lines: ``- Key: value`` with a short key and a value."""
    m = _INFOBOX.match(raw.strip())
    return bool(m and m.group("value") and len(m.group("key").split()) <= _SHORT_KEY_WORDS)


def parse_articles(paths: Iterable[Path]) -> list[Article]:
    """Parse several files, in the order given."""
    return [parse_article(p) for p in paths]
