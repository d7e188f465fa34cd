"""Fuzz: real articles mutated the way careless edits and copy-paste break them (a stray '|', '=',
'[[' or backslash, control and invisible characters, truncated, duplicated or swapped lines).

Properties: kg never fails with an internal error; an article is either read (perhaps with
warnings, each naming its line) or refused with a SourceError naming the file and a line; a
graph that is built validates without an internal error. Bounded: a fixed number of examples.
A long run by hand: ``KG_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError, SourceError
from kg.publish.knowledge import assemble
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.validation.shacl import validate

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(
    [
        ROOT / "sources" / "ecsite.txt",
        *(ROOT / "tests" / "data").glob("articles/*.txt"),
        *(ROOT / "tests" / "data").glob("wikipedia/*.txt"),
    ]
)
TEXTS = {p.name: p.read_text(encoding="utf-8-sig") for p in ARTICLES}
CONFIG = Config(base="https://example.org/id/")
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "40"))
INSERTS = [
    "|",
    "||",
    "=",
    "==",
    "[[",
    "]]",
    "[[a|b",
    "\\",
    "\\u",
    '"',
    ",,",
    ":",
    "- ",
    "\t",
    "\u200b",
    "\u00a0",
    "\u2028",
    "\x07",
    "(",
    ")",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["insert", "truncate", "duplicate", "swap", "delete", "cut"]))
        if action == "insert":
            at = draw(st.integers(min_value=0, max_value=len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(INSERTS)) + lines[i][at:]
        elif action == "truncate":
            lines[i] = lines[i][: draw(st.integers(min_value=0, max_value=len(lines[i])))]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif action == "delete":
            del lines[i]
        elif action == "cut":
            lines = lines[: i + 1]
    return name, "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(mutated())
def test_a_mutated_article_is_read_or_refused_with_its_file_and_line_never_an_internal_error(case):
    name, text = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            k = assemble([path], config=CONFIG, aliases=Aliases())
        except SourceError as exc:
            assert exc.path == path
            assert exc.line is not None or "empty file" in exc.reason, str(exc)
            return
        assert all(n.path == path for n in k.notices)
        try:
            validate(k.graph, sources=k.sources)
        except KgError as exc:  # bad input is fine; a crash is not
            raise AssertionError(f"validation refused a built graph: {exc}") from None
