"""The curated alias list: read strictly, applied exactly, never guessed."""

from __future__ import annotations

import pytest

from kg.errors import SourceError
from kg.source.aliases import load_aliases

HEADER = "canonical,alias,kind,note\n"


def write(tmp_path, body: str):
    path = tmp_path / "aliases.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_alias_resolves_and_unknown_names_stay(tmp_path):
    aliases = load_aliases(write(tmp_path, "Acme Foundation,Acme Foundation GmbH,legal-form,\n"))
    assert aliases.canonical("Acme  Foundation GmbH") == "Acme Foundation"  # spacing folded
    assert aliases.canonical("Acme Foundation Ltd") == "Acme Foundation Ltd"  # never fuzzy
    assert aliases.aliases_of("Acme Foundation") == ["Acme Foundation GmbH"]


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("A,B,x,\nC,B,x,\n", 3, "already an alias of 'A'"),
        ("A,B,x,\nB,C,x,\n", 3, "is itself an alias"),
        ("A,A,x,\n", 2, "alias of itself"),
        (",B,x,\n", 2, "must be filled in"),
        ("A,B\n", 2, "expected 4 columns"),
    ],
)
def test_bad_alias_lists_name_the_line(tmp_path, body, line, fragment):
    with pytest.raises(SourceError) as err:
        load_aliases(write(tmp_path, body))
    assert err.value.line == line
    assert fragment in str(err.value)


def test_header_is_checked(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,other\n")
    with pytest.raises(SourceError, match="header"):
        load_aliases(path)


@pytest.mark.parametrize(
    ("a", "b", "paired"),
    [
        ("Heureka", "Heureka, Vantaa", True),
        ("Heureka", "Heureka, the Finnish Science Centre", True),
        ("Ars Electronica", "Ars Electronica Linz GmbH & Co KG", True),
        ("European Union", "European Union Agency for Fundamental Rights", False),
        ("European Union", "European Union Intellectual Property Office", False),
    ],
)
def test_duplicates_pair_a_name_with_its_described_forms_but_not_with_another_body_it_starts(a, b, paired):
    from kg.curation.duplicates import _reason

    assert (_reason(a, b) is not None) is paired
    assert (_reason(b, a) is not None) is paired
