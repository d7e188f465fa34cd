"""Map one parsed article to triples in the kg ontology (``ontology/kg.ttl``).

The article's subject is a network. Its infobox, prose, sister-network list and "See also" list
describe the network; its tables are project tables (see :mod:`kg.mapping.article.tables`) or, when their columns
say nothing the mapping knows, kept row by row as records. What the mapping does not understand is
kept under a generic property and reported as a warning, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from kg.core.iris import Ref
from kg.core.resources import lexicon, words
from kg.core.vocab import KGO, SCHEMA
from kg.mapping import facts as extract
from kg.mapping.facts import HONORIFIC, person_and_role
from kg.mapping.places import find_country
from kg.mapping.prose import network_sentences, subject_names
from kg.mapping.sink import ArticleGraph, external_link_label, is_acronym, organisation_in, role_of, wiki_link
from kg.mapping.tables import map_table
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.model import Article, InfoboxEntry, Value

_SECTIONS = lexicon()["sections"]
_SISTER_INTRO = re.compile(r"\b" + words(lexicon()["lists"]["sister_network_intro"]) + r"\b", re.I)
_SEE_ALSO = set(_SECTIONS["see_also"])
# "Official website: https://example.org"
_LABELLED_URL = re.compile(r"(?P<label>[^:]{1,60}?):\s*(?P<url>https?://\S+)")
# a state or district after a city: "D.C.", "MA", "N.S.W."
_REGION_CODE = re.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){1,4}")
# Infobox roles with one value per network: a second key with the same meaning is kept as text.
_SINGLE_VALUED = {"full_name", "type", "purpose", "membership", "founded", "website", "wikipedia", "country"}


def map_article(article: Article, *, config: Config, aliases: Aliases) -> ArticleGraph:
    """All triples and warnings for one article."""
    return _ArticleMapper(article, ArticleGraph(article.path, config.for_source(article.path.name), aliases)).run()


class _ArticleMapper:
    def __init__(self, article: Article, out: ArticleGraph) -> None:
        self.a = article
        self.out = out
        title = article.title.text
        self.network = out.organisation(title, article.title.line, KGO.Network)
        self.label = article.short_name.text if article.short_name else title
        #: What the article calls its subject: title, short name, full name, abbreviations, acronyms.
        self.names = subject_names(article)
        out.name_subject(out.aliases.canonical(title), sorted(self.names))
        self.country: Ref | None = None
        self.city_name: str | None = None

    def run(self) -> ArticleGraph:
        self.document()
        self.infobox()
        self.prose()
        for section in self.a.sections:
            for bullets in section.lists:
                self.bullet_list(section.title, bullets.items, bullets.intro.text if bullets.intro else "")
            for table in section.tables:
                map_table(table, section.title, out=self.out, network=self.network, scope=self.a.stem)
        return self.out

    # -- the source document and the subject ---------------------------------------------------
    def document(self) -> None:
        out, a = self.out, self.a
        out.add(out.doc, RDF.type, KGO.SourceDocument)
        out.add(out.doc, SCHEMA.name, Literal(a.path.name))
        out.add(out.doc, RDFS.label, Literal(a.path.name))
        out.add(out.doc, KGO.fileName, Literal(a.path.name))
        out.add(out.doc, DCTERMS.title, out.text(a.title.text))
        out.add(out.doc, KGO.lineCount, out.integer(a.line_count))
        out.add(out.doc, SCHEMA.encodingFormat, Literal("text/plain"))
        out.add(out.doc, FOAF.primaryTopic, self.network)
        # An encyclopaedic article's title is its page name, unless the infobox names the page.
        given = [e for e in a.infobox if role_of("infobox", e.key) == "wikipedia" and e.value.text.strip()]
        page = out.page(given[0].value.text) if given else out.wikipedia(a.title.text)
        if page is None:
            out.warn(given[0].value.line, f"Wikipedia page {given[0].value.text!r} is not a URL or a page title")
        else:
            out.add(self.network, KGO.wikipediaArticle, page)
        if a.short_name:
            out.add(self.network, KGO.shortName, Literal(a.short_name.text))
            out.derived(self.network, a.short_name.line)

    # -- infobox -------------------------------------------------------------------------------
    def infobox(self) -> None:
        handlers: dict[str, Callable[[InfoboxEntry], None]] = {
            "full_name": self.full_name,
            "short_name": self.short_name,
            "former_name": self.former_names,
            "type": lambda e: self.out.add(self.network, KGO.organisationType, self.out.text(e.value.text)),
            "purpose": lambda e: self.out.add(self.network, KGO.purpose, self.out.text(e.value.text)),
            "country": self.country_entry,
            "city": self.city_entry,
            "headquarters": self.headquarters,
            "region": self.regions,
            "membership": self.membership,
            "people": self.people,
            "post": self.post_entry,
            "parent": lambda e: self.related(e, KGO.parentOrganisation),
            "affiliation": lambda e: self.related(e, KGO.affiliatedWith),
            "founded": self.founded,
            "website": self.website,
            "wikipedia": lambda e: None,  # the subject's page, written with the source document
        }
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
                handlers[role](entry)

    def full_name(self, entry: InfoboxEntry) -> None:
        name, paren = entry.value.split_paren()
        self.out.add(self.network, KGO.fullName, Literal(name))
        if paren and paren.isupper():
            self.out.add(self.network, KGO.acronym, Literal(paren))

    def related(self, entry: InfoboxEntry, prop: URIRef) -> None:
        """Organisations an infobox key names (Parent organization, Affiliations), linked by ``prop``."""
        for item in entry.items:
            found = organisation_in(item.text)
            org = self.out.organisation(found.name, item.line)
            if found.acronym:
                self.out.add(org, KGO.acronym, Literal(found.acronym))
            self.out.add(self.network, prop, org)

    def short_name(self, entry: InfoboxEntry) -> None:
        """An abbreviation key; when the article's short-name line gives another one, this is an acronym."""
        text = entry.value.text.strip()
        given = self.a.short_name.text if self.a.short_name else None
        if given is None:
            self.out.add(self.network, KGO.shortName, Literal(text))
        elif given.casefold() != text.casefold():
            self.out.add(self.network, KGO.acronym if is_acronym(text) else SCHEMA.alternateName, Literal(text))

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

    def former_names(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            self.out.add(self.network, SCHEMA.alternateName, Literal(item.split_paren()[0]))

    def place_country(self, text: str, line: int, key: str) -> Ref | None:
        return self.out.country(self.network, text, line, key)

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

    def city_entry(self, entry: InfoboxEntry) -> None:
        name, _ = entry.value.split_paren()
        self.city(name, entry.value.line, entry.key)

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

    def regions(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            region = self.out.entity(Ref("region", (item.text,)), KGO.Region, item.text, item.line)
            self.out.add(self.network, KGO.areaServed, region)

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

    def people(self, entry: InfoboxEntry) -> None:
        for item in entry.items:
            name, role = person_and_role(item)
            if not name:  # "(President)": a post with no one named
                self.out.warn(item.line, f"key person {item.text!r} names a post but no person; kept as text")
                self.out.generic(self.network, entry.key, item.text, item.line, where="infobox key")
                continue
            self.person_post(name, role, item.line)

    def post_entry(self, entry: InfoboxEntry) -> None:
        """A key that names a post ("President: Jane Doe"): each item is a holder of that post."""
        for item in entry.items:
            name, _ = person_and_role(item)
            if name:
                self.person_post(name, entry.key.strip(), item.line)

    def person_post(self, name: str, role: str | None, line: int) -> None:
        name = " ".join(name.split())  # non-breaking and doubled spaces
        prefix = None
        if (title := HONORIFIC.match(name)) and title.end() < len(name):  # "Dr. Wendy Pollock"
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

    def founded(self, entry: InfoboxEntry) -> None:
        year = extract.year_in(entry.value.text)
        if year is None:
            self.out.generic(self.network, entry.key, entry.value.text, entry.value.line, where="infobox key")
        else:
            self.out.add(self.network, KGO.foundingYear, self.out.year(year))

    # -- prose ---------------------------------------------------------------------------------
    def prose(self) -> None:
        out, net = self.out, self.network
        intros = {bullets.intro for bullets in self.a.lead.lists}
        # the lead's prose, without the sentences that only introduce a list ("... are:")
        paragraphs = [p for p in self.a.lead.paragraphs if not (p in intros and p.text.endswith(":"))]
        if paragraphs:
            out.add(net, SCHEMA.description, out.text("\n\n".join(p.text for p in paragraphs)))
        has_founding = any(role_of("infobox", e.key) == "founded" for e in self.a.infobox)
        found_reach = found_incorporation = conference_done = False
        for p, offset, sentence, is_subject in network_sentences(self.a, self.names):
            # founding, incorporation and reach only from sentences whose subject is the network
            if is_subject and not has_founding and (found := extract.founding_year(sentence)):
                out.add(net, KGO.foundingYear, out.year(int(found.value)))
                out.derived(net, p.line_at(offset + found.start))
                has_founding = True
            if is_subject and (inc := extract.incorporation(sentence)):
                line = p.line_at(offset + inc.start)
                if found_incorporation:
                    out.warn(line, f"a second incorporation ({inc.year}) is stated; the first one is kept")
                else:
                    found_incorporation = True
                    out.add(net, KGO.incorporationYear, out.year(inc.year))
                    out.derived(net, line)
                    if (country := self.place_country(inc.country, line, "jurisdiction")) is not None:
                        out.add(net, KGO.jurisdiction, country)
            if is_subject and (counts := extract.reach(sentence)):
                line = p.line_at(offset + counts.start)
                if found_reach:
                    out.warn(line, "a second count of institutions and countries is stated; the first one is kept")
                else:
                    found_reach = True
                    out.add(net, KGO.institutionCount, out.integer(counts.institutions))
                    out.add(net, KGO.countryCount, out.integer(counts.countries))
                    out.derived(net, line)
            if not conference_done and (freq := extract.conference_frequency(sentence)):
                line = p.line_at(offset + freq.start)
                conf = out.entity(
                    Ref("conference", (self.a.stem,)), KGO.Conference, f"{self.label} {freq.value} conference", line
                )
                out.add(conf, KGO.frequency, Literal(str(freq.value)))
                out.add(conf, KGO.organiser, net)
                out.add(net, KGO.conference, conf)
                out.derived(net, line)
                conference_done = True

    # -- bullet lists --------------------------------------------------------------------------
    def bullet_list(self, section: str | None, items: tuple[Value, ...], intro: str) -> None:
        title = (section or "").casefold()
        if title in _SEE_ALSO:
            for item in items:
                self.link(section or "", item)
            return
        if _SISTER_INTRO.search(intro) or "member" in title:
            sisters = bool(_SISTER_INTRO.search(intro))
            for item in items:
                if not sisters and (":" in item.text or not re.search(r"[^\W\d_]", item.text)):
                    self.out.generic(
                        self.network, section or "list", item.text, item.line, where="bullet list in section"
                    )
                    continue
                found = organisation_in(item.text)
                org = self.out.organisation(found.name, item.line, KGO.Network if sisters else KGO.Organisation)
                if found.acronym:
                    self.out.add(org, KGO.acronym, Literal(found.acronym))
                if found.country and (country := self.out.country(org, found.country, item.line, "country")):
                    self.out.add(org, KGO.country, country)
                if sisters:
                    self.out.add(self.network, KGO.sisterNetwork, org)
                    self.out.add(org, KGO.sisterNetwork, self.network)
                else:
                    self.out.add(self.network, KGO.hasMember, org)
                self.out.derived(self.network, item.line)
            return
        for item in items:
            self.out.generic(self.network, section or "list", item.text, item.line, where="bullet list in section")

    def link(self, section: str, item: Value) -> None:
        """A See also / External links item: a page title, a URL, ``[URL label]`` or ``Label: URL``."""
        text, label = item.text, None
        if m := _LABELLED_URL.fullmatch(text):
            label, text = m.group("label").strip(), m.group("url")
        page = self.out.page(text)
        if page is None:
            self.out.warn(item.line, f"link {item.text!r} is neither an http(s) URL nor a page title")
            self.out.generic(self.network, section, item.text, item.line, where="bullet list in section")
            return
        label = label or external_link_label(text) or wiki_link(text)[1]
        self.out.add(self.network, RDFS.seeAlso, page)
        self.out.add(page, RDF.type, SCHEMA.WebPage)
        self.out.add(page, SCHEMA.name, Literal(label))
        self.out.add(page, RDFS.label, Literal(label))
