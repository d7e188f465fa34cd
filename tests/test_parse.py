"""kg.parse: the article format in general, line by line.

Unit tests pin each construct of the format (title, short name, infobox, sections, paragraphs,
bullet lists, tables); property-based tests generate random well-formed articles and check that
the parser recovers every key, value, cell and line number, and that no input makes the parser
fail with anything but :class:`kg.errors.SourceError`.
"""

from __future__ import annotations

import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import SourceError
from kg.source.model import Article, Value
from kg.source.parse import parse_article as parse_file
from kg.source.parse import parse_articles as parse_files
from kg.source.parse import parse_text

P = Path("article.txt")


def parse(text: str) -> Article:
    return parse_text(textwrap.dedent(text).lstrip("\n"), path=P)


def section(article: Article, title: str):
    (found,) = [s for s in article.sections if s.title == title]
    return found


# -- title and short name -------------------------------------------------------------------------


def test_title_and_its_line_after_leading_blank_lines():
    a = parse_text("\n\n= Baltic Network of Science Centres =\n", path=P)
    assert a.title == Value("Baltic Network of Science Centres", 3)
    assert a.path == P
    assert a.stem == "article"


@pytest.mark.parametrize("line", ["=Baltic Network=", "=   Baltic Network   =", "= Baltic Network =  "])
def test_title_with_any_spacing(line: str):
    assert parse_text(line + "\n", path=P).title.text == "Baltic Network"


def test_title_keeps_inner_equals_signs_and_non_ascii():
    a = parse_text("= Science = Fun: Ελληνικό Δίκτυο =\n", path=P)
    assert a.title.text == "Science = Fun: Ελληνικό Δίκτυο"


def test_short_name_and_infobox_with_lines():
    a = parse(
        """
        = Baltic Network of Science Centres =

        BNSC
        - Full Name: Baltic Network of Science Centres (BNSC)
        - Type: Nonprofit
        * Founded: 1999
        """
    )
    assert a.short_name == Value("BNSC", 3)
    assert [(e.key, e.value) for e in a.infobox] == [
        ("Full Name", Value("Baltic Network of Science Centres (BNSC)", 4)),
        ("Type", Value("Nonprofit", 5)),
        ("Founded", Value("1999", 6)),
    ]


def test_infobox_without_short_name():
    a = parse(
        """
        = Baltic Network =
        - Type: Nonprofit
        - Founded: 1999
        """
    )
    assert a.short_name is None
    assert [e.key for e in a.infobox] == ["Type", "Founded"]
    assert a.infobox[0].value.line == 2


def test_a_one_line_paragraph_is_not_a_short_name_without_an_infobox_under_it():
    a = parse(
        """
        = Baltic Network =

        Baltic Network is an association

        - first item
        """
    )
    assert a.short_name is None
    assert a.infobox == []
    assert [p.text for p in a.lead.paragraphs] == ["Baltic Network is an association"]
    assert [i.text for i in a.lead.lists[0].items] == ["first item"]


def test_short_name_with_non_ascii_letters():
    a = parse(
        """
        = Ελληνικό Δίκτυο =

        ΕΔΚΕ
        - Type: Nonprofit
        """
    )
    assert a.short_name == Value("ΕΔΚΕ", 3)


def test_short_name_ending_with_a_full_stop_keeps_the_infobox():
    a = parse(
        """
        = Nordic Association of Science Festivals =

        N.A.S.F.
        - Type: Nonprofit
        - Founded: 2003
        """
    )
    assert a.short_name == Value("N.A.S.F.", 3)
    assert [e.key for e in a.infobox] == ["Type", "Founded"]


# -- infobox values -------------------------------------------------------------------------------


def test_infobox_value_may_contain_colons_and_urls_and_be_empty():
    a = parse(
        """
        = N =

        N
        - Website: https://example.org/a:b
        - Motto: Science: for everyone
        - Logo:
        - Budget (2023): EUR 2 million
        """
    )
    assert [(e.key, e.value.text) for e in a.infobox] == [
        ("Website", "https://example.org/a:b"),
        ("Motto", "Science: for everyone"),
        ("Logo", ""),
        ("Budget (2023)", "EUR 2 million"),
    ]


