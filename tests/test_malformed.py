"""Malformed articles: an article that cannot be read at all is an error naming the file, the line
and the problem; anything else read other than as written is a warning naming them, and the build
goes on (``--strict`` makes it an error, ``--keep-going`` leaves an unreadable article out).

Data-driven: every ``tests/data/malformed/*.txt`` has a table in ``expected.toml`` (same name, no
``.txt``) with the line, a message fragment and the outcome. Each case is checked through the
library (``parse_file`` / ``assemble``) and through the CLI (exit code 2 for an error or under
``--strict``, ``file:line`` on stderr, no output folder written, a previous output folder left
byte-identical).
"""

from __future__ import annotations

import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT, SourceError
from kg.publish.knowledge import assemble
from kg.rdf.ontology import load_ontology
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.parse import parse_article as parse_file

MALFORMED = Path(__file__).parent / "data" / "malformed"
ARTICLES = Path(__file__).parent / "data" / "articles"
GOOD = ARTICLES / "nordic_festivals.txt"
CONFIG = Config(base="https://example.org/id/", materialise=("https://w3id.org/kg/ontology#", "http://schema.org/"))


@dataclass(frozen=True)
class Case:
    name: str
    line: int | None
    message: str
    stage: str
    xfail: str | None
    outcome: str

    @property
    def path(self) -> Path:
        return MALFORMED / f"{self.name}.txt"

    def where(self, path: Path) -> str:
        """How the error message must start: ``file:line:`` (or ``file:`` without a line)."""
        return f"{path}:{self.line}: " if self.line is not None else f"{path}: "


def _load_cases() -> list[Case]:
    data = tomllib.loads((MALFORMED / "expected.toml").read_text(encoding="utf-8"))
    return [
        Case(name, spec.get("line"), spec["message"], spec["stage"], spec.get("xfail"), spec["outcome"])
        for name, spec in data.items()
    ]


CASES = _load_cases()
ERRORS = [c for c in CASES if c.outcome == "error"]
WARNINGS = [c for c in CASES if c.outcome == "warning"]


def _params(cases: list[Case]) -> list:
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
        for c in cases
    ]


def _build(*args: str | Path):
    return CliRunner().invoke(main, ["build", *(str(a) for a in args)])


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the fixtures themselves ---------------------------------------------------------------------


def test_every_malformed_file_has_an_expectation_and_vice_versa():
    files = {p.stem for p in MALFORMED.glob("*.txt")}
    assert files == {c.name for c in CASES}
    for c in CASES:
        assert c.stage in ("parse", "map"), c.name
        assert c.message, c.name


