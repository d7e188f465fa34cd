"""One HTML page per entity: its name and types, its facts with the ontology's labels, what links to it,
and the source lines it was derived from, quoted and linked to the published article."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import quote, unquote

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from kg.core.vocab import KGO, SCHEMA
from kg.rdf.compact import PrefixedNames as Compactor
from kg.site.documents import DOCUMENTS
from kg.site.entities import Entities, Terms, href, source_line, without_entailed

#: Properties shown elsewhere on the page than among its facts.
_NOT_FACTS = frozenset({RDF.type, RDFS.label, PROV.wasDerivedFrom})
_KGO = str(KGO)
_NAME = SCHEMA.name
_TYPE = RDF.type
_DERIVED = PROV.wasDerivedFrom
_SOURCE_DOCUMENT = KGO.SourceDocument
#: Literals at least this long are shown as paragraphs.
_LONG = 160


def environment() -> Environment:
    """The site's templates (``kg/site/templates``), HTML and SVG autoescaped."""
    return Environment(
        loader=PackageLoader("kg.site", "templates"),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Framed:
    """A page template that extends ``base.html``, rendered as its blocks inside the base's frame (the
    header, navigation and footer), which is rendered once per depth in the site instead of once per page:
    the same text as ``template.render``, for the entity pages, tens of thousands of them."""

    BLOCKS = ("title", "head", "main")

    def __init__(self, env: Environment, name: str, meta: SiteMeta) -> None:
        self.template = env.get_template(name)
        self.meta = meta
        self._marked = env.from_string(
            '{% extends "base.html" %}' + "".join(f"{{% block {b} %}}\x00{{% endblock %}}" for b in self.BLOCKS)
        )
        self._frames: dict[str, list[str]] = {}

    def _frame(self, root: str) -> list[str]:
        found = self._frames.get(root)
        if found is None:
            found = self._frames[root] = self._marked.render(site=self.meta, root=root).split("\x00")
            assert len(found) == len(self.BLOCKS) + 1
        return found

    def render(self, **context: object) -> str:
        frame = self._frame(str(context["root"]))
        ctx = self.template.new_context({"site": self.meta, **context})
        blocks = self.template.blocks
        out = [frame[0]]
        for name, after in zip(self.BLOCKS, frame[1:], strict=True):
            if name in blocks:
                out.extend(blocks[name](ctx))
            out.append(after)
        return "".join(out)


def root_of(path: str) -> str:
    """The relative URL of the site's root folder from the page at ``path``."""
    return "../" * path.count("/")


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None = None
    external: bool = False
    lang: str | None = None
    long: bool = False
    #: The value as HTML, rendered once by the ``value.html`` template (autoescaped).
    html: Markup | None = None


@dataclass(frozen=True)
class Row:
    label: str
    curie: str
    values: list[Value]


@dataclass(frozen=True)
class Quote:
    iri: str
    file: str
    line: int
    text: str
    article: str
    page: str | None
    #: The quote as HTML, rendered by the ``quote.html`` template (autoescaped): a table row of the article is
    #: quoted on the page of every partner it names.
    html: Markup | None = None


@dataclass
class SiteMeta:
    """What every page shows in its header and footer."""

    title: str
    language: str
    version: str
    license: str


@dataclass
class Pages:
    """Everything an entity page needs, computed once for the whole site."""

    entities: Entities
    terms: Terms
    prefixes: Mapping[str, str]
    #: source file name → its lines (the published copy in ``source/``)
    sources: Mapping[str, list[str]]
    language: str
    value_template: Template
    quote_template: Template
    class_pages: Mapping[URIRef, str] = field(default_factory=dict)
    #: An article's lines as list items (``lines.html``): rendered once per article, not once per page.
    lines_template: Template | None = None

    _curies: dict[URIRef, str] = field(default_factory=dict)
    _links: dict[tuple[Node, str], Value] = field(default_factory=dict)
    _quotes: dict[tuple[str, str], Quote] = field(default_factory=dict)
    _lines: dict[str, Markup] = field(default_factory=dict)

    @cached_property
    def compact(self) -> Compactor:
        return Compactor(self.prefixes)

    def curie(self, term: URIRef) -> str:
        found = self._curies.get(term)
        if found is None:
            found = self._curies[term] = self.compact.text(str(term))
        return found

    def link(self, node: Node, root: str) -> Value:
        """A value as people read it: an entity by name and linked to its page, a web address linked out."""
        key = (node, root)
        found = self._links.get(key)
        if found is None:
            value = self._link(node, root)
            html = Markup(self.value_template.render(v=value))  # autoescaped by the template
            found = self._links[key] = replace(value, html=html)
        return found

    def _link(self, node: Node, root: str) -> Value:
        if isinstance(node, URIRef):
            path = self.entities.paths.get(node)
            if path is not None:
                return Value(self.entities.label(node), root + href(path) + ".html")
            text = str(node)
            if text.startswith(("http://", "https://")):
                return Value(self.entities.labels.get(node, text), text, external=True)
            return Value(text)
        if isinstance(node, Literal):
            text = str(node)
            lang = node.language if node.language and node.language != self.language else None
            return Value(text, lang=lang, long=len(text) >= _LONG)
        return Value(str(node))

    def rows(self, pairs: list[tuple[Node, Node]], root: str, *, inverse: bool = False) -> list[Row]:
        """Values grouped by property; for links into the entity, the property read backwards: the
        ontology's inverse if it declares one (``involves`` for ``involved in``), else "… of"."""
        grouped: dict[Node, list[Node]] = {}
        for p, o in pairs:
            grouped.setdefault(p, []).append(o)
        rows = []
        for p, values in grouped.items():
            assert isinstance(p, URIRef)
            label = self.terms.label(p, self.curie(p))
            if inverse:
                opposite = self.terms.inverses.get(p)
                label = self.terms.label(opposite, self.curie(opposite)) if opposite is not None else f"{label} of"
            shown = sorted((self.link(v, root) for v in set(values)), key=lambda v: (v.text.casefold(), v.href or ""))
            rows.append(Row(label, self.curie(p), shown))
        return sorted(rows, key=lambda r: (r.label.casefold(), r.curie))

    def types(self, iri: URIRef, root: str) -> tuple[list[dict[str, str | None]], list[URIRef]]:
        """The entity's classes in the ontology's namespace, most specific first, and the others."""
        classes = self.entities.types(iri)
        entailed = {sup for c in classes for sup in self.terms.super_classes.get(c, ())}
        ours = [c for c in classes if str(c).startswith(_KGO)]
        shown = [c for c in ours if c not in entailed] + [c for c in ours if c in entailed]
        values = []
        for c in shown:
            page = self.class_pages.get(c)
            values.append(
                {
                    "label": self.terms.label(c, self.curie(c)),
                    "href": root + page if page else None,
                    "curie": self.curie(c),
                }
            )
        return values, [c for c in classes if c not in shown]

    def provenance(self, iri: URIRef, root: str) -> list[Quote]:
        quotes = []
        for derived in self.entities.values(iri, _DERIVED):
            text = str(derived)
            found = self._quotes.get((text, root))
            if found is None:
                found = self._quote(text, root)
                if found is not None:
                    found = replace(found, html=Markup(self.quote_template.render(q=found)))  # autoescaped
                    self._quotes[(text, root)] = found
            if found is not None:
                quotes.append(found)
        return sorted(quotes, key=lambda q: (q.file, q.line))

    def _quote(self, text: str, root: str) -> Quote | None:
        doc, _, _ = text.partition("#")
        line = source_line(text)
        file = unquote(doc.rsplit("/", 1)[-1])
        lines = self.sources.get(file)
        if line is None or lines is None or not 1 <= line <= len(lines):
            return None
        page = self.entities.paths.get(URIRef(doc))
        return Quote(
            iri=text,
            file=file,
            line=line,
            text=lines[line - 1],
            article=f"{root}../source/{quote(file, safe='')}",
            page=f"{root}{href(page)}.html#line-{line}" if page else None,
        )

    def article_lines(self, file: str) -> Markup:
        """The article's lines as the list items of its page, autoescaped by the template."""
        found = self._lines.get(file)
        if found is None:
            assert self.lines_template is not None
            found = self._lines[file] = Markup(self.lines_template.render(lines=self.sources[file]))
        return found

    def context(self, iri: URIRef, *, network: object = None) -> dict[str, object]:
        """The template's view of one entity."""
        entities = self.entities
        path = entities.paths[iri]
        root = root_of(path)
        own = path.rsplit("/", 1)[-1]
        types, other_types = self.types(iri, root)
        title = entities.label(iri)
        pairs = [
            (p, o) for p, o in entities.out.get(iri, ()) if p not in _NOT_FACTS and not (p == _NAME and str(o) == title)
        ]
        kept = without_entailed(pairs, self.terms.super_properties)
        kept_set = set(kept)
        aligned = {p for p, o in pairs if (p, o) not in kept_set and isinstance(p, URIRef)} | set(other_types)
        forward = {(p, o) for p, o in entities.out.get(iri, ())}
        inverse = without_entailed(entities.into.get(iri, ()), self.terms.super_properties)
        inverse = [
            (p, s)
            for p, s in inverse
            if not (isinstance(p, URIRef) and (self.terms.inverses.get(p), s) in forward) and s != iri
        ]
        lines = None
        article = None
        file = None
        if _SOURCE_DOCUMENT in entities.types(iri):
            names = entities.values(iri, KGO.fileName)
            file = str(names[0]) if names else None
            if file is not None and file in self.sources:
                lines = self.article_lines(file)
                article = f"{root}../source/{quote(file, safe='')}"
        provenance = self.provenance(iri, root)
        return {
            "root": root,
            "e": {
                "iri": str(iri),
                "title": title,
                "types": types,
                "documents": [
                    {"href": f"{quote(own)}.{ext}", "media_type": media, "name": name} for ext, media, name in DOCUMENTS
                ],
                "rows": self.rows(kept, root),
                "inverse": self.rows(inverse, root, inverse=True),
                "aligned": sorted(self.curie(t) for t in aligned),
                "provenance": provenance,
                "sources": sorted({q.file for q in provenance}),
                "lines": lines,
                "article": article,
                "article_name": file,
                "network": network,
            },
        }


def year(node: Node) -> int | None:
    """A gYear (or a plain year) as a number."""
    if isinstance(node, Literal) and (node.datatype in (XSD.gYear, None)) and str(node)[:4].isdigit():
        return int(str(node)[:4])
    return None


def name_of(entities: Entities, node: Node) -> str:
    names = [str(o) for o in entities.values(node, SCHEMA.name) if isinstance(o, Literal)]
    return min(names) if names else entities.label(node)
