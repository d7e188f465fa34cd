"""Push a build into a triple store: one named graph per source article, replaced safely and only
where it changed.

A load runs in phases, under the dataset's lock in the store (:mod:`kg.store.guard`):

1. an interrupted earlier load that left its journal is finished, and staging graphs that crashed
   runs left behind are dropped (both said in :attr:`LoadResult.notes`);
2. the manifest's checksums say which graphs changed (``full=True`` takes every graph as changed);
   the unchanged ones are counted in the store to check they are still what it records;
3. the changed graphs and the new manifest are uploaded into staging graphs of this run only
   (several graphs per request where the store takes N-Quads, through Oxigraph's bulk loader, or
   Virtuoso's with ``bulk``) and counted there, in one query. A failure drops them and leaves the
   store as it was. Where the store applies an N-Quads POST as one transaction and nothing is to be
   replaced (a first load), the graphs go straight onto their targets in that one POST instead;
4. a journal of the moves is written, and then SPARQL updates put every staging graph onto its
   target, drop the removed graphs and, last, the journal (:func:`guard.move_updates`): on Oxigraph
   **one** update that writes only the difference, applied as one transaction, so a reader sees
   the old dataset or the new one; elsewhere ``MOVE``s, a hundred to an update. If an update fails
   or its answer is lost, the journal (which lists only complete staging graphs) is used to finish
   the move, now or by the next ``kg load`` or ``kg load --recover``;
5. the targets are counted again against the build.

Every count compares one graph's distinct triples in the build with the same graph in the store; a
triple two articles share is one triple in each of their graphs, and once in :attr:`LoadResult.triples`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.defaults import DEFAULT_OUT
from kg.errors import KgError
from kg.store.bulk import BulkLoader
from kg.store.client import Store, StoreError, iri_ref
from kg.store.guard import (
    Move,
    acquire,
    counts,
    drop,
    drop_staging,
    journal_graph,
    journal_updates,
    move_updates,
    new_run,
    read_journal,
    recover,
    release,
    staging_graphs,
    staging_prefix,
)
from kg.store.manifest import (
    SD,
    PublishedDataset,
    Recorded,
    checksum,
    graphs_from_dist,
    loaded_graphs,
    manifest_graph,
    manifest_ntriples,
    named_graphs,
    read_dataset,
    recorded_graphs,
)

__all__ = [
    "SD",
    "GraphLoad",
    "LoadResult",
    "PublishedDataset",
    "load",
    "loaded_graphs",
    "manifest_graph",
    "named_graphs",
    "read_dataset",
    "recover_store",
    "staging_graphs",
]

#: Bytes of N-Quads per upload request, where the store takes N-Quads (Oxigraph's bulk loader is
#: fastest with few large requests).
BATCH_BYTES = 64 << 20


@dataclass
class GraphLoad:
    graph: str
    #: The graph's distinct triples, in the build and (checked) in the store.
    triples: int
    seconds: float = 0.0


@dataclass
class LoadResult:
    endpoint: str
    dataset: str
    manifest: str
    #: Every graph of the dataset after the load, with its triples.
    graphs: list[GraphLoad] = field(default_factory=list)
    #: The graphs uploaded by this load (all of them with ``full``).
    changed: list[str] = field(default_factory=list)
    #: Graphs of the previous load that are not part of this build, dropped from the store.
    removed: list[str] = field(default_factory=list)
    #: Graphs the store already held as built, left as they were.
    unchanged: list[str] = field(default_factory=list)
    #: Distinct triples of the whole dataset (a triple in several graphs counts once), as ``void:triples``.
    triples: int = 0
    #: What the load did besides: an interrupted load finished, leftovers dropped, a lock broken.
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        def n(count: int, what: str) -> str:
            return f"{count} graph{'' if count == 1 else 's'} {what}"

        return f"{n(len(self.changed), 'changed')}, {len(self.removed)} removed, {len(self.unchanged)} unchanged"


def _quads(graphs: dict[str, list[bytes]]) -> Iterator[bytes]:
    """Each graph's N-Triples lines as N-Quads lines in that graph, as bytes (never parsed)."""
    for name, lines in graphs.items():
        suffix = b" <" + name.encode("utf-8") + b"> .\n"
        for line in lines:
            yield line[:-3] + suffix  # "s p o .\n" -> "s p o <g> .\n"


