"""The infobox: each key's role (``fields.toml``) picks the reader registered for it with :func:`reads`.

A role in ``fields.toml`` with no reader is refused when the field table is first used
(:func:`kg.mapping.article.checked_field_table`); a key with no role is kept as text with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.core.iris import Ref
from kg.core.text import squash_spaces
from kg.core.vocab import KGO, SCHEMA
from kg.mapping import facts as extract
from kg.mapping.facts import honorific, person_and_role
from kg.mapping.fields import role_of
from kg.mapping.places import find_country
from kg.mapping.sink import ArticleGraph, is_acronym, organisation_in
from kg.source.model import Article, InfoboxEntry, Value

# a state or district after a city: "D.C.", "MA", "N.S.W."
_REGION_CODE = re.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){1,4}")
# Infobox roles with one value per network: a second key with the same meaning is kept as text.
_SINGLE_VALUED = {"full_name", "type", "purpose", "membership", "founded", "website", "wikipedia", "country"}

#: What reads each infobox role of ``fields.toml``: filled by :func:`reads` on the mapper's methods.
INFOBOX_HANDLERS: dict[str, Callable[[InfoboxReader, InfoboxEntry], None]] = {}
_Handler = TypeVar("_Handler", bound=Callable[..., None])


def reads(*roles: str) -> Callable[[_Handler], _Handler]:
    """Register the decorated mapper method as the reader of infobox keys with these roles."""

    def register(handler: _Handler) -> _Handler:
        for role in roles:
            INFOBOX_HANDLERS[role] = handler
        return handler

    return register


class InfoboxReader:
    """The infobox part of the article mapper: what each infobox role says about the network."""

    a: Article
    out: ArticleGraph
    network: Ref
    label: str
    country: Ref | None
    city_name: str | None

    def infobox(self) -> None:
        # Countries first, so that a city can be placed in its country whatever the key order; then
        # the headquarters, which may name both.
        order = {"country": 0, "headquarters": 1}
        entries = sorted(self.a.infobox, key=lambda e: order.get(role_of("infobox", e.key) or "", 2))
        first: dict[str, InfoboxEntry] = {}
        for entry in entries:
            if not entry.value.text.strip():
                self.out.warn(entry.value.line, f"infobox key {entry.key!r} has no value")
                continue
            self.out.derived(self.network, entry.value.line)
            role = role_of("infobox", entry.key)
            if role in _SINGLE_VALUED and role in first:  # "Founded: 1989" and "Established: 1990"
                earlier = first[role]
                self.out.warn(
                    entry.value.line,
                    f"infobox key {entry.key!r} says what {earlier.key!r} (line {earlier.value.line}) already "
                    "says; the first is kept, this one as text",
                )
                self.out.generic(
                    self.network, entry.key, entry.value.text, entry.value.line, where="infobox key", quiet=True
                )
                continue
            first.setdefault(role or "", entry)
            if role is None:
                for item in entry.items:
                    self.out.generic(self.network, entry.key, item.text, item.line, where="infobox key")
            else:
                INFOBOX_HANDLERS[role](self, entry)

    @reads("full_name")
    def full_name(self, entry: InfoboxEntry) -> None:
        name, paren = entry.value.split_paren()
        self.out.add(self.network, KGO.fullName, Literal(name))
        if paren and paren.isupper():
            self.out.add(self.network, KGO.acronym, Literal(paren))

    @reads("type")
    def organisation_type(self, entry: InfoboxEntry) -> None:
        self.out.add(self.network, KGO.organisationType, self.out.text(entry.value.text))

    @reads("purpose")
    def purpose(self, entry: InfoboxEntry) -> None:
        self.out.add(self.network, KGO.purpose, self.out.text(entry.value.text))

    @reads("parent")
    def parent(self, entry: InfoboxEntry) -> None:
        self.related(entry, KGO.parentOrganisation)

    @reads("affiliation")
    def affiliation(self, entry: InfoboxEntry) -> None:
        self.related(entry, KGO.affiliatedWith)

    @reads("wikipedia")
    def wikipedia(self, entry: InfoboxEntry) -> None:
        """The subject's page: written with the source document (:meth:`document`)."""

    def related(self, entry: InfoboxEntry, prop: URIRef) -> None:
        """Organisations an infobox key names (Parent organization, Affiliations), linked by ``prop``."""
        for item in entry.items:
            found = organisation_in(item.text)
            org = self.out.organisation(found.name, item.line)
            if found.acronym:
                self.out.add(org, KGO.acronym, Literal(found.acronym))
            self.out.add(self.network, prop, org)

    @reads("short_name")
    def short_name(self, entry: InfoboxEntry) -> None:
        """An abbreviation key; when the article's short-name line gives another one, this is an acronym."""
        text = entry.value.text.strip()
        given = self.a.short_name.text if self.a.short_name else None
        if given is None:
            self.out.add(self.network, KGO.shortName, Literal(text))
        elif given.casefold() != text.casefold():
            self.out.add(self.network, KGO.acronym if is_acronym(text) else SCHEMA.alternateName, Literal(text))

    @reads("website")
    def website(self, entry: InfoboxEntry) -> None:
        """The first address is the website; further ones (``,,``) are other pages about the network."""
        first, *others = entry.items
        self.out.web_page(self.network, KGO.website, first.text, first.line)
        for item in others:
            page = self.out.page(item.text)
            if page is None:
                self.out.generic(self.network, entry.key, item.text, item.line, where="infobox key")
            else:
                self.out.add(self.network, RDFS.seeAlso, page)

    @reads("former_name")
    def former_names(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            self.out.add(self.network, SCHEMA.alternateName, Literal(item.split_paren()[0]))

    def place_country(self, text: str, line: int, key: str) -> Ref | None:
        return self.out.country(self.network, text, line, key)

    @reads("country")
    def country_entry(self, entry: InfoboxEntry) -> None:
        name, _ = entry.value.split_paren()
        self.country = self.place_country(name, entry.value.line, entry.key)
        if self.country is not None:
            self.out.add(self.network, KGO.country, self.country)

    def city(self, name: str, line: int, key: str) -> None:
        """The network's city; a second, different one (from another key) is kept as text, with a warning."""
        if self.city_name is not None and self.city_name.casefold() != name.casefold():
            self.out.warn(line, f"{key!r} names the city {name!r}, but the city is already {self.city_name!r}")
            self.out.generic(self.network, key, name, line, where="infobox key")
            return
        if self.city_name is None:
            self.city_name = name
            self.out.add(self.network, KGO.city, self.out.city(name, self.country, line))

    @reads("city")
    def city_entry(self, entry: InfoboxEntry) -> None:
        name, _ = entry.value.split_paren()
        self.city(name, entry.value.line, entry.key)

    @reads("headquarters")
    def headquarters(self, entry: InfoboxEntry) -> None:
        """``"Brussels, Belgium"``, ``"Paris"``, ``"Maison de l'UNESCO, 1 rue Miollis, Paris"``, ``"Uruguay"``."""
        text, _ = entry.value.split_paren()
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return
        if find_country(parts[-1]) is not None:
            if self.country is None:
                self.country_entry(InfoboxEntry(entry.key, Value(parts[-1], entry.value.line)))
            parts = parts[:-1]
        if len(parts) > 1 and _REGION_CODE.fullmatch(parts[-1]):  # "Washington, D.C.", "Boston, MA"
            parts = [*parts[:-2], f"{parts[-2]}, {parts[-1]}"]
        if parts:
            self.city(parts[-1], entry.value.line, entry.key)
        if len(parts) > 1:  # a street address before the city
            self.out.generic(self.network, entry.key, ", ".join(parts[:-1]), entry.value.line, where="infobox key")

    @reads("region")
    def regions(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            region = self.out.entity(Ref("region", (item.text,)), KGO.Region, item.text, item.line)
            self.out.add(self.network, KGO.areaServed, region)

    @reads("membership")
    def membership(self, entry: InfoboxEntry) -> None:
        text = entry.value.text
        ref = self.out.entity(
            Ref("member-count", (self.a.stem,)), KGO.MemberCount, f"Membership of {self.label}", entry.value.line
        )
        self.out.add(self.network, KGO.memberCount, ref)
        self.out.add(ref, KGO.originalText, Literal(text))
        count = extract.member_count(text)
        if count is None:
            self.out.warn(entry.value.line, f"membership {text!r} has no number; kept as text only")
            return
        for prop, n in (
            (SCHEMA.value, count.value),
            (SCHEMA.minValue, count.minimum),
            (SCHEMA.maxValue, count.maximum),
        ):
            if n is not None:
                self.out.add(ref, prop, self.out.integer(n))

    @reads("people")
    def people(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            name, role = person_and_role(item)
            if not name:  # "(President)": a post with no one named
                self.out.warn(item.line, f"key person {item.text!r} names a post but no person; kept as text")
                self.out.generic(self.network, entry.key, item.text, item.line, where="infobox key")
                continue
            self.person_post(name, role, item.line)

    @reads("post")
    def post_entry(self, entry: InfoboxEntry) -> None:
        """A key that names a post ("President: Jane Doe"): each item is a holder of that post."""
        for item in entry.items:
            name, _ = person_and_role(item)
            if name:
                self.person_post(name, entry.key.strip(), item.line)

    def person_post(self, name: str, role: str | None, line: int) -> None:
        name = squash_spaces(name)  # non-breaking and doubled spaces
        prefix = None
        if (title := honorific().match(name)) and title.end() < len(name):  # "Dr. Wendy Pollock"
            prefix, name = title.group().strip(), name[title.end() :].strip()
        person = self.out.entity(Ref("person", (self.a.stem, name)), KGO.Person, name, line)
        if prefix:
            self.out.add(person, KGO.honorificPrefix, Literal(prefix))
        # a post without a named role is this person's own: two such people do not share one post
        key = (self.a.stem, role) if role else (self.a.stem, "key person", name)
        role = role or "Key person"
        post = self.out.entity(Ref("post", key), KGO.Post, f"{role} of {self.label}", line)
        self.out.add(post, KGO.roleName, self.out.text(role))
        self.out.add(post, KGO.postIn, self.network)
        self.out.add(self.network, KGO.hasPost, post)
        self.out.add(post, KGO.heldBy, person)
        self.out.add(person, KGO.holdsPost, post)

    @reads("founded")
    def founded(self, entry: InfoboxEntry) -> None:
        year = extract.year_in(entry.value.text)
        if year is None:
            self.out.generic(self.network, entry.key, entry.value.text, entry.value.line, where="infobox key")
        else:
            self.out.add(self.network, KGO.foundingYear, self.out.year(year))
