"""The linked-data site (``dist/site/``): a page for every entity, its description as data beside it,
class indexes, the home page, network pictures, stored-query pages and the curation page.

Layout (see the README): an entity ``{base}{path}`` has ``site/{path}.html``, ``.ttl``, ``.jsonld``
and ``.nt``; links between pages are relative and name the ``.html`` file, so the site works
opened from the file system and from any static host; ``site/.htaccess`` makes the extensionless
IRI path answer with a 303 to the document the client asks for. Everything is written from sorted
data: the same graph gives the same bytes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF
from rdflib.term import Node

from kg.core.forks import Forked, can_fork
from kg.core.vocab import KGO
from kg.core.workers import WORKER_FROM
from kg.errors import SiteError
from kg.query.catalogue import StoredQuery
from kg.site.answers import answers
from kg.site.catalogue import ENDPOINT, Budget, Cells, query_context, skipped_answer
from kg.site.changes import ReleaseSummary, changes_context
from kg.site.dataset import DATASET, dataset_files
from kg.site.documents import DOCUMENTS, DocumentWriter
from kg.site.entities import Entities, Terms
from kg.site.networks import network_view
from kg.site.overview import (
    class_context,
    class_page,
    class_pages,
    classes_context,
    comments,
    home_context,
    validation_context,
)
from kg.site.pages import Framed, Pages, SiteMeta, environment
from kg.site.reuse import Entry, Reuse, code_version, digest, identify
from kg.source.parse import read_text, source_lines
from kg.store.negotiate import VARIANTS
from kg.validation.report import Report

SITE = "site"
#: The files of an entity other than a network (which also has pictures).
_ENTITY_FILES = ("html", *(ext for ext, _, _ in DOCUMENTS))
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class SiteInput:
    """What the build hands to the site: the graph and everything published beside it."""

    #: The graph's triples, each once (any order): terms, or keys of ``terms`` (see ``Entities.from_triples``).
    triples: Iterable[tuple[Any, Any, Any]]
    base: str
    prefixes: dict[str, str]
    language: str
    downloads: str
    sources: Sequence[Path]
    report: Report
    void: Graph
    ontology: Graph
    queries: Sequence[StoredQuery]
    #: The build's N-Triples file, which the stored queries run on.
    ntriples: Path
    endpoint: str = ENDPOINT
    #: The comparison with the previous release (``BuildResult.release.summary()``), when the build made
    #: one: the site then has a ``changes.html`` page, linked from the home page.
    release: ReleaseSummary | None = None
    #: The record of the site this one replaces, whose unchanged entity files are linked, not rendered.
    reuse: Reuse | None = None
    #: What each key in ``triples`` stands for, when they are keys (an encoded graph's N-Triples forms).
    terms: Mapping[Any, Node] | None = None


@dataclass(frozen=True)
class WrittenSite:
    #: Every file written, relative to the site's folder, in the order of sorted paths (strings: a site
    #: has tens of thousands of files, and a Path each costs more than writing some of them).
    files: list[str]
    #: What every entity's record depends on, and each entity's record (:mod:`kg.site.reuse`): to be
    #: saved once the site is in place.
    salt: str
    entries: dict[str, Entry]
    #: How many entities' files were linked from the site this one replaces.
    reused: int = 0


#: From this many entities on, their pages are written by one process per core (forked, so they share
#: the index without copying it: :mod:`kg.core.forks`); below it, one process is quicker.
PARALLEL_FROM = 2000


class _Writer:
    """Writes files under ``root``; remembers their paths relative to it (strings: cheap to keep and to pass
    back from a worker)."""

    def __init__(self, root: Path) -> None:
        self.root = f"{root}/"
        self.written: list[str] = []
        self._folders: set[str] = set()

    def folder(self, relative: str) -> None:
        """Make the folder of ``relative``, once."""
        folder = relative.rpartition("/")[0]
        if folder not in self._folders:
            Path(self.root, folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def __call__(self, relative: str, data: bytes) -> None:
        self.folder(relative)
        # os.write, not open(): tens of thousands of small files, and a buffered file object per file costs
        fd = os.open(self.root + relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.written.append(relative)


@dataclass
class _EntityPages:
    """Everything needed to write the entities' files, shared by the processes that write them."""

    folder: Path
    env: Environment
    entities: Entities
    pages: Pages
    meta: SiteMeta
    networks: set[URIRef]
    prefixes: dict[str, str]
    iris: list[URIRef]
    reuse: Reuse

    def write(self, part: int = 0, parts: int = 1) -> _Part:
        """The page, the documents and (for a network) the pictures of every ``parts``-th entity from
        ``part``; the files written and the record of each entity that may be reused next time."""
        write = _Writer(self.folder)
        template = Framed(self.env, "entity.html", self.meta)
        docs = DocumentWriter(self.prefixes)
        entries: dict[str, Entry] = {}
        reused = 0
        for iri in self.iris[part::parts]:
            path = self.entities.paths[iri]
            view = network_view(self.env, self.entities, iri) if iri in self.networks else None
            page = template.render(**self.pages.context(iri, network=view.context if view else None)).encode()
            key = None
            if view is None:  # a network's pictures are always drawn (a few per build); other files may be kept
                # the page itself, not the context it was rendered from: hashing it costs less than a
                # repr of the context did, and no input can be left out of the key
                statements = "\n".join(docs.statements(self.entities, iri)).encode()
                key = digest(self.reuse.salt, page, statements)
                write.folder(path)
                linked = self.reuse.link(path, key, write.root)
                if linked is not None:  # the same files as recorded: the record stands
                    write.written.extend(linked)
                    entries[path] = self.reuse.entries[path]
                    reused += 1
                    continue
            write(f"{path}.html", page)
            for ext, data in docs.write(self.entities, iri).by_extension().items():
                write(f"{path}.{ext}", data)
            if view is not None:
                for suffix, picture in view.pictures.items():
                    write(f"{path}.{suffix}", picture.svg)
            if key is not None:
                entries[path] = identify(write.root, path, _ENTITY_FILES, key)
        return _Part(write.written, entries, reused)


