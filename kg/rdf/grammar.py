"""The character classes of the Turtle 1.1 grammar that the writers and the compactors check names against."""

from __future__ import annotations

import re

# The character classes of the Turtle 1.1 grammar (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS = _BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
#: A local name written without escapes (PN_LOCAL less ':' and PLX, which are never needed).
PN_LOCAL = re.compile(f"[{_BASE}_0-9](?:[{_CHARS}.]*[{_CHARS}])?")
PN_PREFIX = re.compile(f"(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?")
BNODE_LABEL = re.compile(f"[{_BASE}_0-9](?:[{_CHARS}.]*[{_CHARS}])?")

#: Characters an IRI may hold that Unicode calls white space (U+00A0, U+2028 …): written as UCHAR,
#: because line- and regex-based readers (rdflib's N-Triples parser among them) stop at them.
IRI_SPACE = re.compile(r"[^\S\x00-\x20]")
