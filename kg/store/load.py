"""Push a build into a triple store: one named graph per source article, replaced safely.

A load runs in phases, so that a failure leaves the dataset that was there:

1. every graph is PUT into its own staging graph and counted there. A rejected or broken upload
   drops the staging graphs and leaves the store as it was (a rejected PUT on Virtuoso can leave
   part of the data behind: in staging, which is dropped);
2. each staging graph is moved onto its target with one SPARQL ``MOVE`` and counted again;
3. graphs of the previous load that are no longer part of the build (an article removed from
   ``sources/``, or a switch to or from ``--graph``) are dropped;
4. the manifest graph ``{base}graph/manifest`` is replaced by the list of the dataset's graphs,
   in the SPARQL 1.1 Service Description vocabulary (``<dataset> sd:namedGraph [ sd:name <g> ;
   sd:graph [ void:triples n ] ]``). :func:`loaded_graphs` reads it back: the graphs a query
   at the store should take as its default graph.

The manifest never forgets a graph that may be in the store: when the build adds graphs, the
manifest first lists the old and the new ones together, and only the last phase narrows it.

Every count check compares one graph's distinct triples in the build with the same graph in the
store; a triple that two articles share is one triple in each of their graphs, and once in
:attr:`LoadResult.triples`.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD, Namespace

from kg.core.defaults import DEFAULT_OUT
from kg.errors import KgError, SourceError
from kg.rdf.turtle import nt
from kg.store.client import Store, StoreError, iri_ref

#: SPARQL 1.1 Service Description, the vocabulary of the manifest.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@dataclass(frozen=True)
class PublishedDataset:
    """The dataset a build describes in its ``void.ttl``: its IRI and the base its IRIs are minted under."""

    iri: str
    base: str

    @property
    def manifest(self) -> str:
        return manifest_graph(self.base)


@dataclass
class GraphLoad:
    graph: str
    #: The graph's distinct triples, in the build and (checked) in the store.
    triples: int
    seconds: float


@dataclass
class LoadResult:
    endpoint: str
    dataset: str
    manifest: str
    graphs: list[GraphLoad] = field(default_factory=list)
    #: Graphs of the previous load that are not part of this build, dropped from the store.
    removed: list[str] = field(default_factory=list)
    #: Distinct triples of the whole dataset (a triple in several graphs counts once), as ``void:triples``.
    triples: int = 0


def manifest_graph(base: str) -> str:
    """The graph that lists the graphs of the dataset minted under ``base``."""
    return base + "graph/manifest"


def staging_graph(graph: str) -> str:
    return "urn:kg:staging:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:24]


def read_dataset(dist: Path) -> PublishedDataset:
    """The dataset IRI and base of the build in ``dist``, from the ``void:uriSpace`` of its ``void.ttl``."""
    path = dist / "void.ttl"
    if not path.is_file():
        raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise SourceError(f"cannot read the dataset description: {exc}", path=path) from None
    found = sorted(
        {
            (q.subject.value, q.object.value)
            for q in quads
            if q.predicate.value == str(VOID.uriSpace) and isinstance(q.subject, ox.NamedNode)
        }
    )
    if len(found) != 1:
        raise SourceError(f"expected one dataset with a void:uriSpace, found {len(found)}", path=path)
    iri, base = found[0]
    iri_ref(manifest_graph(base))
    return PublishedDataset(iri=iri, base=base)


def _ntriples_line(line: bytes) -> bytes:
    return line.rstrip() + b"\n"


def named_graphs(path: Path) -> dict[str, set[bytes]]:
    """The N-Triples lines of each named graph of kg's N-Quads (every line ends with its graph IRI)."""
    graphs: dict[str, set[bytes]] = defaultdict(set)
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        head, sep, name = line.rstrip().removesuffix(b" .").rpartition(b" <")
        if not sep or not name.endswith(b">"):
            raise SourceError("expected an N-Quads line ending with a graph IRI", path=path, line=number)
        graphs[name[:-1].decode("utf-8")].add(head + b" .\n")
    return graphs


def _graphs_from_dist(dist: Path, graph: str | None) -> dict[str, list[bytes]]:
    """Distinct N-Triples lines by target graph: the build's named graphs, or everything into ``graph``."""
    graphs: dict[str, set[bytes]] = defaultdict(set)
    if graph is not None:
        path = dist / "graph.nt"
        if not path.is_file():
            raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
        graphs[graph] = {_ntriples_line(line) for line in path.read_bytes().splitlines() if line.strip()}
    else:
        path = dist / "graph.nq"
        if not path.is_file():
            raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
        graphs.update(named_graphs(path))
    if not any(graphs.values()):  # loading nothing would drop every graph of the previous load
        raise KgError(f"{path} holds no triples; run `kg build` first (or pass --dist)")
    return {name: sorted(lines) for name, lines in graphs.items()}


