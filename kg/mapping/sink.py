"""What the mapping writes into: triples about :class:`~kg.core.iris.Ref`s, with provenance and warnings.

Triples may name entities by :class:`Ref`; IRIs are only minted once the whole build is mapped
(:mod:`kg.core.iris`). This keeps the mapping free of any store: the triples can go to rdflib, to
pyoxigraph, or straight to a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.core.iris import Ref, http_iri, source_iri
from kg.core.text import squash_spaces
from kg.core.vocab import EU_COUNTRY, KGO, SCHEMA
from kg.mapping.fields import fold_key
from kg.mapping.places import find_country
from kg.source.aliases import Aliases
from kg.source.config import Config

Node = Ref | URIRef
Term = Ref | URIRef | Literal
RefTriple = tuple[Node, Node, Term]


@dataclass(frozen=True, slots=True, order=True)
class Notice:
    """A warning about a source: something kept generically, or a value that needs a curator."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


# "[https://example.org Official website]": a wiki external link, URL then label
_EXTERNAL_LINK = re.compile(r"\[\s*(https?://[^\s\]]+)(?:\s+[^\]]*)?\]")
# "www.example.org" or "example.org/path": a host name with a dot and no scheme
_BARE_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?:/[^\s<>\"]*)?")


def external_link_label(text: str) -> str | None:
    """The label of ``[https://example.org Official website]``, if the text is such a link with one."""
    m = re.fullmatch(r"\s*\[\s*https?://[^\s\]]+\s+([^\]]+)\]\s*", text)
    return m.group(1).strip() if m else None


def is_acronym(text: str) -> bool:
    """``ECSITE``, ``RedPOP``, ``WiD``: a short word with at least two capitals."""
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9&+-]{1,15}", text)) and sum(c.isupper() for c in text) >= 2


@dataclass(frozen=True)
class NamedOrganisation:
    name: str
    acronym: str | None = None
    country: str | None = None


def organisation_in(text: str) -> NamedOrganisation:
    """An organisation as a list item names it: ``Name (ACR)``, ``ACR (Name)``, ``ACR – the Name``,
    ``Name (Country)`` or ``Name (ACR), Country``."""
    text = squash_spaces(text)
    country = None
    head, sep, tail = text.rpartition(",")
    if sep and find_country(tail.strip()) is not None:
        text, country = head.strip(), tail.strip()
    m = re.fullmatch(r"(?P<a>.+?)\s*\((?P<b>[^()]+)\)", text)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        # a country's name or two-letter code; three capitals ("COM", "ICA") are an acronym first
        is_country = find_country(b) is not None and not re.fullmatch(r"[A-Z]{3}", b)
        if is_acronym(b) and not is_country:
            return NamedOrganisation(a, b, country)
        if is_acronym(a) and not is_acronym(b) and not is_country:
            return NamedOrganisation(b, a, country)
        if is_country:
            return NamedOrganisation(a, None, country or b)
        return NamedOrganisation(text, None, country)
    m = re.fullmatch(r"(?P<a>\S+)\s+[–—-]\s+(?:the\s+)?(?P<b>.+)", text)
    if m and (is_acronym(m.group("a")) or m.group("a")[:1].isupper()):
        return NamedOrganisation(m.group("b").strip(), m.group("a"), country)
    return NamedOrganisation(text, None, country)


def _fold(name: str) -> str:
    return squash_spaces(name).casefold()


