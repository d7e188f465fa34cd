"""Map one parsed article to triples in the kg ontology (``ontology/kg.ttl``).

The article's subject is a network. Its infobox, prose, sister-network list and "See also" list
describe the network; its tables are project tables (see :mod:`kg.mapping.article.tables`) or, when their columns
say nothing the mapping knows, kept row by row as records. What the mapping does not understand is
kept under a generic property and reported as a warning, never dropped.
"""

from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace

from rdflib import Literal
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from kg.core.iris import Ref
from kg.core.resources import lexicon, words
from kg.core.text import fold
from kg.core.vocab import KGO, SCHEMA
from kg.mapping import facts as extract
from kg.mapping.fields import FieldTable, check_roles, field_table, fields_file, role_of
from kg.mapping.history import history_events, is_history
from kg.mapping.infobox import INFOBOX_HANDLERS, InfoboxReader
from kg.mapping.places import split_city
from kg.mapping.prose import network_sentences, subject_names
from kg.mapping.sink import ArticleGraph, external_link_label, organisation_in, wiki_link
from kg.mapping.tables import COLUMN_ROLES, map_table
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.model import Article, Value

# "Official website: https://example.org"
_LABELLED_URL = re.compile(r"(?P<label>[^:]{1,60}?):\s*(?P<url>https?://\S+)")


@cache
def _patterns() -> SimpleNamespace:
    """The patterns made from the lexicon's words, compiled on first use (not at import), so that a
    malformed ``lexicon.toml`` is reported as a clear error wherever it is first needed."""
    _SECTIONS = lexicon()["sections"]
    _SISTER_INTRO = re.compile(r"\b" + words(lexicon()["lists"]["sister_network_intro"]) + r"\b", re.I)
    _SEE_ALSO = set(_SECTIONS["see_also"])
    return SimpleNamespace(**{k: v for k, v in locals().items() if not k.startswith("__")})


@cache
def checked_field_table() -> FieldTable:
    """The field table, once checked against the readers: every infobox role must have a handler
    (:data:`INFOBOX_HANDLERS`), every column role a table reader (:data:`~kg.mapping.tables.COLUMN_ROLES`)."""
    table = field_table()
    check_roles(table, {"infobox": set(INFOBOX_HANDLERS), "columns": COLUMN_ROLES}, path=fields_file())
    return table


def map_article(article: Article, *, config: Config, aliases: Aliases) -> ArticleGraph:
    """All triples and warnings for one article."""
    checked_field_table()
    return _ArticleMapper(article, ArticleGraph(article.path, config.for_source(article.path.name), aliases)).run()


class _ArticleMapper(InfoboxReader):
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
        for line, message in self.a.warnings:
            self.out.warn(line, message)
        self.document()
        self.infobox()
        self.prose()
        for section in self.a.sections:
            for bullets in section.lists:
                self.bullet_list(section.title, bullets.items, bullets.intro.text if bullets.intro else "")
            for table in section.tables:
                map_table(table, section.title, out=self.out, network=self.network, scope=self.a.stem, label=self.label)
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
        # a short-name line that only repeats the title is no short name
        if a.short_name and fold(a.short_name.text) != fold(a.title.text):
            out.add(self.network, KGO.shortName, Literal(a.short_name.text))
            out.derived(self.network, a.short_name.line)

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
        if title in _patterns()._SEE_ALSO:
            for item in items:
                self.link(section or "", item)
            return
        if is_history(items) and not _patterns()._SISTER_INTRO.search(intro):
            history_events(items, out=self.out, network=self.network, scope=self.a.stem, label=self.label)
            return
        if _patterns()._SISTER_INTRO.search(intro) or "member" in title:
            sisters = bool(_patterns()._SISTER_INTRO.search(intro))
            for item in items:
                if not sisters and (":" in item.text or not re.search(r"[^\W\d_]", item.text)):
                    self.out.generic(
                        self.network, section or "list", item.text, item.line, where="bullet list in section"
                    )
                    continue
                found = organisation_in(item.text)
                name, city = (found.name, None) if sisters else split_city(found.name)
                org = self.out.organisation(name, item.line, KGO.Network if sisters else KGO.Organisation)
                if found.acronym:
                    self.out.add(org, KGO.acronym, Literal(found.acronym))
                country = None
                if found.country and (country := self.out.country(org, found.country, item.line, "country")):
                    self.out.add(org, KGO.country, country)
                if city:  # "Universeum, Gothenburg": the member's city, not part of its name
                    self.out.add(org, KGO.city, self.out.city(city, country, item.line))
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
