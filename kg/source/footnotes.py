"""Reference markers copied from an encyclopaedia (``[1]``, ``[a]``, ``[note 3]``, ``[citation
needed]``): not data, removed wherever they stand."""

from __future__ import annotations

import re

#: A reference marker: digits, one lower-case letter, "note N" or a "... needed" phrase in single
#: square brackets (never the brackets of a ``[[wiki link]]``), with the spaces before it.
MARKER = r"(?<!\[)\[(?:\d{1,3}|[a-z]|[Nn]ote \d{1,3}|[A-Za-z][A-Za-z -]{0,40} needed)\](?!\])"
_FOOTNOTE = re.compile(rf"[^\S\r\n]*{MARKER}")
#: The end of a quoted cell: the closing quote, any reference markers after it, then '|'.
QUOTE_END = re.compile(rf'"(?:\s*{MARKER})*\s*\|')


def strip_footnotes(text: str) -> str:
    """``text`` without reference markers and the spaces before them: ``"DOORS[3]"`` is ``"DOORS"``.

    Only the marker forms are removed; ``[[Title|label]]`` links, ``[https://url label]`` external
    links and other bracketed text (``[sic]``, ``[2019]``) stay for later stages to read.
    """
    return _FOOTNOTE.sub("", text) if "[" in text else text