def test_infobox_items_are_separated_by_double_commas():
    a = parse(
        """
        = N =

        N
        - Key People: Catherine Franche (Executive Director),,Bruno Maquart (President) ,,  ,, Ulrike Kastrup
        - Region Served: Europe, Africa,, Asia
        """
    )
    people, regions = a.infobox
    assert [v.text for v in people.items] == [
        "Catherine Franche (Executive Director)",
        "Bruno Maquart (President)",
        "Ulrike Kastrup",
    ]
    assert {v.line for v in people.items} == {4}
    assert [v.text for v in regions.items] == ["Europe, Africa", "Asia"]
    assert [v.split_paren() for v in people.items] == [
        ("Catherine Franche", "Executive Director"),
        ("Bruno Maquart", "President"),
        ("Ulrike Kastrup", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Rodrigues (President)", ("Ana Rodrigues", "President")),
        ("Ana Rodrigues(President)  ", ("Ana Rodrigues", "President")),
        ("Ana Rodrigues", ("Ana Rodrigues", None)),
        ("Ana Rodrigues ()", ("Ana Rodrigues", None)),
        ("Ana (Anni) Rodrigues", ("Ana (Anni) Rodrigues", None)),
        ("(President)", ("(President)", None)),
        ("Jean Dupont (Vice-President (acting))", ("Jean Dupont (Vice-President (acting))", None)),
    ],
)
def test_split_paren(text: str, expected: tuple[str, str | None]):
    assert Value(text, 1).split_paren() == expected


def test_infobox_continues_after_a_blank_line():
    a = parse(
        """
        = N =

        N
        - Type: Nonprofit

        - Evaluation: audiences
        """
    )
    # real articles leave blank lines in the infobox; entries after one still belong to it
    assert [e.key for e in a.infobox] == ["Type", "Evaluation"]
    assert a.lead.lists == []


def test_infobox_key_starting_with_a_non_ascii_letter():
    a = parse(
        """
        = Réseau =

        RCCS
        - Type: Association
        - Établi: 1990
        - Siège: Lyon, France
        """
    )
    assert [e.key for e in a.infobox] == ["Type", "Établi", "Siège"]


# -- sections, paragraphs, lists ------------------------------------------------------------------

ARTICLE = """\
= Danube Network =

DN
- Type: Association

The network links science centres
along the river.

Sister networks are:

- Baltic Network (BN)
* Alpine Network

==History==
Founded in 2009.
== Projects ==
Projects of the network:
| Project | Timeframe |
| A | 2020-2021 |
- not an intro of a table list
=== Current projects ===
====Planned====
Text.

-5 degrees is a paragraph, not a bullet.
"""


def test_sections_levels_titles_and_lines():
    a = parse_text(ARTICLE, path=P)
    assert [(s.title, s.level, s.line) for s in a.sections] == [
        (None, 1, 5),
        ("History", 2, 14),
        ("Projects", 2, 16),
        ("Current projects", 3, 21),
        ("Planned", 4, 22),
    ]
    assert a.line_count == 25


def test_paragraphs_join_lines_and_keep_first_and_last_line():
    a = parse_text(ARTICLE, path=P)
    assert [(p.text, p.line, p.end_line) for p in a.lead.paragraphs] == [
        ("The network links science centres along the river.", 6, 7),
        ("Sister networks are:", 9, 9),
    ]
    assert [(p.text, p.line) for p in section(a, "History").paragraphs] == [("Founded in 2009.", 15)]
    assert [(p.text, p.line) for p in section(a, "Planned").paragraphs] == [
        ("Text.", 23),
        ("-5 degrees is a paragraph, not a bullet.", 25),
    ]


def test_bullet_list_with_intro_paragraph():
    a = parse_text(ARTICLE, path=P)
    (bullets,) = a.lead.lists
    assert bullets.items == (Value("Baltic Network (BN)", 11), Value("Alpine Network", 12))
    assert bullets.line == 11
    assert bullets.intro is not None
    assert (bullets.intro.text, bullets.intro.line) == ("Sister networks are:", 9)


def test_a_list_right_after_a_table_has_no_intro():
    a = parse_text(ARTICLE, path=P)
    (bullets,) = section(a, "Projects").lists
    assert bullets.items == (Value("not an intro of a table list", 20),)
    assert bullets.intro is None


