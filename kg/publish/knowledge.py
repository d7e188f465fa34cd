"""Assemble the knowledge graph of a set of sources, in memory: parse, map, mint IRIs, materialise.

:func:`knowledge` is what every command that reads sources starts from (``kg build``, ``kg
export``, ``kg duplicates``); :class:`Inputs` is what they read, given once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from kg.core.defaults import DEFAULT_SOURCES
from kg.core.iris import Minter, Ref, graph_iri
from kg.core.progress import SILENT, Progress
from kg.core.workers import WORKER_FROM
from kg.errors import KgError, SourceError, StrictFailed
from kg.mapping.sink import Notice, RefTriple
from kg.publish.articles import ArticleStage, map_articles
from kg.publish.materialise import Hierarchy
from kg.rdf.encoded import EncodedGraph
from kg.rdf.graphs import new_graph, prefixes_for
from kg.rdf.ontology import load_ontology
from kg.source.aliases import Aliases, load_aliases
from kg.source.config import Config, load_config
from kg.validation.data import SortedData

#: rdf:type, looked up once (an rdflib namespace's attribute is a method call) and shared by every triple.
_TYPE = RDF.type


@dataclass(frozen=True)
class Inputs:
    """What a build reads: the source articles and the files that configure them.

    ``sources`` are files or folders of ``*.txt`` (none: every article in ``source_dir``); the
    configuration and the alias list default to ``dataset.toml`` and ``aliases.csv`` in
    ``source_dir``; ``base`` overrides the configuration's base IRI.
    """

    sources: Sequence[Path] | None = None
    source_dir: Path = DEFAULT_SOURCES
    base: str | None = None
    config_path: Path | None = None
    aliases_path: Path | None = None
    #: A value read other than as written (a warning) is an error, for curated corpora.
    strict: bool = False
    #: An article that cannot be read at all is left out (and listed) instead of stopping the build.
    keep_going: bool = False
    #: Where the per-article stage runs (an executor) and its cache: how, not what, so never in the output.
    article_stage: ArticleStage = field(default_factory=ArticleStage)


@dataclass
class Knowledge:
    """The assembled graph of a set of sources, before anything is written.

    The graph is assembled as each article's set of triples (:attr:`parts`); :attr:`encoded` (what
    the writers read) is made from them when first asked for, and :attr:`graph` (an rdflib graph,
    for pyshacl and queries) from the encoded rows. A build drops the parts once they are encoded.
    """

    config: Config
    sources: list[Path]
    #: Prefixes for serialisations, in the order they are written.
    prefixes: dict[str, str] = field(default_factory=dict)
    #: The triples of each source article, by named-graph IRI (for N-Quads, TriG and per-graph loading).
    parts: dict[URIRef, set[tuple[Node, Node, Node]]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    #: Articles that could not be read at all, left out under ``keep_going`` (each error names its file).
    unreadable: list[SourceError] = field(default_factory=list)

    @cached_property
    def graph(self) -> Graph:
        """The whole graph as an rdflib graph (a triple two articles share, once), with the prefixes bound."""
        graph = new_graph(store="SimpleMemory")
        add, terms = graph.add, self.encoded.terms
        for s, p, o in self.encoded.rows:
            add((terms[s], terms[p], terms[o]))
        return graph

    def forget_graph(self) -> None:
        """Drop :attr:`graph` (made again if asked for): a build needs it only to validate, and it is the
        largest copy of the triples, which would otherwise be held through the writing of the site."""
        self.__dict__.pop("graph", None)

    def forget_parts(self) -> None:
        """Encode the triples (if not yet) and drop :attr:`parts`, which then says nothing more:
        everything after assembly reads the encoded rows (and :attr:`graph` is made from them)."""
        _ = self.encoded
        self.parts = {}

    @cached_property
    def encoded(self) -> EncodedGraph:
        """The triples as sorted rows of N-Triples terms, whole and per article: what the writers read."""
        return EncodedGraph(self.parts)

    def validation_data(self, *, isolate: bool | None = None) -> SortedData:
        """The graph as validation reads it, from the encoded rows: the rdflib :attr:`graph` is made
        only if pyshacl runs. pyshacl-turbo runs in a process of its own (``isolate``) by default
        from :data:`~kg.core.workers.WORKER_FROM` triples, where its copies of the graph would rival the build's."""
        return SortedData.of_rows(
            self.encoded,
            graph=lambda: self.graph,
            namespaces=tuple(new_graph(store="SimpleMemory").namespaces()),
            isolate=len(self.encoded) >= WORKER_FROM if isolate is None else isolate,
        )


def source_paths(sources: Sequence[Path] | None, source_dir: Path) -> list[Path]:
    """The files to read: those given (folders expanded to their ``*.txt``), else ``source_dir/*.txt``."""
    paths: list[Path] = []
    for given in sources or [source_dir]:
        if given.is_dir():
            paths.extend(sorted(given.glob("*.txt")))
        elif given.is_file():
            paths.append(given)
        else:
            raise SourceError(
                "no such file or folder; expected a source article (.txt) or a folder of them", path=given
            )
    if not paths:
        raise KgError(f"no source articles (*.txt) found in {', '.join(str(s) for s in sources or [source_dir])}")
    names: dict[str, Path] = {}
    for p in paths:
        if p.name in names and names[p.name].resolve() != p.resolve():
            raise SourceError(f"has the same file name as {names[p.name]}; source file names must be unique", path=p)
        names[p.name] = p
    return sorted(set(paths), key=lambda p: (p.name, str(p)))


