"""Text helpers every stage shares: one way to collapse spaces, drop accents, fold names for
matching, and split off a trailing parenthesis."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")
_TRAILING_PAREN = re.compile(r"^(?P<before>.*?)\s*\((?P<inside>[^()]*)\)\s*$")
_BEFORE_PAREN = re.compile(r"^(?P<before>[^(]*?)\s*\(.*\)\s*$")


def squash_spaces(text: str) -> str:
    """Runs of any whitespace (non-breaking and other Unicode spaces too) as one space, trimmed."""
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    """Latin accents dropped (``"México"`` → ``"Mexico"``); compatibility forms decomposed (NFKD)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored, spaces collapsed (``"México"`` is ``"mexico"``)."""
    return squash_spaces(strip_accents(text.casefold()))


def plain_words(text: str) -> str:
    """The words of a name for comparing names: ``&`` read as *and*, accents, case and punctuation ignored."""
    return squash_spaces(_NON_WORD.sub(" ", strip_accents(text.replace("&", " and ")).casefold()))


def trailing_paren(text: str) -> tuple[str, str] | None:
    """``"Text (inside)"`` → (``"Text"``, ``"inside"``): a last parenthesis with none inside it; else None."""
    m = _TRAILING_PAREN.match(text)
    return (m.group("before"), m.group("inside")) if m else None


def before_paren(text: str) -> str | None:
    """``"Brussels (Belgium) (HQ)"`` → ``"Brussels"``: the text before the first of closing parentheses."""
    m = _BEFORE_PAREN.match(text)
    return m.group("before") if m else None