def test_list_directly_under_paragraph_and_under_heading():
    a = parse(
        """
        = N =

        Partner networks:
        - A
        - B
        == See also ==
        - C
        """
    )
    (first,) = a.lead.lists
    assert first.intro is not None and first.intro.text == "Partner networks:"
    assert [i.text for i in first.items] == ["A", "B"]
    (see_also,) = section(a, "See also").lists
    assert see_also.intro is None
    assert see_also.items == (Value("C", 7),)


def test_lists_separated_by_a_blank_line_are_two_lists_and_the_second_has_no_intro():
    a = parse(
        """
        = N =

        Intro:
        - A

        - B
        """
    )
    first, second = a.lead.lists
    assert first.intro is not None
    assert second.intro is None
    assert second.items == (Value("B", 6),)


# -- tables ---------------------------------------------------------------------------------------


def test_table_header_rows_lines_and_lists():
    a = parse_text(ARTICLE, path=P)
    (table,) = section(a, "Projects").tables
    assert table.columns == ["Project", "Timeframe"]
    assert table.line == 18
    assert [[(c.text, c.line) for c in row] for row in table.rows] == [[("A", 19), ("2020-2021", 19)]]
    assert [p.text for p in section(a, "Projects").paragraphs] == ["Projects of the network:"]


def test_table_cells_quoted_empty_and_semicolon_lists():
    a = parse(
        """
        = N =

        == Projects ==
        | Acronym | Partners | Summary | Budget | Website |
        | RIVERLAB | A; B ;; C; | "Labs; shared with schools | policy makers" |  | |
        | OPEN |"Smith; Jones"|""|EUR 1 m||
        """
    )
    (table,) = section(a, "Projects").tables
    first, second = table.rows
    assert [(c.text, c.quoted) for c in first] == [
        ("RIVERLAB", False),
        ("A; B ;; C;", False),
        ("Labs; shared with schools | policy makers", True),
        ("", False),
        ("", False),
    ]
    assert [v.text for v in first[1].items] == ["A", "B", "C"]
    assert {v.line for v in first[1].items} == {5}
    assert [v.text for v in first[2].items] == ["Labs; shared with schools | policy makers"]
    assert first[3].items == []
    assert [(c.text, c.quoted) for c in second] == [
        ("OPEN", False),
        ("Smith; Jones", True),
        ("", True),
        ("EUR 1 m", False),
        ("", False),
    ]
    assert [v.text for v in second[1].items] == ["Smith; Jones"]
    assert second[2].items == []
    assert {c.line for c in second} == {6}


@pytest.mark.parametrize("separator", ["|---|---|", "| --- | --- |", "|:---|---:|", "| :-: | - |", "|-|"])
def test_separator_row_under_the_header_is_skipped(separator: str):
    a = parse_text(f"= N =\n\n| A | B |\n{separator}\n| x | y |\n", path=P)
    (table,) = a.lead.tables
    assert table.columns == ["A", "B"]
    assert [[c.text for c in r] for r in table.rows] == [["x", "y"]]
    assert table.rows[0][0].line == 5


def test_tables_separated_by_a_blank_line_are_two_tables():
    a = parse_text("= N =\n\n| A | B |\n| x | y |\n\n| Member | Country |\n| m | Austria |\n", path=P)
    first, second = a.lead.tables
    assert (first.columns, first.line) == (["A", "B"], 3)
    assert (second.columns, second.line) == (["Member", "Country"], 6)
    assert second.rows[0][1].value == Value("Austria", 7)


def test_table_with_header_only():
    a = parse_text("= N =\n| Project | Timeframe |\n", path=P)
    assert a.lead.tables[0].rows == ()


def test_unquoted_cell_may_contain_a_quote_mark():
    a = parse_text('= N =\n| A | B |\n| 5" screen | say "hi" |\n', path=P)
    assert [c.text for c in a.lead.tables[0].rows[0]] == ['5" screen', 'say "hi"']