def _upload(store: Store, staged: dict[str, list[bytes]], bulk: BulkLoader | None = None) -> None:
    """Put each staging graph's lines in the store: the bulk loader, batches of N-Quads, or one PUT per graph."""
    if bulk is not None:
        bulk.load(_quads(staged), fallback_graph=next(iter(staged)))
        return
    if not store.quads_url:
        for name, lines in staged.items():
            store.put(name, b"".join(lines))
        return
    batch: list[bytes] = []
    size = 0
    for quad in _quads(staged):
        batch.append(quad)
        size += len(quad)
        if size >= BATCH_BYTES:
            store.post_quads(b"".join(batch), staging=True)
            batch, size = [], 0
    if batch:
        store.post_quads(b"".join(batch), staging=True)


def _post_at_once(store: Store, targets: dict[str, list[bytes]], result: LoadResult) -> None:
    """Nothing to replace: every graph straight onto its target in one POST, one transaction."""
    try:
        store.post_quads(b"".join(_quads(targets)))
    except StoreError as exc:
        try:
            found = counts(store, list(targets))
        except StoreError:
            found = None
        if found is not None and all(found[g] == len(lines) for g, lines in targets.items()):
            result.notes.append(f"the upload's answer was lost ({exc}), but the store had applied it")
            return
        if found is not None and not any(found.values()):
            raise StoreError(f"loading failed; the store was not changed. {exc}") from None
        raise StoreError(
            f"loading failed ({exc}) and whether the store applied it is not known: load again with --full"
        ) from None


def _cleanup(store: Store, base: str, staging: list[str]) -> None:
    with contextlib.suppress(StoreError):
        drop(store, [journal_graph(base), *staging])


def _prepare(store: Store, dist: Path, graph: str | None) -> tuple[PublishedDataset, dict[str, list[bytes]]]:
    dataset = read_dataset(dist)
    if graph is not None:
        iri_ref(graph)
    graphs = graphs_from_dist(dist, graph)
    for name in graphs:
        iri_ref(name)
    if dataset.manifest in graphs:
        raise KgError(f"<{dataset.manifest}> is the dataset's manifest graph; it cannot also hold data")
    return dataset, graphs


def _housekeeping(store: Store, base: str, run: str) -> list[str]:
    """Finish an interrupted load, then drop other runs' staging graphs; what was done."""
    notes = [note] if (note := recover(store, base)) else []
    if leftovers := [g for g in staging_graphs(store, base) if not g.startswith(f"{staging_prefix(base)}{run}/")]:
        drop(store, leftovers)
        runs = sorted({g.removeprefix(staging_prefix(base)).partition("/")[0] for g in leftovers})
        notes.append(f"dropped {len(leftovers)} staging graph(s) left by crashed run(s) {', '.join(runs)}")
    return notes


def load(
    store: Store,
    dist: Path = DEFAULT_OUT,
    *,
    graph: str | None = None,
    full: bool = False,
    break_lock: bool = False,
    bulk: BulkLoader | None = None,
) -> LoadResult:
    """Load the build in ``dist`` into ``store`` (one graph per source, or all into ``graph``).

    Only graphs whose checksum differs from the manifest's are uploaded (all with ``full``); graphs
    the previous load recorded and this build no longer has are dropped. ``bulk`` stages them
    through Virtuoso's bulk loader (:mod:`kg.store.bulk`).
    """
    if bulk is not None and store.kind != "virtuoso":
        raise KgError(f"the bulk loader is Virtuoso's; a {store.kind} store takes its staging graphs over HTTP")
    start = time.perf_counter()
    dataset, graphs = _prepare(store, dist, graph)
    run = new_run()
    notes = acquire(store, dataset.base, run, break_lock=break_lock)
    try:
        notes += _housekeeping(store, dataset.base, run)
        result = _load(store, dataset, graphs, run, full=full, bulk=bulk)
    finally:
        with contextlib.suppress(StoreError):
            release(store, dataset.base, run)
    result.notes[:0] = notes
    result.seconds = time.perf_counter() - start
    return result


def recover_store(store: Store, dist: Path = DEFAULT_OUT, *, break_lock: bool = False) -> list[str]:
    """Only finish an interrupted load and drop leftover staging graphs; what was done."""
    dataset = read_dataset(dist)
    run = new_run()
    notes = acquire(store, dataset.base, run, break_lock=break_lock)
    try:
        notes += _housekeeping(store, dataset.base, run)
    finally:
        with contextlib.suppress(StoreError):
            release(store, dataset.base, run)
    return notes or ["nothing to recover: no interrupted load and no leftover staging graphs"]