def _manifest(dataset: PublishedDataset, graphs: dict[str, int | None]) -> list[bytes]:
    """N-Triples of the manifest: the dataset's named graphs and, once checked, their triple counts."""
    ds = URIRef(dataset.iri)
    triples: list[tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]] = [(ds, RDF.type, SD.Dataset)]
    for number, name in enumerate(sorted(graphs), start=1):
        node = BNode(f"g{number}")
        triples += [(ds, SD.namedGraph, node), (node, RDF.type, SD.NamedGraph), (node, SD.name, URIRef(name))]
        count = graphs[name]
        if count is not None:
            described = BNode(f"g{number}d")
            triples += [
                (node, SD.graph, described),
                (described, RDF.type, SD.Graph),
                (described, VOID.triples, Literal(count, datatype=XSD.integer)),
            ]
    return sorted(f"{nt(s)} {nt(p)} {nt(o)} .\n".encode() for s, p, o in triples)


def loaded_graphs(store: Store, base: str) -> list[str]:
    """The graphs the last successful load of the dataset minted under ``base`` put in ``store``.

    Read from the manifest graph; empty when the store has none (never loaded, or by an older kg).
    """
    rows = store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH {iri_ref(manifest_graph(base))} "
        f"{{ ?dataset <{SD.namedGraph}> ?named . ?named <{SD.name}> ?g }} }}"
    )
    return sorted(row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri")


def _stage(store: Store, graph: str, lines: list[bytes]) -> None:
    """PUT ``lines`` into the staging graph of ``graph`` and check the store holds them all."""
    staging = staging_graph(graph)
    store.put(staging, b"".join(lines))
    staged = store.count(staging)
    if staged != len(lines):
        raise StoreError(f"staging graph {staging} holds {staged} triples after the upload, expected {len(lines)}")


def _move(store: Store, graph: str, expected: int) -> None:
    """Move the staging graph of ``graph`` onto it and check the count."""
    store.update(f"MOVE SILENT {iri_ref(staging_graph(graph))} TO {iri_ref(graph)}")
    loaded = store.count(graph)
    if loaded != expected:
        raise StoreError(f"<{graph}> holds {loaded} triples after the move, expected {expected}")


def _drop_staging(store: Store, graphs: list[str]) -> None:
    for graph in graphs:
        with contextlib.suppress(StoreError):
            store.delete(staging_graph(graph))


def replace_graph(store: Store, graph: str, lines: list[bytes]) -> GraphLoad:
    """Replace one named graph through a staging graph; on any failure the target is untouched."""
    start = time.perf_counter()
    lines = sorted(set(lines))
    try:
        _stage(store, graph, lines)
    except StoreError as exc:
        _drop_staging(store, [graph])
        raise StoreError(f"loading <{graph}> failed; the graph in the store was not changed. {exc}") from None
    _move(store, graph, len(lines))
    return GraphLoad(graph, len(lines), time.perf_counter() - start)


def load(store: Store, dist: Path = DEFAULT_OUT, *, graph: str | None = None) -> LoadResult:
    """Load the build in ``dist`` into ``store`` (one graph per source, or all into ``graph``).

    Graphs the previous load recorded in the manifest and this build no longer has are dropped.
    """
    dataset = read_dataset(dist)
    if graph is not None:
        iri_ref(graph)
    graphs = _graphs_from_dist(dist, graph)
    for name in graphs:
        iri_ref(name)
    if dataset.manifest in graphs:
        raise KgError(f"<{dataset.manifest}> is the dataset's manifest graph; it cannot also hold data")
    names = sorted(graphs)
    old = [g for g in loaded_graphs(store, dataset.base) if g != dataset.manifest]
    result = LoadResult(store.endpoint, dataset.iri, dataset.manifest, triples=len(set().union(*graphs.values())))

    seconds: dict[str, float] = {}
    for done, name in enumerate(names):
        start = time.perf_counter()
        try:
            _stage(store, name, graphs[name])
        except StoreError as exc:
            _drop_staging(store, names[: done + 1])
            raise StoreError(f"loading <{name}> failed; the store was not changed. {exc}") from None
        seconds[name] = time.perf_counter() - start

    try:
        if set(names) - set(old):  # record the new graphs before they exist, so none is ever unlisted
            replace_graph(store, dataset.manifest, _manifest(dataset, dict.fromkeys(set(old) | set(names))))
        for name in names:
            start = time.perf_counter()
            _move(store, name, len(graphs[name]))
            result.graphs.append(GraphLoad(name, len(graphs[name]), seconds[name] + time.perf_counter() - start))
    except StoreError as exc:
        _drop_staging(store, names)
        raise StoreError(
            f"{exc}; {len(result.graphs)} of {len(names)} graph(s) were replaced, the manifest "
            f"<{dataset.manifest}> still lists the previous ones; load again"
        ) from None

    for stale in sorted(set(old) - set(names)):
        store.update(f"DROP SILENT GRAPH {iri_ref(stale)}")
        if left := store.count(stale):
            raise StoreError(f"<{stale}> still holds {left} triples after it was dropped")
        result.removed.append(stale)
    replace_graph(store, dataset.manifest, _manifest(dataset, {g: len(graphs[g]) for g in names}))
    return result
