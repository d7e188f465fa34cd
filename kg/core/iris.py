"""Stable, readable IRIs: ``{base}{kind}/{slug}`` (``{scope}_{slug}`` for entities scoped to an article), minted once every name in the build is known.

The mapping refers to entities by :class:`Ref` (a kind and the exact key that identifies the
entity, e.g. an organisation's canonical name). Only when all references are collected does
:class:`Minter` turn them into IRIs, so that two different keys that would share a slug (``"Foo &
Bar"`` and ``"Foo Bar"``) are told apart the same way whatever order the sources are read in.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from pyoxigraph import NamedNode
from rdflib import URIRef

from kg.core.text import strip_accents

_NON_WORD = re.compile(r"[^\w]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Characters an IRI given by a user may not contain (RFC 3987: spaces, controls, <>"{}|^`\).
_SPACE = re.compile(r"\s")  # Unicode spaces too (U+00A0, U+2028 ...)
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def iri_problem(text: str) -> str | None:
    """Why ``text`` is not an absolute IRI (a message ending in what was expected), or None if it is one."""
    scheme = _SCHEME.match(text)
    if scheme is None or scheme.end() == len(text):
        return "is not an absolute IRI; expected one with a scheme, like 'https://…'"
    bad = NOT_IN_IRI.search(text)
    if bad:
        return f"contains U+{ord(bad.group()):04X}, which an IRI may not contain; expected it percent-encoded"
    return _rfc3987_problem(text)


def _rfc3987_problem(text: str) -> str | None:
    """What RFC 3987's grammar finds wrong in ``text`` (an empty host, a port with letters ...), or None.

    Checked by Oxigraph's IRI parser, the strictest the graph meets: an IRI it refuses would make
    the SHACL engine, the writers' round trip or a store refuse the whole graph.
    """
    try:
        NamedNode(text)
    except ValueError as exc:
        return f"is not a valid IRI ({exc}); expected one like 'https://example.org/path'"
    return None


def is_absolute_iri(text: str) -> bool:
    return iri_problem(text) is None


def http_iri(text: str) -> URIRef | None:
    """An absolute http(s) URL as an IRI, or None if the text is not one."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(text) or iri_problem(text):
        return None  # iri_problem also refuses "https://:www.example.org", an empty host with a port
    return URIRef(text)


MAX_SLUG = 80


def slugify(text: str) -> str:
    """Lower-case words joined by ``-``; Latin accents dropped, other letters kept (IRIs allow them)."""
    plain = strip_accents(text.replace("&", " and "))
    slug = _NON_WORD.sub("-", plain.casefold()).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def source_iri(base: str, path: Path) -> URIRef:
    """The IRI of a source article (``{base}source/{file name}``), percent-encoded so any file name is a valid IRI."""
    return URIRef(base + "source/" + quote(path.name, safe=""))


def graph_iri(base: str, path: Path) -> URIRef:
    """The named graph that holds one source article's triples (``{base}graph/{file name}``)."""
    return URIRef(base + "graph/" + quote(path.name, safe=""))


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True, order=True)
class Ref:
    """A reference to an entity by kind and identifying key, resolved to an IRI by :class:`Minter`."""

    kind: str
    key: tuple[str, ...]

    def path(self) -> str:
        # an empty part stays empty, so that positions keep their meaning ("beta__2020": no start year)
        parts = [(slugify(k) or "x-" + short_hash(k)) if k else "" for k in self.key]
        return f"{self.kind}/{'_'.join(parts)}"


class Minter:
    """Turns every :class:`Ref` of a build into an IRI.

    When several keys share a slug, the first key in sort order keeps the plain slug and each of
    the others gets a hash of its key as a suffix. The choice depends only on the set of keys, not
    on the order the sources are read in, and an entity keeps its IRI when a colliding name is
    added later unless that name sorts before it.
    """

    def __init__(self, base: str, refs: Iterable[Ref], *, same: Mapping[Ref, Ref] | None = None) -> None:
        """``same`` maps a reference to another that names the same entity (and takes its IRI)."""
        self.base = base
        same = dict(same or {})
        refs = [r for r in refs if r not in same]
        by_path: dict[str, set[Ref]] = defaultdict(set)
        for ref in refs:
            by_path[ref.path()].add(ref)
        self.collisions: list[tuple[str, list[Ref]]] = []
        self._iris: dict[Ref, URIRef] = {}
        for path, group in by_path.items():
            if len(group) == 1:
                (ref,) = group
                self._iris[ref] = URIRef(base + path)
            else:
                first, *others = sorted(group)
                self.collisions.append((path, [first, *others]))
                self._iris[first] = URIRef(base + path)
                for ref in others:
                    suffixed = f"{path}-{short_hash(chr(31).join(ref.key))}"
                    self._iris[ref] = URIRef(base + suffixed)

        for ref, target in same.items():
            self._iris[ref] = self._iris[target]

    def __call__(self, ref: Ref) -> URIRef:
        return self._iris[ref]