# -- line endings and encodings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"= T =\n\nS\n- K: v\n\n| A |\n| x |\n",
        b"= T =\r\n\r\nS\r\n- K: v\r\n\r\n| A |\r\n| x |\r\n",
        b"\xef\xbb\xbf= T =\r\n\r\nS\r\n- K: v\r\n\r\n| A |\r\n| x |\r\n",
        b"= T =\r\rS\r- K: v\r\r| A |\r| x |",
    ],
    ids=["lf", "crlf", "bom-crlf", "cr"],
)
def test_line_endings_and_bom_do_not_change_lines(data: bytes, tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    a = parse_file(path)
    assert a.path == path
    assert a.title == Value("T", 1)
    assert a.short_name == Value("S", 3)
    assert a.infobox[0].value == Value("v", 4)
    assert a.lead.tables[0].rows[0][0].value == Value("x", 7)
    assert a.line_count == 7


def test_parse_files_keeps_the_order_given(tmp_path: Path):
    paths = []
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(f"= {name} =\n", encoding="utf-8")
        paths.append(tmp_path / name)
    assert [a.title.text for a in parse_files(paths)] == ["b.txt", "a.txt"]


# -- errors (the data-driven cases are in test_malformed.py) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("T\n", 1, "expected a title line"),
        ("== T ==\n", 1, "must be a title"),
        ("===\n", 1, "expected a title line"),
    ],
)
def test_errors_name_file_and_line(text: str, line: int, fragment: str):
    with pytest.raises(SourceError) as exc:
        parse_text(text, path=P)
    assert exc.value.path == P
    assert exc.value.line == line
    assert fragment in exc.value.reason
    assert str(exc.value).startswith(f"{P}:{line}: ")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("= T =\n\n== Projects\n", 3, "is not closed; read as a level-2 heading 'Projects'"),
        ("= T =\n\n==Projects===\n", 3, "opens with 2 '=' but closes with 3"),
        ("= T =\n\n===\n", 3, "empty heading"),
        ("= T =\n| A | B |\n| x |\n", 3, "has 1 cells but the header (line 2) has 2"),
        ("= T =\n| A | B |\n| x | y | z |\n", 3, "has 3 cells"),
        ("= T =\n| A | B\n", 2, "does not end with '|'"),
        ('= T =\n| A | B |\n| "x | y |\n', 3, "is not closed"),
        ("= T =\n|  | B |\n", 2, "table header cell 1 is empty"),
        ("= T =\n|\n", 2, "does not end with '|'"),
    ],
)
def test_what_the_parser_reads_other_than_as_written_is_a_warning_with_its_line(text: str, line: int, fragment: str):
    article = parse_text(text, path=P)
    assert any(at == line and fragment in message for at, message in article.warnings), article.warnings


def test_a_ragged_row_is_kept_whole_and_never_put_into_columns():
    article = parse_text("= T =\n| A | B |\n| x |\n| y | z | w |\n| p | q |\n| r | s | |\n", path=P)
    (table,) = article.lead.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["p", "q"],
        ["r", "s"],
    ]  # an empty extra cell is nothing lost
    assert [[c.text for c in row] for row in table.ragged] == [["x"], ["y", "z", "w"]]


def test_a_labelled_wiki_link_in_a_cell_is_one_cell():
    article = parse_text("= T =\n| Project | Partners |\n| P | [[University College London|UCL]]; Ecsite |\n", path=P)
    (table,) = article.lead.tables
    assert [c.text for c in table.rows[0]] == ["P", "[[University College London|UCL]]; Ecsite"]
    assert not article.warnings


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n", "\r\n\r\n"])
def test_empty_text_is_an_error(text: str):
    with pytest.raises(SourceError, match="empty file"):
        parse_text(text, path=P)


# == property-based tests ==========================================================================

# Text the format treats as plain: no ':' (so bullets never look like infobox lines), no '|', '=',
# '"', '-' or '*' (so no line looks like a table row, a heading or a bullet), no ',' (items).
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüßøçÅαβγΩλЖж中"
_PUNCT = ".;()&'/+!?%#@"
_word = st.text(alphabet=_LETTERS + _PUNCT, min_size=1, max_size=8)
_plain_word = st.text(alphabet=_LETTERS + ".;&'/+!?%#@", min_size=1, max_size=8)  # no parentheses
_words = st.lists(_word, min_size=1, max_size=5).map(" ".join)
_plain_words = st.lists(_plain_word, min_size=1, max_size=4).map(" ".join)
# Infobox keys: a letter first, then anything but ':' and newlines.
_key = st.builds(
    lambda first, rest: (first + rest).strip(),
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.text(alphabet=_LETTERS + " ()/&'-.|=\"", max_size=30),
).map(lambda k: " ".join(k.split()))
# Infobox values may contain what table and heading syntax use, but no ',' (so items split cleanly).
# Parentheses only in "Name (Role)" items, so that the test knows which items have a role.
_value_word = st.text(alphabet=_LETTERS + ".;&'/+!?%#@" + ':|="-*', min_size=1, max_size=8)
_item = st.one_of(
    st.lists(_value_word, min_size=1, max_size=4).map(" ".join),
    st.tuples(_plain_words, _plain_words).map(lambda nr: f"{nr[0]} ({nr[1]})"),
)
_quoted_text = st.text(alphabet=_LETTERS + _PUNCT + "|:;=-* ", max_size=20).map(str.strip)


