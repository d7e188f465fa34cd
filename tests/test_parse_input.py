"""Characters that are not text in a source article: refused naming the file, line, column and character."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import SourceError
from kg.source.parse import parse_article as parse_file

MALFORMED = Path(__file__).parent / "data" / "malformed"
TITLE = b"= Baltic Network of Science Centres =\n\n"


def _article(tmp_path: Path, body: bytes) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(TITLE + body)
    return path


def _error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as exc:
        parse_file(path)
    return exc.value


def test_the_control_character_fixture_is_what_it_claims():
    # Guard: an editor that drops the BEL would make the malformed-folder case vacuous.
    lines = (MALFORMED / "control_character.txt").read_bytes().split(b"\n")
    assert b"\x07" in lines[6]
    assert sum(line.count(b"\x07") for line in lines) == 1


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x01", "SOH"), ("\x07", "BEL"), ("\x08", "BS"), ("\x0b", "VT"), ("\x0c", "FF"), ("\x1b", "ESC"), ("\x1f", "US")],
)
def test_a_control_character_is_refused_naming_line_column_and_character(tmp_path: Path, char: str, name: str):
    path = _article(tmp_path, f"BNSC\nFounded in{char}2001.\n".encode())
    error = _error(path)
    assert error.path == path
    assert error.line == 4
    assert f"U+{ord(char):04X} ({name}) control character at column 11" in error.reason
    assert str(error).startswith(f"{path}:4: ")


def test_nul_names_the_character_too(tmp_path: Path):
    error = _error(_article(tmp_path, b"BNSC\x00\n"))
    assert error.line == 3
    assert "U+0000 (NUL) control character at column 5" in error.reason


@pytest.mark.parametrize("char", ["\t", "\u0085", "\u2028", "\x7f"])
def test_tab_and_characters_beyond_c0_are_text(tmp_path: Path, char: str):
    article = parse_file(_article(tmp_path, f"BNSC\nFounded{char}in 2001.\n".encode()))
    assert f"Founded{char}in 2001." in article.sections[0].paragraphs[0].text


@pytest.mark.parametrize(("newline", "line"), [(b"\n", 5), (b"\r\n", 5), (b"\r", 5)])
def test_line_numbers_count_every_kind_of_line_end(tmp_path: Path, newline: bytes, line: int):
    body = newline.join([b"BNSC", b"", b"A \x02 B", b""])
    path = tmp_path / "article.txt"
    path.write_bytes(TITLE.replace(b"\n", newline) + body)
    error = _error(path)
    assert error.line == line
    assert "U+0002 (STX) control character at column 3" in error.reason


def test_a_byte_order_mark_at_the_start_is_allowed(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TITLE + b"BNSC\n")
    assert parse_file(path).title.text == "Baltic Network of Science Centres"


def test_a_byte_order_mark_elsewhere_is_refused(tmp_path: Path):
    error = _error(_article(tmp_path, "BNSC\nA\ufeffB\n".encode()))
    assert error.line == 4
    assert "U+FEFF byte order mark at column 2" in error.reason


def test_a_second_byte_order_mark_at_the_start_is_refused(tmp_path: Path):
    path = tmp_path / "two-boms.txt"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + TITLE)
    error = _error(path)
    assert error.line == 1
    assert "U+FEFF byte order mark at column 1" in error.reason


@given(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufeff"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
def test_any_text_with_a_forbidden_character_names_its_line(before: str, bad: str, after: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        text = "= T =\n" + before + bad + after + "\n"
        path.write_bytes(text.encode("utf-8"))
        with pytest.raises(SourceError) as exc:
            parse_file(path)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    first = min(normalised.index(c) for c in normalised if c in bad or (c < " " and c not in "\t\n") or c == "\ufeff")
    assert exc.value.line == normalised[:first].count("\n") + 1
    assert f"U+{ord(normalised[first]):04X}" in exc.value.reason
