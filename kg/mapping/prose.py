"""Which sentences of an article speak about its subject, the network, and by which names.

Facts in prose (founding year, incorporation, reach, conference) are only taken from these
sentences, so that a sentence about a partner, a project or a sister network is never read as a
fact about the network (see :func:`network_sentences`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from types import SimpleNamespace

from kg.core.resources import lexicon, words
from kg.mapping import facts as extract
from kg.mapping.fields import role_of
from kg.mapping.sink import is_acronym
from kg.source.model import Article, Paragraph


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use (not at import), so that a
    malformed ``lexicon.toml`` is reported as a clear error wherever it is first needed."""
    _SECTIONS = lexicon()["sections"]
    # Sections whose prose is about something other than the network (its projects, partners, links).
    _NOT_ABOUT_NETWORK = re.compile(r"\b" + words(_SECTIONS["not_about_network"]) + r"\b", re.I)
    # How a sentence whose subject is the network starts: an optional leading phrase ending in a
    # comma ("In 1991,", "Founded in 1989,"), then its name or "it" / "the network".
    _LEADING_PHRASE = r"(?:(?:[^,.;]|(?<=\d)[,.](?=\d)){1,80},\s*|" + words(_SECTIONS["subject_openers"]) + r"\s+)?"
    _SUBJECT_WORDS = r"it\b|" + words(_SECTIONS["subject_nouns"]) + r"\b"
    # A sentence that refers back to the article's subject without naming it.
    _REFERS_BACK = (
        r"^(?:In\s+\d{4},?\s+)?"
        + words(_SECTIONS["refers_back_at_start"])
        + r"\b|\b"
        + words(_SECTIONS["refers_back"])
        + r"\b"
    )
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("__")})


def subject_names(article: Article) -> set[str]:
    """What the article calls its subject: title, short name, full, short and former names, acronyms."""
    names = {article.title.text}
    if article.short_name:
        names.add(article.short_name.text)
    for e in article.infobox:
        if role_of("infobox", e.key) in ("full_name", "short_name", "former_name"):
            names |= {item.split_paren()[0] for item in e.items}
            names |= {paren for item in e.items if (paren := item.split_paren()[1]) and is_acronym(paren)}
    names |= {acr for name in list(names) if (acr := _acronym(name))}
    return {n for n in names if n.strip()}


def _acronym(name: str) -> str | None:
    """``"European Network of Science Centres (ECSITE)"`` → ``"ECSITE"``."""
    m = re.search(r"\(([A-Z][A-Za-z]{1,15})\)", name)
    return m.group(1) if m else None


def network_sentences(article: Article, names: Iterable[str]) -> Iterator[tuple[Paragraph, int, str, bool]]:
    """The prose sentences that speak about the network, with their paragraph, offset, and whether
    the network is the sentence's subject.

    Facts in prose are only read from sections about the network, not from sections (or their
    sub-sections) about its projects or partners, and only from sentences that name the
    network or refer to it ("it", "the network"). Founding, incorporation and reach need the
    network as the subject ("ECSITE links ...", "In 1991, it was formed ..."), so that
    "Its counterpart Ecsite links 400 institutions" is not read as the subject's reach.
    """
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    mention = re.compile(r"\b(?:" + alternatives + r")\b|" + _patterns()._REFERS_BACK, re.I)
    subject = re.compile(
        r"^"
        + _patterns()._LEADING_PHRASE
        + r"(?:the\s+)?(?:(?:"
        + alternatives
        + r")\b|"
        + _patterns()._SUBJECT_WORDS
        + ")",
        re.I,
    )
    excluded: list[tuple[int, bool]] = []  # the enclosing sections: (level, not about the network)
    for section in article.sections:
        while excluded and excluded[-1][0] >= section.level:
            excluded.pop()
        skip = bool(section.title and _patterns()._NOT_ABOUT_NETWORK.search(section.title))
        skip = skip or any(flag for _, flag in excluded)
        excluded.append((section.level, skip))
        if skip:
            continue
        for p in section.paragraphs:
            for offset, sentence in extract.sentences(p.text):
                if mention.search(sentence):
                    yield p, offset, sentence, bool(subject.match(sentence))