@dataclass
class _Part:
    """What writing a part of the entities did: the files written, the entities' records, how many reused."""

    written: list[str]
    entries: dict[str, Entry]
    reused: int = 0

    @classmethod
    def joined(cls, parts: Iterable[_Part]) -> _Part:
        whole = cls([], {})
        for part in parts:
            whole.written.extend(part.written)
            whole.entries.update(part.entries)
            whole.reused += part.reused
        return whole


@contextmanager
def _writing_entities(job: _EntityPages) -> Iterator[Callable[[], _Part]]:
    """Write the entities' files, in forked children when there are many, while the block writes the
    site's other pages; yields the function that waits for them and returns what they wrote."""
    workers = min(os.cpu_count() or 1, 4)
    if len(job.iris) < PARALLEL_FROM or workers < 2 or not can_fork():
        done = job.write()
        yield lambda: done
        return
    # the children share the parent's objects copy-on-write: frozen, the collector does not touch (and so
    # copy) every page of them in each child
    gc.collect()
    gc.freeze()
    children: list[Forked[_Part]] = []
    joined: list[_Part] = []

    def wait() -> _Part:
        if not joined:
            joined.append(_Part.joined([child.result() for child in children]))
        return joined[0]

    try:
        children.extend(Forked(partial(job.write, i, workers), name="kg-site") for i in range(workers))
        yield wait
        wait()  # an error in a child is raised here, if the block did not ask
    except BaseException:
        for child in children:
            child.stop()
        raise
    finally:
        gc.unfreeze()


def _refuse_clashes(entities: Entities, own: set[str]) -> None:
    """Two entities whose paths are one, or an entity whose path is one of the site's own pages, would
    overwrite each other's files: refused, naming both."""
    taken: dict[str, URIRef] = {}
    for iri, path in sorted(entities.paths.items()):
        if path in own:
            raise SiteError(f"the entity <{iri}> would be written to {SITE}/{path}.html, one of the site's own pages")
        if path in taken:
            raise SiteError(f"the entities <{taken[path]}> and <{iri}> would both be written to {SITE}/{path}.html")
        taken[path] = iri


