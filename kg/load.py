"""Push a build into a triple store: one named graph per source article, replaced safely.

Each graph is first PUT into a staging graph, counted there, and only then moved into place with
one SPARQL ``MOVE``; the target graph is never half-replaced, even on stores whose PUT is not
atomic (a rejected PUT on Virtuoso can leave part of the data behind: in staging, which is
dropped). After the move the store's count is checked against the local count.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.build import DEFAULT_OUT
from kg.errors import KgError
from kg.store import Store, StoreError, iri_ref


@dataclass
class GraphLoad:
    graph: str
    triples: int
    seconds: float


@dataclass
class LoadResult:
    endpoint: str
    graphs: list[GraphLoad] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def _graphs_from_dist(dist: Path, graph: str | None) -> dict[str, list[bytes]]:
    """N-Triples lines by target graph: the build's named graphs, or everything into ``graph``."""
    if graph is not None:
        path = dist / "graph.nt"
        if not path.is_file():
            raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
        return {graph: [line for line in path.read_bytes().splitlines(keepends=True) if line.strip()]}
    path = dist / "graph.nq"
    if not path.is_file():
        raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
    graphs: dict[str, list[bytes]] = defaultdict(list)
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        head, sep, name = line.rstrip().removesuffix(b" .").rpartition(b" <")
        if not sep or not name.endswith(b">"):
            raise KgError(f"{path}:{number}: expected an N-Quads line ending with a graph IRI")
        graphs[name[:-1].decode("utf-8")].append(head + b" .\n")
    return dict(graphs)


def staging_graph(graph: str) -> str:
    return "urn:kg:staging:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:24]


def replace_graph(store: Store, graph: str, lines: list[bytes]) -> GraphLoad:
    """Replace one named graph through a staging graph; on any failure the target is untouched."""
    start = time.perf_counter()
    staging = staging_graph(graph)
    target, stage = iri_ref(graph), iri_ref(staging)
    expected = len(set(lines))
    try:
        store.put(staging, b"".join(lines))
        staged = store.count(staging)
        if staged != expected:
            raise StoreError(f"staging graph {staging} holds {staged} triples after the upload, expected {expected}")
    except StoreError as exc:
        with contextlib.suppress(StoreError):
            store.delete(staging)
        raise StoreError(f"loading <{graph}> failed; the graph in the store was not changed. {exc}") from None
    store.update(f"MOVE SILENT {stage} TO {target}")
    loaded = store.count(graph)
    if loaded != expected:
        raise StoreError(f"<{graph}> holds {loaded} triples after the move, expected {expected}")
    return GraphLoad(graph, loaded, time.perf_counter() - start)


def load(
    *,
    endpoint: str,
    kind: str = "oxigraph",
    dist: Path = DEFAULT_OUT,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
) -> LoadResult:
    """Load the build in ``dist`` into the store at ``endpoint`` (one graph per source, or ``graph``)."""
    if graph is not None:
        iri_ref(graph)
    graphs = _graphs_from_dist(dist, graph)
    store = Store(endpoint=endpoint, kind=kind, user=user, password=password, timeout=timeout)
    result = LoadResult(endpoint)
    for name in sorted(graphs):
        result.graphs.append(replace_graph(store, name, graphs[name]))
    return result
