"""Funder strings from project tables, split into funding body, programme, acronym and grant number.

"European Union´s Horizon 2020 Framework Programme", "Horizon 2020 (European Commission)",
"European Commission – Horizon Europe", "National Science Foundation (NSF)": which part names the
funder and which the programme is decided by funding-body and programme words, which are data in
``kg/data/lexicon.toml`` (section ``[funding]``). :mod:`kg.mapping.article.facts` re-exports :func:`funding`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from types import SimpleNamespace

from kg.core.resources import lexicon, words
from kg.core.text import squash_spaces, trailing_paren

_POSSESSIVE = re.compile(r"^(?P<funder>.+?)\s*(?:´|'|’)s\s+(?P<programme>.+)$")
_DASH = re.compile(r"^(?P<left>.+?)\s+[-–—]\s+(?P<right>.+)$")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.+-]{1,11}")


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use (not at import), so that a
    malformed ``lexicon.toml`` is reported as a clear error wherever it is first needed."""
    _FU = lexicon()["funding"]
    _OF_THE = re.compile(
        r"^(?P<programme>.+?\b"
        + words(_FU["programme_heads"])
        + r")\s+"
        + words(_FU["of_words"])
        + r"\s+(?P<funder>.+)$"
    )
    _ABBREVIATIONS: dict[str, str] = _FU["abbreviations"]
    _LEADING_ABBREVIATION = re.compile(r"^(?P<abbreviation>" + words(_ABBREVIATIONS) + r")\s+(?P<rest>.+)$")
    _PROGRAMME_WORD = re.compile(r"(?<!\w)" + words(_FU["programme_words"]) + r"(?!\w)", re.I)
    _PROGRAMME_ACRONYM = re.compile(r"(?<!\w)" + words(_FU["programme_acronyms"]) + r"(?!\w)")
    _FUNDER_WORD = re.compile(r"(?<!\w)" + words(_FU["funder_words"]) + r"(?!\w)", re.I)
    _GRANT = re.compile(
        r"[\s,;]*" + words(_FU["grant_markers"]) + r"\s*(?:" + words(_FU["number_markers"]) + r")?\s*:?\s*"
        r"(?P<grant>[\w/-]*\d[\w/-]*)\.?\s*$",
        re.I,
    )
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("__")})


@dataclass(frozen=True)
class Funding:
    """What a funder string names: the funding body, its programme, a short name and a grant number.

    ``acronym`` is the short name the string gives the funder ("National Science Foundation (NSF)"),
    or the programme when it names no funder; ``grant`` the grant agreement number cut off the end.
    """

    funder: str | None
    programme: str | None
    acronym: str | None = None
    grant: str | None = None


def _kind(part: str) -> str | None:
    """``programme``, ``funder`` or ``acronym``, by the words in ``part`` (None: a plain name)."""
    if _patterns()._PROGRAMME_WORD.search(part) or _patterns()._PROGRAMME_ACRONYM.search(part):
        return "programme"
    if part in _patterns()._ABBREVIATIONS or _patterns()._FUNDER_WORD.search(part):
        return "funder"
    if _ACRONYM.fullmatch(part) and sum(c.isupper() for c in part) >= 2:
        return "acronym"
    return None


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` may be ``name``'s acronym: its letters, in order, the first one a word's initial.

    "NSF" for "National Science Foundation", "FFG" for "... Forschungsförderungsgesellschaft"; not
    "UK" for "Wellcome Trust".
    """
    letters, rest = [c.casefold() for c in short if c.isalnum()], iter(name.casefold())
    initials = {w[0].casefold() for w in re.findall(r"\w+", name)}
    return bool(letters) and letters[0] in initials and all(c in rest for c in letters)


def _body(name: str) -> tuple[str, str | None]:
    """A funder's name without a leading "the", and its abbreviation expanded ("EU" → European Union)."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return (_patterns()._ABBREVIATIONS[name], name) if name in _patterns()._ABBREVIATIONS else (name, None)


def _pair(funder: str, programme: str) -> Funding:
    name, abbreviation = _body(funder)
    return Funding(name, programme.strip(), acronym=abbreviation)


def _whole(text: str, acronym: str | None = None) -> Funding:
    if _kind(text) == "programme":
        return Funding(None, text, acronym=acronym)
    if text in _patterns()._ABBREVIATIONS:
        return Funding(_patterns()._ABBREVIATIONS[text], None, acronym=text)
    return Funding(text, None, acronym=acronym)


def _split(text: str) -> Funding:
    for pattern in (_POSSESSIVE, _patterns()._OF_THE):
        m = pattern.match(text)
        if m and _patterns()._PROGRAMME_WORD.search(m.group("programme")):
            return _pair(m.group("funder"), m.group("programme"))
    m = _patterns()._LEADING_ABBREVIATION.match(text)
    if m and _kind(m.group("rest")) == "programme":  # "EU Horizon 2020"
        return _pair(m.group("abbreviation"), m.group("rest"))
    dash = _DASH.match(text)
    parts = (dash.group("left"), dash.group("right")) if dash else trailing_paren(text)
    if parts is None or not parts[0] or not parts[1]:
        return _whole(text)
    first, second = (s.strip() for s in parts)
    kinds = (_kind(first), _kind(second))
    if kinds == ("funder", "programme"):  # "European Commission (FP7 Science in Society)", "EC – Horizon Europe"
        return _pair(first, second)
    if kinds == ("programme", "funder"):  # "Horizon 2020 (European Commission)"
        return _pair(second, first)
    if kinds[1] == "acronym" and _abbreviates(second, first):  # "National Science Foundation (NSF)"
        return _whole(first, acronym=second)
    if kinds[0] == "acronym" and dash is not None and _abbreviates(first, second):  # "FFG – Österreichische ..."
        return _whole(second, acronym=first)
    if "programme" in kinds or dash is not None:  # "Erasmus+ (KA2 Sector Skills Alliances)": one programme
        return _whole(text)
    return Funding(first, None)  # "Wellcome Trust (UK)": the funder, without the aside


def funding(text: str) -> Funding:
    """Split a funder string into funder and programme, by funding-body and programme words.

    ``"European Union´s Horizon 2020 Framework Programme"`` → (European Union, Horizon 2020 ...);
    ``"Erasmus+ Programme of the European Union"`` → (European Union, Erasmus+ Programme);
    ``"Horizon 2020 (European Commission)"``, ``"European Commission – Horizon 2020"`` → both;
    ``"Erasmus+ (KA2 Sector Skills Alliances)"`` → a programme only; ``"... under grant agreement
    No 693669"`` → ``grant`` 693669.
    """
    text = squash_spaces(text)
    m = _patterns()._GRANT.search(text)
    if m and m.start() > 0:
        return replace(_split(text[: m.start()]), grant=m.group("grant"))
    return _split(text)