def write_site(folder: Path, given: SiteInput) -> WrittenSite:
    """Write the site into ``folder`` (``dist/site`` in the staging folder): every file written, sorted,
    and the entities' records for the next build."""
    env = environment()
    entities = Entities.from_triples(given.base, given.triples, given.terms)
    predicate_labels = {p: entities.labels[p] for p in entities.paths if isinstance(p, URIRef) and p in entities.labels}
    terms = Terms.from_graphs(given.ontology, predicate_labels)
    sources = {p.name: source_lines(read_text(p)) for p in given.sources}
    instances = entities.instances()
    meta = _meta(given)
    queries = sorted(given.queries, key=lambda q: q.name)
    own = {"index", "validation", "class/index", "query/index", "changes", DATASET}
    own |= {page.removesuffix(".html") for c, m in instances.items() for page in class_pages(c, len(m))}
    own |= {f"query/{q.name}" for q in queries}
    _refuse_clashes(entities, own)
    pages = Pages(
        entities=entities,
        terms=terms,
        prefixes=given.prefixes,
        sources=sources,
        language=given.language,
        value_template=env.get_template("value.html"),
        quote_template=env.get_template("quote.html"),
        lines_template=env.get_template("lines.html"),
        class_pages={c: class_page(c) for c in instances},
    )
    networks = set(instances.get(KGO.Network, ()))
    iris = sorted(entities.paths, key=str)
    current = salt(meta, given.prefixes)
    reuse = given.reuse if given.reuse is not None and given.reuse.salt == current else Reuse(salt=current)
    job = _EntityPages(folder, env, entities, pages, meta, networks, given.prefixes, iris, reuse)
    with _writing_entities(job) as entity_files:
        written = _other_pages(folder, given, env, entities, terms, instances, sources, meta, queries)
        entity = entity_files()
        relative = sorted([*entity.written, *written], key=lambda r: r.split("/"))  # the order of sorted Paths
        return WrittenSite(relative, current, entity.entries, entity.reused)


def salt(meta: SiteMeta, prefixes: dict[str, str]) -> str:
    """What every entity's files depend on besides their own inputs: the site's code and templates, the
    header and footer of every page, and the prefixes of the documents."""
    return digest(code_version(), meta, sorted(prefixes.items()))


def _other_pages(
    folder: Path,
    given: SiteInput,
    env: Environment,
    entities: Entities,
    terms: Terms,
    instances: dict[URIRef, list[URIRef]],
    sources: dict[str, list[str]],
    meta: SiteMeta,
    queries: list[StoredQuery],
) -> list[str]:
    """The class indexes, the home page, the curation page, the query pages, the style sheet and .htaccess."""
    write = _Writer(folder)
    notes = comments(given.ontology)
    for cls, members in instances.items():
        for number, page in enumerate(class_pages(cls, len(members)), start=1):
            context = class_context(cls, members, entities, terms, notes.get(cls), number)
            write(page, env.get_template("class.html").render(site=meta, **context).encode())
    write(
        "class/index.html",
        env.get_template("classes.html").render(site=meta, **classes_context(instances, terms, notes)).encode(),
    )
    topics = {o for doc in instances.get(KGO.SourceDocument, ()) for o in entities.values(doc, FOAF.primaryTopic)}
    subjects = sorted(
        (o for o in topics if isinstance(o, URIRef) and o in entities.paths),
        key=lambda n: (entities.label(n).casefold(), str(n)),
    )
    home = home_context(
        given.void, base=given.base, downloads=given.downloads, entities=entities, terms=terms, networks=subjects
    )
    if given.release is not None:
        home["changes"] = f"changes since release {given.release.old.version or given.release.old.path}"
        changes = changes_context(given.release, entities)
        write("changes.html", env.get_template("changes.html").render(site=meta, **changes).encode())
    home_page = env.get_template("home.html").render(site=meta, **home).encode()
    write("index.html", home_page)
    for name, data in dataset_files(given.void, home_page).items():
        write(name, data)
    validation = validation_context(given.report, entities, sources)
    write("validation.html", env.get_template("validation.html").render(site=meta, **validation).encode())
    cells = Cells(entities, given.prefixes)
    budget = Budget.load()
    size = entities.size
    skipped = {q.name: why for q in queries if (why := budget.skips(q, size)) is not None}
    found = answers(given.ntriples, [q for q in queries if q.name not in skipped], isolate=size >= WORKER_FROM)
    for q in queries:
        answer = skipped_answer(skipped[q.name]) if q.name in skipped else found[q.name]
        context = query_context(q, answer, cells, given.endpoint)
        write(f"query/{q.name}.html", env.get_template("query.html").render(site=meta, **context).encode())
    listing = {"root": "../", "queries": queries, "endpoint": given.endpoint}
    write("query/index.html", env.get_template("queries.html").render(site=meta, **listing).encode())
    for name in ("style.css", "favicon.svg"):
        write(name, (STATIC / name).read_bytes())
    write(".htaccess", env.get_template("htaccess").render(variants=VARIANTS).encode())
    return write.written


def _meta(given: SiteInput) -> SiteMeta:
    ds = URIRef(given.base + "dataset")
    title = given.void.value(ds, URIRef("http://purl.org/dc/terms/title"))
    version = given.void.value(ds, URIRef("http://www.w3.org/2002/07/owl#versionInfo"))
    license_ = given.void.value(ds, URIRef("http://purl.org/dc/terms/license"))
    return SiteMeta(
        title=str(title or "Knowledge graph"),
        language=given.language,
        version=str(version or ""),
        license=str(license_ or ""),
    )