def test_the_encoding_fixtures_are_what_they_claim():
    # Guard: an editor or a checkout filter that "fixes" these files would make their tests vacuous.
    data = (MALFORMED / "not_utf8.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("latin-1").splitlines()[4].startswith("- Key People: Jürgen")
    assert b"\x00" in (MALFORMED / "nul_byte.txt").read_bytes()
    assert (MALFORMED / "empty.txt").read_bytes() == b""
    assert (MALFORMED / "whitespace_only.txt").read_bytes().strip() == b""
    assert (MALFORMED / "whitespace_only.txt").read_bytes() != b""


# -- library ---------------------------------------------------------------------------------------


def test_every_case_has_an_outcome_and_only_unreadable_articles_are_errors():
    assert {c.outcome for c in CASES} == {"error", "warning"}
    assert {c.name for c in ERRORS} == {
        "not_utf8",
        "nul_byte",
        "control_character",
        "empty",
        "whitespace_only",
        "no_title",
        "title_not_level_one",
    }


@pytest.mark.parametrize("case", _params(ERRORS))
def test_library_raises_source_error_naming_file_and_line(case: Case):
    with pytest.raises(SourceError) as parsed:
        parse_file(case.path)
    _check_error(parsed.value, case, case.path)
    with pytest.raises(SourceError) as built:
        assemble([case.path], config=CONFIG, aliases=Aliases())
    _check_error(built.value, case, case.path)


@pytest.mark.parametrize("case", _params(WARNINGS))
def test_a_value_read_otherwise_is_a_warning_naming_file_and_line_and_the_build_goes_on(case: Case):
    article = parse_file(case.path)
    assert article.title.text == "Baltic Network of Science Centres"
    if case.stage == "parse":
        assert any(line == case.line and case.message in message for line, message in article.warnings)
    k = assemble([case.path], config=CONFIG, aliases=Aliases())
    assert len(k.graph) > 0
    found = [n for n in k.notices if n.line == case.line and case.message in n.message]
    assert found, [str(n) for n in k.notices]
    assert str(found[0]).startswith(case.where(case.path))


def _check_error(error: SourceError, case: Case, path: Path) -> None:
    assert error.path == path
    assert error.line == case.line
    assert case.message in error.reason
    assert str(error).startswith(case.where(path))
    assert case.message in str(error)


def test_assemble_names_the_bad_file_among_good_ones():
    bad = MALFORMED / "no_title.txt"
    with pytest.raises(SourceError) as exc:
        assemble([GOOD, bad, ARTICLES / "danube_science_centres.txt"], config=CONFIG, aliases=Aliases())
    assert exc.value.path == bad
    assert exc.value.line == 2


def test_keep_going_leaves_out_the_unreadable_articles_and_lists_them():
    bad = [MALFORMED / "no_title.txt", MALFORMED / "not_utf8.txt"]
    k = assemble(
        [GOOD, *bad, ARTICLES / "danube_science_centres.txt"], config=CONFIG, aliases=Aliases(), keep_going=True
    )
    assert [e.path for e in k.unreadable] == bad
    assert [p.name for p in k.sources] == ["nordic_festivals.txt", "danube_science_centres.txt"]
    assert next(iter(k.graph)) != (None, None, None)


def test_not_utf8_error_without_bom_names_line_byte_and_offset(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"= Title =\n\xfcber\n")
    with pytest.raises(SourceError) as exc:
        parse_file(path)
    assert exc.value.line == 2
    assert "byte 0xfc at offset 10" in exc.value.reason


def test_not_utf8_error_after_a_bom_names_the_right_line_and_byte(tmp_path: Path):
    path = tmp_path / "bom_then_latin1.txt"
    # UTF-8 BOM, a title line, then a Latin-1 "ü" as the first byte of line 2 (offset 13 in the file).
    path.write_bytes(b"\xef\xbb\xbf= Title =\n\xfcber\n")
    with pytest.raises(SourceError) as exc:
        parse_file(path)
    assert exc.value.line == 2  # today: 1
    assert "byte 0xfc at offset 13" in exc.value.reason  # today: "byte 0x20 at offset 10"


# -- CLI -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _params(CASES))
def test_cli_exits_2_naming_file_and_line_and_writes_nothing(case: Case, tmp_path: Path):
    """An unreadable article always; a value read otherwise under --strict."""
    source = tmp_path / "src" / case.path.name
    source.parent.mkdir()
    source.write_bytes(case.path.read_bytes())
    out = tmp_path / "out"
    result = _build(source, "--out", out, "--source-dir", tmp_path / "no-config", "--strict")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.startswith("error: " + case.where(source)), result.stderr
    assert case.message in result.stderr
    assert "built" not in result.stdout
    assert not out.exists()
    # no staging folder (".out.new-…") left behind either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


@pytest.mark.parametrize(
    "case",
    _params([c for c in CASES if c.name in ("unterminated_heading", "not_utf8", "bad_timeframe", "empty")]),
)
def test_cli_failing_build_leaves_previous_output_byte_identical(case: Case, tmp_path: Path):
    out = tmp_path / "out"
    config = tmp_path / "no-config"
    first = _build(GOOD, "--out", out, "--source-dir", config)
    assert first.exit_code == 0, first.output
    before = _snapshot(out)
    assert "graph.ttl" in before and ".kg-build" in before
    assert b"Nordic Association of Science Festivals" in before["graph.ttl"]
    siblings = sorted(p.name for p in tmp_path.iterdir())

    # A good source listed first must not get a partial build published either.
    failed = _build(GOOD, case.path, "--out", out, "--source-dir", config, "--strict")
    assert failed.exit_code == EXIT_BAD_INPUT, failed.output
    assert case.where(case.path) in failed.stderr

    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings


def test_cli_successful_rebuild_does_replace_the_output(tmp_path: Path):
    # The counterpart of the test above: without it, "output unchanged" could mean "never written".
    out = tmp_path / "out"
    config = tmp_path / "no-config"
    assert _build(GOOD, "--out", out, "--source-dir", config).exit_code == 0
    before = _snapshot(out)
    again = _build(ARTICLES / "danube_science_centres.txt", "--out", out, "--source-dir", config)
    assert again.exit_code == 0, again.output
    after = _snapshot(out)
    assert after["graph.ttl"] != before["graph.ttl"]
    assert b"Danube Network of Science Centres" in after["graph.ttl"]


def test_cli_missing_source_file_exits_2(tmp_path: Path):
    missing = tmp_path / "missing.txt"
    result = _build(missing, "--out", tmp_path / "out", "--source-dir", tmp_path / "no-config")
    assert result.exit_code == EXIT_BAD_INPUT
    assert str(missing) in result.stderr
    assert not (tmp_path / "out").exists()


# -- any input: a graph or a SourceError, never another exception ----------------------------------

_ONTOLOGY = load_ontology()
_FRAGMENTS = [
    "= T =",
    "== Projects ==",
    "==X==",
    "=== Current projects ===",
    "== Members ==",
    "- Key People: A (B),, C",
    "- Key People: (Chair),, ()",
    "- Headquarters: X, ",
    "- Headquarters: ,",
    "- Founded: long ago",
    "- Membership: 1,000-2",
    "- Membership: About",
    "- Website: ftp://x",
    "- Location Country: Narnia",
    "- Location City: Porto",
    "- Full Name: (X)",
    "- Region Served: ,,",
    "- Type:",
    "ABC",
    "Sister networks are:",
    "- Foo (BAR)",
    "- http://x y",
    "== See also ==",
    "In 2001, it was formed under Belgian jurisdiction.",
    "| Project | Timeframe | Funders | Participating Organisations |",
    "| a | 2020-2021 | x's y | b;c |",
    "| b | 2020-present | Horizon (EU) | ; |",
    '| "" | 2020-21 | x | y |',
    "| Name | Start | End |",
    "| a | 2020 | 2021 |",
    "| a |  | 2021 |",
    "| Coordinator | Project |",
    "| q | r |",
    "| Lead | Project | Abstract |",
    '| z | p | "Led by the Zeta." |',
    "|---|---|",
    "| Member | Country |",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_FRAGMENTS),
            st.text(max_size=20),
            st.tuples(st.sampled_from(_FRAGMENTS), st.text(max_size=6)).map("".join),
        ),
        max_size=25,
    )
)
def test_any_article_gives_a_graph_or_a_source_error(lines: list[str]):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        text = "= Fuzz =\n" + "\n".join(lines) + "\n"
        path.write_bytes(text.encode("utf-8"))
        line_count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
        try:
            knowledge = assemble([path], config=CONFIG, aliases=Aliases(), ontology=_ONTOLOGY)
        except SourceError as exc:
            assert exc.path == path
            assert exc.line is None or 1 <= exc.line <= line_count
        else:
            assert len(knowledge.graph) > 0


@pytest.mark.parametrize("case", _params(WARNINGS))
def test_cli_builds_an_article_with_a_value_read_otherwise_and_prints_the_warning(case: Case, tmp_path: Path):
    out = tmp_path / "out"
    result = _build(case.path, "--out", out, "--source-dir", tmp_path / "no-config")
    assert result.exit_code == 0, result.output
    assert f"warning: {case.where(case.path)}" in result.stderr
    assert case.message in result.stderr
    assert (out / "graph.ttl").is_file()


def test_cli_keep_going_publishes_the_readable_articles_lists_the_others_and_exits_2(tmp_path: Path):
    out = tmp_path / "out"
    bad = MALFORMED / "no_title.txt"
    result = _build(GOOD, bad, ARTICLES / "danube_science_centres.txt", "--out", out, "--keep-going")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: {bad}:2: " in result.stderr
    assert "1 article(s) could not be read" in result.stderr
    published = sorted(p.name for p in (out / "source").iterdir())
    assert published == ["danube_science_centres.txt", "nordic_festivals.txt"]
    without = _build(GOOD, bad, "--out", tmp_path / "other")
    assert without.exit_code == EXIT_BAD_INPUT and not (tmp_path / "other").exists()