def _load(
    store: Store,
    dataset: PublishedDataset,
    graphs: dict[str, list[bytes]],
    run: str,
    *,
    full: bool,
    bulk: BulkLoader | None,
) -> LoadResult:
    names = sorted(graphs)
    sums = {name: checksum(graphs[name]) for name in names}
    recorded = {g: r for g, r in recorded_graphs(store, dataset.base).items() if g != dataset.manifest}
    # where a first load may go on in one POST, one query also says whether the other targets are empty
    held = counts(store, [dataset.manifest, *names] if store.atomic_quads else [g for g in names if g in recorded])
    changed = [
        g for g in names if full or g not in recorded or recorded[g].sha256 != sums[g] or held[g] != len(graphs[g])
    ]
    removed = sorted(set(recorded) - set(names))
    result = LoadResult(
        store.endpoint,
        dataset.iri,
        dataset.manifest,
        graphs=[GraphLoad(g, len(graphs[g])) for g in names],
        changed=changed,
        removed=removed,
        unchanged=[g for g in names if g not in changed],
        triples=len(set().union(*graphs.values())),
    )
    if not changed and not removed:
        return result

    prefix = f"{staging_prefix(dataset.base)}{run}/"
    staged = {f"{prefix}{n}": graphs[g] for n, g in enumerate(names) if g in changed}
    manifest = manifest_ntriples(dataset, {g: Recorded(len(graphs[g]), sums[g]) for g in names})
    staged[f"{prefix}manifest"] = manifest
    moves = [Move(f"{prefix}{n}", g, len(graphs[g])) for n, g in enumerate(names) if g in changed]
    moves.append(Move(f"{prefix}manifest", dataset.manifest, len(manifest)))
    targets = {m.target: staged[m.staging] for m in moves}
    if store.atomic_quads and not removed and not any(held[g] for g in targets):
        _post_at_once(store, targets, result)
        _check_after(store, moves, removed)
        return result
    try:
        _upload(store, staged, bulk)
        found = counts(store, list(staged))
        for name, lines in staged.items():
            if found[name] != len(lines):
                raise StoreError(
                    f"staging graph <{name}> holds {found[name]} triples after the upload, expected {len(lines)}"
                )
        for update in journal_updates(dataset.base, run, moves, removed):
            store.update(update)
    except StoreError as exc:
        _cleanup(store, dataset.base, list(staged))
        raise StoreError(f"loading into staging graphs failed; the store was not changed. {exc}") from None

    try:
        for update in move_updates(dataset.base, moves, removed, sync=store.move == "sync"):
            store.update(update)
    except StoreError as exc:
        _finish_move(store, dataset.base, len(moves) - 1, exc, result)
    if store.move == "sync":
        try:
            drop_staging(store, moves)
        except StoreError as exc:  # harmless: the next load drops them as a crashed run's leftovers
            result.notes.append(f"the staging graphs could not all be dropped ({exc}); the next load drops them")

    _check_after(store, moves, removed)
    return result


def _check_after(store: Store, moves: list[Move], removed: list[str]) -> None:
    after = counts(store, [m.target for m in moves] + removed)
    for m in moves:
        if after[m.target] != m.triples:
            raise StoreError(f"<{m.target}> holds {after[m.target]} triples after the move, expected {m.triples}")
    for g in removed:
        if after[g]:
            raise StoreError(f"<{g}> still holds {after[g]} triples after it was dropped")


def _finish_move(store: Store, base: str, graphs: int, exc: StoreError, result: LoadResult) -> None:
    """The move update failed or its answer was lost: find out whether it happened, and finish it."""
    journal = iri_ref(journal_graph(base))
    try:
        if read_journal(store, base) is None:
            result.notes.append(f"the move's answer was lost ({exc}), but the store had applied it")
            return
        if note := recover(store, base):
            result.notes.append(f"the move failed ({exc}); {note}")
    except StoreError as again:
        raise StoreError(
            f"moving {graphs} graph(s) into place failed: {exc}; whether the store applied it is not known "
            f"({again}). Its journal {journal} lets the next `kg load` (or `kg load --recover`) finish it; "
            "until then the store holds the old dataset or the new one"
        ) from None
