"""The year patterns every stage shares: one definition of a year an article may name, and of the
year a query parameter may be."""

from __future__ import annotations

import re

#: A year an article about networks may name (1500–2099), as a regular-expression fragment (no group).
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
#: A year standing alone as a word: "in 2019", "2019–2021".
YEAR_WORD = re.compile(r"\b" + YEAR + r"\b")
#: The lexical form of an ``xsd:gYear`` that kg accepts from a user: four digits.
GYEAR = re.compile(r"[0-9]{4}")
