"""Candidate duplicates for a curator: names that may denote the same organisation.

Nothing here merges anything. The build merges only names listed in the alias file; this report
proposes lines for that file, with the reason and the source lines, for a person to accept or not.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.core.resources import package_data
from kg.core.text import plain_words
from kg.core.vocab import KGO, SCHEMA
from kg.publish.knowledge import Inputs, knowledge

SIMILARITY = 0.9
#: A token shared by more organisations than this is too common to pair them on.
MAX_BLOCK = 60
#: The other names an organisation has in the graph, compared as well as its schema:name.
_OTHER_NAMES = (KGO.shortName, KGO.acronym, SCHEMA.alternateName)
_STOP = {"the", "of", "and", "for", "de", "des", "del", "della", "di", "la", "le", "van", "der", "du", "en", "in"}


@dataclass(frozen=True, order=True)
class Candidate:
    reason: str
    name_a: str
    name_b: str
    iri_a: URIRef
    iri_b: URIRef
    lines_a: tuple[str, ...]
    lines_b: tuple[str, ...]


@cache
def _legal_forms() -> frozenset[str]:
    lines = package_data("legal_forms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_plain(x) for x in lines if x.strip() and not x.startswith("#"))


def _plain(text: str) -> str:
    return plain_words(text)


def _tokens(name: str) -> list[str]:
    """Words of a name without legal-form words and a leading article."""
    words = _plain(name).split()
    forms = _legal_forms()
    words = [w for w in words if w not in forms]
    if words[:1] == ["the"]:
        words = words[1:]
    return words


def _acronym(tokens: list[str]) -> str:
    return "".join(w[0] for w in tokens if w not in _STOP)


def _reason(a: str, b: str) -> str | None:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return None
    if ta == tb:
        return "same name apart from case, accents, punctuation, a leading 'The' or a legal form"
    (short, short_name), (long_, long_name) = sorted(((ta, a), (tb, b)), key=lambda x: len(x[0]))
    if long_[: len(short)] == short and len(long_) > len(short):
        # "Heureka" and "Heureka, Vantaa" or "Heureka, the Finnish Science Centre": a place or a
        # description after a comma; "Ars Electronica" and "Ars Electronica Linz": one word more.
        # Not "European Union" and "European Union Agency for Fundamental Rights": another body.
        described = bool(re.match(re.escape(short_name.strip()) + r"\s*[,(–—-]", long_name.strip(), re.I))
        more = [w for w in long_[len(short) :] if w not in _STOP]
        if described or (len(short) >= 2 and len(more) == 1):
            return "one name is the other shortened"
    if len(short) == 1 and len(long_) >= 3 and short[0] == _acronym(long_):
        return "one name is the acronym of the other"
    if difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() >= SIMILARITY:
        return "very similar spelling"
    return None


def _lines(graph: Graph, node: URIRef) -> tuple[str, ...]:
    found = []
    for src in graph.objects(node, PROV.wasDerivedFrom):
        doc, _, frag = str(src).partition("#line=")
        if frag:
            found.append(f"{doc.rsplit('/', 1)[-1]}:{frag.rsplit(',', 1)[-1]}")
    return tuple(sorted(set(found), key=lambda s: (s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1]))))


def find_candidates(graph: Graph) -> list[Candidate]:
    """Pairs of distinct organisations whose names suggest they may be one, sorted.

    Every name an organisation has is compared: its name, short name, acronym and alternate names,
    so that "NEMO" in one article meets the Network of European Museum Organisations (NEMO).
    """
    names: dict[URIRef, str] = {}
    labels: dict[URIRef, list[str]] = {}
    for org in graph.subjects(RDF.type, KGO.Organisation):
        name = graph.value(org, SCHEMA.name)
        if isinstance(org, URIRef) and name is not None:
            names[org] = str(name)
            others = {str(o) for p in _OTHER_NAMES for o in graph.objects(org, p)} - {str(name)}
            labels[org] = [str(name), *sorted(others)]
    blocks: dict[str, set[URIRef]] = defaultdict(set)
    for org, all_names in labels.items():
        for label in all_names:
            tokens = _tokens(label)
            for token in tokens:
                if token not in _STOP:
                    blocks[token].add(org)
            if len(tokens) == 1:
                blocks["#" + tokens[0]].add(org)
            elif tokens:
                blocks["#" + _acronym(tokens)].add(org)
    pairs: set[tuple[URIRef, URIRef]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    found = []
    for a, b in sorted(pairs):
        reason = _pair_reason(names[a], labels[a], names[b], labels[b])
        if reason:
            found.append(Candidate(reason, names[a], names[b], a, b, _lines(graph, a), _lines(graph, b)))
    return sorted(found, key=lambda c: (c.name_a.casefold(), c.name_b.casefold()))


def _pair_reason(name_a: str, labels_a: list[str], name_b: str, labels_b: list[str]) -> str | None:
    """Why two organisations may be one: by their names first, else by their other names."""
    for la in labels_a:
        for lb in labels_b:
            reason = _reason(la, lb)
            if reason:
                if (la, lb) == (name_a, name_b):
                    return reason
                return f"{reason} ({la!r} and {lb!r})"
    return None


def format_candidates(candidates: list[Candidate], *, fmt: str) -> str:
    """``text`` for reading, ``csv`` as rows to paste into the alias file (canonical first; edit as needed)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["canonical", "alias", "kind", "note"])
        for c in candidates:
            canonical, alias = sorted((c.name_a, c.name_b), key=lambda n: (-len(n), n))
            writer.writerow([canonical, alias, "candidate", f"{c.reason}; review before keeping"])
        return out.getvalue()
    if not candidates:
        return "no candidate duplicates\n"
    blocks = []
    for c in candidates:
        blocks.append(
            f"{c.name_a!r}  ~  {c.name_b!r}\n  why: {c.reason}\n"
            f"  {c.iri_a}  ({', '.join(c.lines_a)})\n  {c.iri_b}  ({', '.join(c.lines_b)})\n"
        )
    return f"{len(candidates)} candidate duplicate(s); add the ones that are real to the alias file:\n\n" + "\n".join(
        blocks
    )


def duplicates(inputs: Inputs) -> list[Candidate]:
    """Build the graph of the sources in memory (alias list applied) and list what may still be duplicated."""
    k = knowledge(inputs)
    return find_candidates(k.graph)