@dataclass
class _Expected:
    title: Value
    short_name: Value | None
    infobox: list[tuple[str, Value, list[str] | None]]
    sections: list[tuple[str | None, int, int | None]]
    paragraphs: list[list[tuple[str, int, int]]] = field(default_factory=list)
    lists: list[list[tuple[tuple[Value, ...], tuple[str, int] | None]]] = field(default_factory=list)
    tables: list[list[tuple[list[str], int, list[list[tuple[str, bool, int]]]]]] = field(default_factory=list)
    line_count: int = 0


@st.composite
def _table(draw):
    n = draw(st.integers(1, 5))
    header = draw(st.lists(_words, min_size=n, max_size=n))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = []
        for _ in range(n):
            kind = draw(st.sampled_from(["plain", "list", "quoted", "empty"]))
            if kind == "plain":
                row.append((draw(_words), False))
            elif kind == "list":
                row.append(("; ".join(draw(st.lists(_words, min_size=1, max_size=3))), False))
            elif kind == "quoted":
                row.append((draw(_quoted_text), True))
            else:
                row.append(("", False))
        if all(text == "" and not quoted for text, quoted in row):
            row[0] = (draw(_words), False)  # a row of empty cells reads as a separator row
        rows.append(row)
    return header, rows, draw(st.booleans())


def _render_row(cells: list[tuple[str, bool]], pad: str) -> str:
    return "|" + "|".join(f'{pad}"{t}"{pad}' if q else f"{pad}{t}{pad}" for t, q in cells) + "|"


_block = st.one_of(
    st.tuples(st.just("para"), st.lists(_words, min_size=1, max_size=3)),
    st.tuples(st.just("list"), st.tuples(st.sampled_from("-*"), st.lists(_words, min_size=1, max_size=4))),
    st.tuples(st.just("table"), _table()),
    st.tuples(st.just("heading"), st.tuples(st.integers(2, 5), _words, st.booleans())),
)


@st.composite
def _articles(draw) -> tuple[str, _Expected]:
    lines: list[str] = [""] * draw(st.integers(0, 2))

    def emit(line: str) -> int:
        lines.append(line)
        return len(lines)

    title = draw(_words)
    spaced = draw(st.booleans())
    title_line = emit(f"= {title} =" if spaced else f"={title}=")
    infobox_spec = draw(st.lists(st.tuples(_key, st.lists(_item, max_size=3), st.sampled_from("-*")), max_size=5))
    short = draw(_words.filter(lambda s: not s.endswith(".") and len(s) <= 80)) if infobox_spec else None
    if infobox_spec and draw(st.booleans()):
        emit("")  # a blank line between title and short name (only when something follows it)
    short_value = Value(short, emit(short)) if short is not None and draw(st.booleans()) else None
    infobox = []
    for key, items, bullet in infobox_spec:
        text = ",, ".join(items)
        line = emit(f"{bullet} {key}: {text}".rstrip())
        infobox.append((key, Value(text, line), items))

    sections: list[tuple[str | None, int, int | None]] = [(None, 1, None)]
    exp = _Expected(Value(title, title_line), short_value, infobox, sections)
    exp.paragraphs, exp.lists, exp.tables = [[]], [[]], [[]]
    last_para: tuple[str, int] | None = None
    previous = "head"
    for kind, spec in draw(st.lists(_block, max_size=8)):
        # Blocks of the same kind (and anything after the head) need a blank line between them.
        if previous == kind or previous == "head" or draw(st.booleans()):
            for _ in range(draw(st.integers(1, 2))):
                emit("")
        previous = kind
        if kind == "para":
            start = len(lines) + 1
            for text in spec:
                emit(text)
            exp.paragraphs[-1].append((" ".join(spec), start, len(lines)))
            last_para = (" ".join(spec), start)
        elif kind == "list":
            bullet, items = spec
            values = tuple(Value(text, emit(f"{bullet} {text}")) for text in items)
            exp.lists[-1].append((values, last_para))
            last_para = None
        elif kind == "table":
            header, rows, separator = spec
            pad = draw(st.sampled_from(["", " ", "  "]))
            header_line = emit(_render_row([(h, False) for h in header], pad))
            if separator:
                emit("|" + "|".join(draw(st.sampled_from(["---", " --- ", ":--", "-:"])) for _ in header) + "|")
            parsed_rows = []
            for row in rows:
                line = emit(_render_row(row, pad))
                parsed_rows.append([(text, quoted, line) for text, quoted in row])
            exp.tables[-1].append((header, header_line, parsed_rows))
            last_para = None
        else:
            level, heading, spaced = spec
            marks = "=" * level
            line = emit(f"{marks} {heading} {marks}" if spaced else f"{marks}{heading}{marks}")
            sections.append((heading, level, line))
            exp.paragraphs.append([])
            exp.lists.append([])
            exp.tables.append([])
            last_para = None
    exp.line_count = len(lines)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), exp