def _resolve(triples: Iterable[RefTriple], mint: Minter, shared: dict[Node, Node]) -> Iterator[tuple[Node, Node, Node]]:
    """The triples with their references minted; each predicate (and each class) is one object
    (``shared``) across all articles, where the mapping (and a worker's pickle) made a new
    ``schema:name`` for every use."""
    one = shared.setdefault
    for s, p, o in triples:
        p = mint(p) if isinstance(p, Ref) else one(p, p)
        yield (
            mint(s) if isinstance(s, Ref) else s,
            p,
            mint(o) if isinstance(o, Ref) else one(o, o) if p is _TYPE else o,
        )


def _placed_cities(refs: Iterable[Ref]) -> dict[Ref, Ref]:
    """A city named without its country is the city of that name some article places in a country,
    when exactly one such city exists ("Wien" in one article, "Wien, Austria" in another)."""
    placed: dict[str, list[Ref]] = defaultdict(list)
    bare = []
    for ref in refs:
        if ref.kind == "city":
            if len(ref.key) == 2:
                placed[ref.key[1].casefold()].append(ref)
            else:
                bare.append(ref)
    return {ref: placed[ref.key[0].casefold()][0] for ref in bare if len(placed[ref.key[0].casefold()]) == 1}


def assemble(
    paths: Sequence[Path],
    *,
    config: Config,
    aliases: Aliases,
    ontology: Graph | None = None,
    keep_going: bool = False,
    progress: Progress = SILENT,
    stage: ArticleStage | None = None,
) -> Knowledge:
    """Parse and map every source, mint IRIs, materialise the alignment: the whole graph, in memory.

    An article that cannot be read at all is an error; with ``keep_going`` it is left out and
    listed in :attr:`Knowledge.unreadable`, unless no article is left. ``stage`` says where the
    articles are mapped and whether they are cached (default: here, no cache).
    """
    stage = stage or ArticleStage()
    try:
        mapped, unreadable = map_articles(
            paths,
            config=config,
            aliases=aliases,
            keep_going=keep_going,
            progress=progress,
            executor=stage.executor,
            cache=stage.cache,
            chunk_size=stage.chunk_size,
            parallel_from=stage.parallel_from,
        )
    finally:
        if stage.release is not None:
            stage.release()
    if not mapped and unreadable:
        raise unreadable[0]
    paths = [m.path for m in mapped]
    first_seen: dict[Ref, Path] = {}
    for m in mapped:
        for triple in m.triples:
            for t in triple:
                if isinstance(t, Ref):
                    first_seen.setdefault(t, m.path)
    mint = Minter(config.base, first_seen, same=_placed_cities(first_seen))
    hierarchy = Hierarchy.from_ontology(ontology if ontology is not None else load_ontology(), config.materialise)
    prefixes = prefixes_for(config.base, {r.kind for r in first_seen} | {"source"})
    parts: dict[URIRef, set[tuple[Node, Node, Node]]] = {}
    shared: dict[Node, Node] = {_TYPE: _TYPE}
    for m in mapped:
        parts[graph_iri(config.base, m.path)] = set(hierarchy.expand(_resolve(m.triples, mint, shared)))
        m.triples.clear()  # done with: its memory holds the next articles' parts, not a second copy of them
    notices = sorted({n for m in mapped for n in m.notices})
    for path, group in mint.collisions:
        where = first_seen[group[0]]
        names = ", ".join(repr(r.key[-1]) for r in group)
        notices.append(
            Notice(
                where,
                0,
                f"the names {names} would share the IRI path {path!r}; the first keeps it, the others get a "
                "hash suffix; if they name the same entity, list one as an alias of the other in the alias file",
            )
        )
    return Knowledge(
        config=config,
        sources=list(paths),
        prefixes=prefixes,
        parts=parts,
        notices=notices,
        unreadable=unreadable,
    )


def knowledge(inputs: Inputs, *, progress: Progress = SILENT) -> Knowledge:
    """Read the configuration, alias list and sources, and assemble the graph (nothing is written)."""
    sources, source_dir = inputs.sources, inputs.source_dir
    config_path, aliases_path = inputs.config_path, inputs.aliases_path
    for given in (config_path, aliases_path):
        if given is not None and not given.is_file():
            raise SourceError("no such file", path=given)
    config = load_config(config_path or source_dir / "dataset.toml").with_base(inputs.base)
    alias_file = aliases_path or source_dir / "aliases.csv"
    paths = source_paths(sources, source_dir)
    k = assemble(
        paths,
        config=config,
        aliases=load_aliases(alias_file),
        keep_going=inputs.keep_going,
        progress=progress,
        stage=inputs.article_stage,
    )
    for folder in [s for s in (sources or [source_dir]) if s.is_dir()]:
        for path in sorted(folder.glob("*.txt")):
            if not path.resolve().is_relative_to(folder.resolve()):  # published all the same: say so
                message = f"is a link to {path.resolve()}, outside {folder}; it is read and published as a source"
                k.notices.insert(0, Notice(path, 0, message))
    if inputs.strict and (read_otherwise := [n for n in k.notices if n.line]):
        raise StrictFailed(sorted(read_otherwise, key=lambda n: (str(n.path), n.line, n.message)))
    if not alias_file.exists():  # the build works, but merges no differently written names
        message = "not found; no organisation names are merged (kg duplicates lists candidate pairs)"
        k.notices.insert(0, Notice(alias_file, 0, message))
    return k
