"""The infobox: each key's role (``fields.toml``) picks the reader registered for it with :func:`reads`.

A role in ``fields.toml`` with no reader is refused when the field table is first used
(:func:`kg.mapping.article.checked_field_table`); a key with no role is kept as text with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.core.iris import Ref
from kg.core.text import fold
from kg.core.vocab import KGO, SCHEMA
from kg.mapping import amounts
from kg.mapping import facts as extract
from kg.mapping.facts import person_and_role
from kg.mapping.fields import key_number, role_of
from kg.mapping.people import looks_like_person, person, post, post_name
from kg.mapping.places import find_country, is_subdivision, without_postcode
from kg.mapping.sink import ArticleGraph, is_acronym, organisation_in, unwiki
from kg.source.model import Article, InfoboxEntry, Value

# a state or district after a city: "D.C.", "MA", "N.S.W."
_REGION_CODE = re.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){1,4}")
# "(2019–2022)", "(since 2020)": a term, not an institution
_SPAN = re.compile(r"(?:since\s+|from\s+)?\d{4}\s*(?:[-–—]\s*(?:\d{2,4}|present)?)?", re.I)
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


def _split_names(text: str) -> list[str]:
    """Names written as a list: "English, French and German", "TERENA and DANTE"."""
    return [n.strip() for n in re.split(r"\s*(?:,|;|\band\b|&)\s*", text) if n.strip()]


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
        self.leaders(entries)
        first: dict[str, InfoboxEntry] = {}
        for entry in entries:
            if not entry.value.text.strip():
                self.out.warn(entry.value.line, f"infobox key {entry.key!r} has no value")
                continue
            self.out.derived(self.network, entry.value.line)
            role = role_of("infobox", entry.key)
            if role in ("leader_title", "leader_name"):
                continue  # read in pairs, by :meth:`leaders`
            if role in _SINGLE_VALUED and role in first:  # "Founded: 1989" and "Established: 1990"
                earlier = first[role]
                same = fold(earlier.value.text) == fold(entry.value.text)
                self.out.warn(
                    entry.value.line,
                    f"infobox key {entry.key!r} says what {earlier.key!r} (line {earlier.value.line}) already says; "
                    "it is kept as text"
                    if same
                    else f"infobox key {entry.key!r} gives another value than {earlier.key!r} (line "
                    f"{earlier.value.line}) for the same fact; the first is kept as it, this one as text",
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

    @reads("leader_title", "leader_name")
    def leaders(self, entries: list[InfoboxEntry]) -> None:  # type: ignore[override]
        """Wikipedia's numbered pairs: "Leader Title2: President" with "Leader Name2: Jane Doe"."""
        titles: dict[str, InfoboxEntry] = {}
        names: dict[str, InfoboxEntry] = {}
        for entry in entries:
            role = role_of("infobox", entry.key)
            if role == "leader_title" and entry.value.text.strip():
                titles.setdefault(key_number(entry.key), entry)
            elif role == "leader_name" and entry.value.text.strip():
                names.setdefault(key_number(entry.key), entry)
        for number, entry in sorted(names.items()):
            title = titles.get(number)
            role = unwiki(title.value.text).strip() if title else None
            self.out.derived(self.network, entry.value.line)
            for item in entry.items:
                name, paren = person_and_role(item)
                if name:
                    holder = self.person_post(unwiki(name), role or paren, item.line)
                    if role and paren:  # "Jane Doe (University of Oslo)"
                        self.out.add(holder, KGO.institution, self.out.organisation(paren, item.line))
        for number, entry in sorted(titles.items()):
            if number not in names:
                self.out.warn(entry.value.line, f"infobox key {entry.key!r} names a post but no leader; kept as text")
                self.out.generic(
                    self.network, entry.key, entry.value.text, entry.value.line, where="infobox key", quiet=True
                )

    @reads("founder")
    def founder(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            for name in _split_names(unwiki(item.text)):
                if looks_like_person(name):
                    self.out.add(self.network, KGO.founder, person(self.out, self.a.stem, name, item.line))
                else:
                    self.out.generic(self.network, entry.key, name, item.line, where="infobox key")

    @reads("founding_location")
    def founding_location(self, entry: InfoboxEntry) -> None:
        """The place of founding (not the seat): its city, placed in its country when named."""
        parts = [p.strip() for p in unwiki(entry.value.text).split(",") if p.strip()]
        country = self.place_country(parts[-1], entry.value.line, entry.key) if len(parts) > 1 else None
        city = parts[-2] if country is not None and len(parts) > 1 else parts[-1]
        if re.search(r"\d", city) or not city:
            self.out.generic(self.network, entry.key, entry.value.text, entry.value.line, where="infobox key")
            return
        self.out.add(self.network, KGO.foundingLocation, self.out.city(city, country, entry.value.line))

    @reads("main_organ")
    def main_organ(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            self.out.add(self.network, KGO.mainOrgan, self.out.text(unwiki(item.text)))

    @reads("staff")
    def staff(self, entry: InfoboxEntry) -> None:
        found = amounts.count(entry.value.text)
        if found is None:
            self.unread(entry, "has no number")
            return
        self.figure(entry, Ref("staff", (self.a.stem,)), KGO.EmployeeCount, "Staff", KGO.numberOfEmployees, found.year)
        self.out.add(Ref("staff", (self.a.stem,)), SCHEMA.value, self.out.integer(found.value))

    @reads("budget")
    def budget(self, entry: InfoboxEntry) -> None:
        found = amounts.money(entry.value.text)
        if found is None:
            self.unread(entry, "is not an amount with a currency")
            return
        node = self.figure(entry, Ref("budget", (self.a.stem,)), KGO.Budget, "Budget", KGO.budget, found.year)
        self.out.add(node, SCHEMA.value, Literal(found.value, datatype=XSD.decimal))
        self.out.add(node, SCHEMA.currency, Literal(found.currency))

    def unread(self, entry: InfoboxEntry, why: str) -> None:
        """A value its role cannot read: kept as text on the network, with a warning saying why."""
        self.out.warn(entry.value.line, f"{entry.key} {entry.value.text!r} {why}; kept as text")
        self.out.generic(self.network, entry.key, entry.value.text, entry.value.line, where="infobox key", quiet=True)

    def figure(self, entry: InfoboxEntry, node: Ref, cls: URIRef, word: str, prop: URIRef, year: int | None) -> Ref:
        """A figure of the network (its staff, its budget): the value's wording and year, linked by ``prop``."""
        self.out.entity(node, cls, f"{word} of {self.label}", entry.value.line)
        self.out.add(node, KGO.originalText, Literal(entry.value.text))
        if year is not None:
            self.out.add(node, KGO.year, self.out.year(year))
        self.out.add(self.network, prop, node)
        return node

    @reads("merger_of")
    def merger_of(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            for name in _split_names(unwiki(item.text)):
                found = organisation_in(name)
                self.out.add(self.network, KGO.mergerOf, self.out.organisation(found.name, item.line))

    @reads("registration")
    def registration(self, entry: InfoboxEntry) -> None:
        self.out.add(self.network, KGO.registrationNumber, Literal(unwiki(entry.value.text).strip()))

    @reads("official_language")
    def official_language(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            for name in _split_names(unwiki(item.text)):
                self.out.add(self.network, KGO.officialLanguage, self.out.text(name))

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
        elif len(parts) > 1 and is_subdivision(parts[-1]):  # "Arlington, Virginia": the state is not the city
            self.out.generic(self.network, entry.key, parts[-1], entry.value.line, where="infobox key", quiet=True)
            parts = parts[:-1]
        if parts:
            self.city(without_postcode(parts[-1]), entry.value.line, entry.key)
        if len(parts) > 1:  # a building or street before the city: kept as the address's text
            self.out.generic(
                self.network, entry.key, ", ".join(parts[:-1]), entry.value.line, where="infobox key", quiet=True
            )

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
            name, paren = person_and_role(item)
            if not name:
                continue
            holder = self.person_post(unwiki(name), entry.key.strip(), item.line)
            if paren and post_name(paren) is None and not _SPAN.fullmatch(paren):
                # "Chairperson: Jane Doe (University of Oslo)": the person's institution, not a second post
                self.out.add(holder, KGO.institution, self.out.organisation(paren, item.line))

    def person_post(self, name: str, role: str | None, line: int) -> Ref:
        """The person ``name`` holding the post ``role`` (without one, a post of their own)."""
        holder = person(self.out, self.a.stem, name, line)
        # a post without a named role is this person's own: two such people do not share one post
        office = post(
            self.out, self.a.stem, self.network, self.label, role or "Key person", line, own="" if role else name
        )
        self.out.add(office, KGO.heldBy, holder)
        self.out.add(holder, KGO.holdsPost, office)
        return holder

    @reads("founded")
    def founded(self, entry: InfoboxEntry) -> None:
        year = extract.year_in(entry.value.text)
        if year is None:
            self.out.generic(self.network, entry.key, entry.value.text, entry.value.line, where="infobox key")
        else:
            self.out.add(self.network, KGO.foundingYear, self.out.year(year))