def _check_round_trip(article: Article, exp: _Expected) -> None:
    assert article.title == exp.title
    assert article.short_name == exp.short_name
    assert [(e.key, e.value) for e in article.infobox] == [(k, v) for k, v, _ in exp.infobox]
    for entry, (_, value, items) in zip(article.infobox, exp.infobox, strict=True):
        assert [i.text for i in entry.items] == items
        assert all(i.line == value.line for i in entry.items)
        for item, text in zip(entry.items, items, strict=True):
            if text.endswith(")"):
                name, role = text[:-1].split(" (")
                assert item.split_paren() == (name, role)
    assert [s.title for s in article.sections] == [t for t, _, _ in exp.sections]
    assert [s.level for s in article.sections] == [level for _, level, _ in exp.sections]
    assert [s.line for s in article.sections[1:]] == [line for _, _, line in exp.sections[1:]]
    for s, paragraphs, lists, tables in zip(article.sections, exp.paragraphs, exp.lists, exp.tables, strict=True):
        assert [(p.text, p.line, p.end_line) for p in s.paragraphs] == paragraphs
        assert [(b.items, (b.intro.text, b.intro.line) if b.intro else None) for b in s.lists] == lists
        assert [
            (t.columns, t.line, [[(c.text, c.quoted, c.line) for c in row] for row in t.rows]) for t in s.tables
        ] == tables
    assert article.line_count == exp.line_count


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_articles())
def test_well_formed_articles_round_trip(generated: tuple[str, _Expected]):
    text, expected = generated
    _check_round_trip(parse_text(text, path=P), expected)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_articles(), st.booleans())
def test_well_formed_files_round_trip_with_or_without_bom(generated: tuple[str, _Expected], bom: bool):
    text, expected = generated
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        article = parse_file(path)
    assert article.path == path
    _check_round_trip(article, expected)


@settings(max_examples=300, deadline=None)
@given(st.tuples(_plain_words, _plain_words))
def test_split_paren_round_trips(name_role: tuple[str, str]):
    name, role = name_role
    assert Value(f"{name} ({role})", 7).split_paren() == (name, role)
    assert Value(name, 7).split_paren() == (name, None)


# -- no input crashes the parser -------------------------------------------------------------------


def _parses_or_source_error(text: str) -> None:
    try:
        article = parse_text(text, path=P)
    except SourceError as exc:
        assert exc.path == P
        assert exc.line is None or exc.line >= 1
    else:
        assert article.title.line >= 1
        assert article.sections and article.sections[0].title is None


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_text_parses_or_raises_source_error(text: str):
    _parses_or_source_error(text)


_SYNTAX = ["=", "==", "===", " ", "|", '"', "-", "*", ":", ",,", ";", "(", ")", "\n", "\r\n", "a", "Key", "é", "\t"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_SYNTAX), max_size=60).map("".join))
def test_text_made_of_format_syntax_parses_or_raises_source_error(text: str):
    _parses_or_source_error(text)
    _parses_or_source_error("= T =\n" + text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_parse_or_raise_source_error(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bytes.txt"
        path.write_bytes(data)
        try:
            parse_file(path)
        except SourceError as exc:
            assert exc.path == path
