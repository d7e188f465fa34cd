"""The pages that are not about one entity: the home page (from the dataset description), the index
of each class, and the validation warnings for a curator, grouped by source line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, VOID

from kg.core.vocab import KGO, SCHEMA
from kg.site.documents import DOCUMENTS
from kg.site.entities import Entities, Terms, href
from kg.site.pages import Value
from kg.validation.report import Report
from kg.validation.report import ValidationResult as Result

SPDX = "http://spdx.org/rdf/terms#"


@dataclass(frozen=True)
class Download:
    href: str
    name: str
    title: str
    media_type: str
    size: int
    sha256: str


#: Entities listed on one page of a class's index; a larger class has several pages, linked to each other.
PAGE = 1000


def class_page(cls: URIRef, number: int = 1) -> str:
    """The index page of a class of the ontology (its ``number``-th page), relative to the site root."""
    name = quote(str(cls)[len(str(KGO)) :], safe="")
    return f"class/{name}.html" if number == 1 else f"class/{name}-page-{number}.html"


def class_pages(cls: URIRef, count: int) -> list[str]:
    """Every page of a class's index of ``count`` entities."""
    return [class_page(cls, n) for n in range(1, max(1, -(-count // PAGE)) + 1)]


def _download(void: Graph, file: URIRef, downloads: str) -> Download | None:
    url = str(file)
    if not url.startswith(downloads) or void.value(file, DCAT.byteSize) is None:
        return None
    name = unquote(url[len(downloads) :])
    checksum = void.value(file, URIRef(SPDX + "checksum"))
    digest = void.value(checksum, URIRef(SPDX + "checksumValue")) if checksum is not None else None
    media = str(void.value(file, DCAT.mediaType) or "").rsplit("/assignments/media-types/", 1)[-1]
    return Download(
        href="../" + url[len(downloads) :],
        name=name,
        title=str(void.value(file, DCTERMS.title) or name),
        media_type=media,
        size=int(void.value(file, DCAT.byteSize)),  # type: ignore[arg-type]
        sha256=str(digest or ""),
    )


def _files(void: Graph, ds: URIRef, predicate: URIRef, downloads: str) -> list[Download]:
    found = [_download(void, f, downloads) for f in void.objects(ds, predicate) if isinstance(f, URIRef)]
    return sorted((d for d in found if d is not None), key=lambda d: d.name)


def home_context(
    void: Graph, *, base: str, downloads: str, entities: Entities, terms: Terms, networks: list[URIRef]
) -> dict[str, object]:
    """The home page: what the dataset is (from ``void.ttl``), what it holds, and where to get it."""
    ds = URIRef(base + "dataset")

    def text(predicate: URIRef) -> str | None:
        value = void.value(ds, predicate)
        return str(value) if value is not None else None

    instances = entities.instances()
    sources = [
        d
        for doc in sorted(void.objects(ds, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
        for url in void.objects(doc, SCHEMA.contentUrl)
        if isinstance(url, URIRef) and (d := _download(void, url, downloads)) is not None
    ]
    return {
        "root": "",
        "title": text(DCTERMS.title) or "Knowledge graph",
        "description": text(DCTERMS.description),
        "license": text(DCTERMS.license),
        "version": text(URIRef(str(DCAT) + "version")) or text(OWL.versionInfo),
        "issued": text(DCTERMS.issued),
        "modified": text(DCTERMS.modified),
        "triples": text(VOID.triples),
        "entity_count": len(entities.paths),
        "classes": [
            {"label": terms.label(c, str(c)), "href": class_page(c), "count": len(members)}
            for c, members in sorted(instances.items(), key=lambda x: terms.label(x[0], str(x[0])).casefold())
        ],
        "data": _files(void, ds, DCAT.distribution, downloads),
        "standards": _files(void, ds, DCTERMS.conformsTo, downloads),
        "documents": _files(void, ds, FOAF.page, downloads) + _files(void, ds, DCTERMS.relation, downloads),
        "sources": sorted(sources, key=lambda d: d.name),
        "networks": [Value(entities.label(n), href(entities.paths[n]) + ".html") for n in networks],
        "dataset": {
            "iri": str(ds),
            "documents": [
                {"href": f"dataset.{ext}", "media_type": media, "name": name} for ext, media, name in DOCUMENTS
            ],
        },
    }


def class_context(
    cls: URIRef, members: list[URIRef], entities: Entities, terms: Terms, comment: str | None, number: int = 1
) -> dict:
    """The ``number``-th page of a class's index: :data:`PAGE` of its entities, and links to its other pages."""
    pages = class_pages(cls, len(members))
    first = (number - 1) * PAGE
    shown = members[first : first + PAGE]
    return {
        "root": "../",
        "label": terms.label(cls, str(cls)),
        "iri": str(cls),
        "comment": comment,
        "total": len(members),
        "members": [Value(entities.label(m), "../" + href(entities.paths[m]) + ".html") for m in shown],
        "number": number,
        "first": first + 1,
        "last": first + len(shown),
        "pages": [
            {"number": n, "href": page.removeprefix("class/"), "current": n == number}
            for n, page in enumerate(pages, start=1)
        ],
    }


def classes_context(instances: Mapping[URIRef, list[URIRef]], terms: Terms, comments: Mapping[URIRef, str]) -> dict:
    rows = [
        {
            "label": terms.label(c, str(c)),
            "href": class_page(c).removeprefix("class/"),
            "count": len(members),
            "comment": comments.get(c),
        }
        for c, members in instances.items()
    ]
    return {"root": "../", "classes": sorted(rows, key=lambda r: str(r["label"]).casefold())}


def comments(ontology: Graph) -> dict[URIRef, str]:
    found: dict[URIRef, str] = {}
    for s, o in sorted(ontology.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))):
        if isinstance(s, URIRef) and isinstance(o, Literal) and o.language in (None, "en"):
            found.setdefault(s, str(o))
    return found


def validation_context(report: Report, entities: Entities, sources: Mapping[str, list[str]]) -> dict[str, object]:
    """The report's results grouped by the source line a curator has to open, in file and line order."""
    groups: dict[tuple[str, int], list[Result]] = defaultdict(list)
    for r in report.results:
        groups[r.source or ("", 0)].append(r)
    shown = []
    for (file, line), results in sorted(groups.items()):
        lines = sources.get(file, [])
        items = []
        for r in results:
            focus = URIRef(r.focus)
            page = entities.paths.get(focus)
            items.append(
                {
                    "severity": r.severity,
                    "shape": r.shape.rsplit("#", 1)[-1],
                    "focus": Value(r.focus_label or r.focus, href(page) + ".html" if page else None),
                    "iri": r.focus,
                    "path": r.path,
                    "value": r.value,
                    "message": r.message,
                }
            )
        shown.append(
            {
                "file": file or None,
                "line": line,
                "text": lines[line - 1] if file and 1 <= line <= len(lines) else None,
                "article": f"../source/{quote(file, safe='')}" if file else None,
                "results": items,
                "id": f"{file}-{line}" if file else "no-line",
            }
        )
    return {"root": "", "counts": report.counts, "groups": shown, "conforms": report.conforms}