def _without_acronym(name: str) -> str:
    """``"Network of European Museum Organisations (NEMO)"`` → the name without the parenthesis."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name)


_LINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]")
_EMPHASIS = re.compile(r"'{2,5}")


def has_markup(text: str) -> bool:
    return "[[" in text or "''" in text


def unwiki(text: str) -> str:
    """Text without wiki markup: ``[[Page|label]]`` → ``label``, ``[[Page]]`` → ``Page``, no ``''italics''``."""
    if not has_markup(text):
        return text
    text = _LINK.sub(lambda m: (m.group(2) if m.group(2) is not None else m.group(1)).strip(), text)
    return _EMPHASIS.sub("", text)


def wiki_link(text: str) -> tuple[str, str]:
    """``"[[Science centre|science centres]]"`` → (page title, label); plain text is both."""
    m = re.fullmatch(r"\s*\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]\s*", text)
    if not m:
        return text.strip(), text.strip()
    title = m.group(1).strip()
    return title, (m.group(2) or title).strip()


@dataclass
class ArticleGraph:
    """The triples and warnings of one article, with helpers that keep provenance consistent."""

    path: Path
    config: Config
    aliases: Aliases
    triples: list[RefTriple] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    _declared: set[Ref] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self.doc = source_iri(self.config.base, self.path)
        #: The article's names for its own subject (folded) → the subject's canonical name.
        self.own_names: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        """The canonical name of an organisation: by the alias list, else by the article's own names."""
        canonical = self.aliases.canonical(name)
        if canonical == squash_spaces(name):
            own = self.own_names.get(_fold(name)) or self.own_names.get(_fold(_without_acronym(name)))
            canonical = own or canonical
        return canonical

    def name_subject(self, canonical: str, names: Iterable[str]) -> None:
        """Let every name the article gives its subject resolve to it, in this article only."""
        for name in names:
            self.own_names.setdefault(_fold(name), canonical)
        self._generic_keys: set[tuple[str, str]] = set()

    # -- basic writing ---------------------------------------------------------------------------
    def add(self, s: Node, p: Node, o: Term) -> None:
        """One triple; a literal never keeps wiki markup (``[[Page|label]]`` is written ``label``)."""
        if isinstance(o, Literal) and has_markup(str(o)):
            o = Literal(unwiki(str(o)), lang=o.language, datatype=o.datatype)
        self.triples.append((s, p, o))

    def warn(self, line: int, message: str) -> None:
        self.notices.append(Notice(self.path, line, message))

    def at(self, line: int) -> URIRef:
        """The RFC 5147 fragment IRI for one line of the source document."""
        return URIRef(f"{self.doc}#line={line - 1},{line}")

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.config.language)

    @staticmethod
    def year(value: int) -> Literal:
        return Literal(f"{value:04d}", datatype=XSD.gYear)

    @staticmethod
    def integer(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    def derived(self, node: Node, line: int) -> None:
        self.add(node, PROV.wasDerivedFrom, self.at(line))

    # -- entities --------------------------------------------------------------------------------
    def declared(self, ref: Ref) -> bool:
        """Whether this article has already declared ``ref`` (with :meth:`entity`)."""
        return ref in self._declared

    def entity(self, ref: Ref, cls: URIRef, name: str, line: int) -> Ref:
        """Declare an entity: its class, name and label, and where it came from."""
        self._declared.add(ref)
        self.add(ref, RDF.type, cls)
        self.add(ref, SCHEMA.name, Literal(name))
        self.add(ref, RDFS.label, Literal(name))
        self.add(ref, KGO.describedIn, self.doc)
        self.derived(ref, line)
        return ref

    def organisation(self, name: str, line: int, cls: URIRef = KGO.Organisation) -> Ref:
        """An organisation by the name written in the source, resolved through the alias list, then
        through the names the article gives its own subject (an article's tables often list the
        network itself by its acronym or full name)."""
        name = unwiki(name)
        canonical = self.canonical(name)
        ref = self.entity(Ref("organisation", (canonical,)), cls, canonical, line)
        written = squash_spaces(name)
        if written != canonical:
            self.add(ref, SCHEMA.alternateName, Literal(written))
        return ref

    def country(self, owner: Node, text: str, line: int, key: str) -> Ref | None:
        """A country by name, code or adjective (ISO 3166); an unknown one is kept as text on ``owner``."""
        found = find_country(text)
        if found is None:
            self.generic(owner, key, text, line, where="country")
            self.warn(line, f"{text!r} is not a country known to ISO 3166")
            return None
        ref = self.entity(Ref("country", (found.alpha2,)), KGO.Country, found.name, line)
        self.add(ref, KGO.iso3166Alpha2, Literal(found.alpha2))
        self.add(ref, KGO.iso3166Alpha3, Literal(found.alpha3))
        self.add(ref, SKOS.exactMatch, EU_COUNTRY[found.alpha3])
        return ref

    def city(self, name: str, country: Ref | None, line: int) -> Ref:
        """A city, identified within its country when the country is known."""
        key = (country.key[0], name) if country else (name,)
        city = self.entity(Ref("city", key), KGO.City, name, line)
        if country is not None:
            self.add(city, KGO.inCountry, country)
        return city

    def web_page(self, node: Node, prop: URIRef, text: str, line: int) -> None:
        """A website: an IRI when it is an http(s) URL, else kept as text for SHACL to report.

        Wiki link markup (``[https://example.org Official website]``) gives its URL; a bare domain
        (``www.example.org``) is taken as ``https://`` that domain, with a warning.
        """
        text = text.strip()
        if m := _EXTERNAL_LINK.fullmatch(text):
            text = m.group(1)
        iri = http_iri(text)
        if iri is None and _BARE_DOMAIN.fullmatch(text):
            iri = http_iri("https://" + text)
            self.warn(line, f"website {text!r} has no scheme; taken as https://{text}")
        if iri is None:
            self.warn(line, f"website {text!r} is not an absolute http(s) URL")
            self.add(node, prop, Literal(text.strip()))
        else:
            self.add(node, prop, iri)

    def wikipedia(self, title: str) -> URIRef:
        """The page of the configured Wikipedia for a page title (``[[Title|label]]`` link markup allowed)."""
        title, _, section = wiki_link(title)[0].partition("#")  # "Museum#Definition": a section of a page
        iri = self.config.wikipedia + quote(title.strip().replace(" ", "_"), safe="()_,'-.!*:+")
        if section.strip():
            iri += "#" + quote(section.strip().replace(" ", "_"), safe="()_,'-.!*:+")
        return URIRef(iri)

    def page(self, text: str) -> URIRef | None:
        """A link given as a URL (spaces allowed, they are encoded) or as a Wikipedia page title."""
        text = text.strip()
        if m := _EXTERNAL_LINK.fullmatch(text):
            text = m.group(1)
        if re.match(r"(?i)https?://", text):
            return http_iri(re.sub(r"\s", lambda m: quote(m.group()), text))
        return self.wikipedia(text)

    def generic(self, node: Node, key: str, value: str, line: int, *, where: str, quiet: bool = False) -> None:
        """Keep a value whose key the mapping does not know, under a minted sub-property of kgo:sourceField.

        ``quiet`` when the caller has already said why the value is kept this way."""
        prop = Ref("field", (fold_key(key),))
        self.add(prop, RDF.type, OWL.DatatypeProperty)
        self.add(prop, RDFS.subPropertyOf, KGO.sourceField)
        self.add(prop, RDFS.label, Literal(key))
        self.add(prop, KGO.sourceLabel, Literal(key))
        self.add(node, prop, Literal(value))
        self.derived(node, line)
        if not quiet and (where, key) not in self._generic_keys:
            self._generic_keys.add((where, key))
            self.warn(line, f"{where} {key!r} is not mapped; kept as a generic field (kgo:sourceField)")
