"""What keeps loads into one store from harming each other: a lock, staging per run, a journal.

* **The lock** is the graph ``{base}graph/lock``, written with one insert-if-absent update and read
  back: a run owns the dataset only when its own id is the lock's only owner, so of two runs that
  race, at most one goes on (both may refuse; neither destroys anything). The lock records the run,
  its host and process and when it was taken; a lock whose process is no longer running on this
  host is broken with a message, and ``--break-lock`` breaks any other (after a crash elsewhere).
* **Staging graphs** are named ``{base}graph/staging/{run}/{n}``: no two runs share one, and a run
  holding the lock removes every other run's leftovers (a crashed run's) by their prefix.
* **The journal** ``{base}graph/journal`` records the moves and drops of a load before the one
  update that does them (``MOVE``, or on Oxigraph a sync that writes only the difference and leaves
  the staging graphs to be dropped after), and that update drops it last. On Oxigraph the update is one transaction,
  so the journal outlives it only when the update did not happen; where a store applies an update
  operation by operation, a journal left behind says what to finish. Every staging graph it names
  was counted complete before it was written, so :func:`recover` always rolls forward.
"""

from __future__ import annotations

import os
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from string import Template

from rdflib import Literal
from rdflib.namespace import VOID, XSD, Namespace

from kg.core.resources import package_data
from kg.errors import LoadLocked, StoreError
from kg.rdf.turtle import nt
from kg.store.client import Store, iri_ref

#: kg's own terms for the lock and the journal.
KGL = Namespace("https://w3id.org/kg/load#")


def lock_graph(base: str) -> str:
    return base + "graph/lock"


def journal_graph(base: str) -> str:
    return base + "graph/journal"


def staging_prefix(base: str) -> str:
    return base + "graph/staging/"


def new_run() -> str:
    """A run id: when, and a random part, so that no two runs share one."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:12]


def counts(store: Store, graphs: list[str]) -> dict[str, int]:
    """Triples in each graph, in one query grouped by graph (0 for a graph that is empty or absent)."""
    found = dict.fromkeys(graphs, 0)
    for start in range(0, len(graphs), 2000):
        values = " ".join(iri_ref(g) for g in graphs[start : start + 2000])
        rows = store.select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        )
        for row in rows:
            found[row["g"]["value"]] = int(row["n"]["value"])
    return found


def drop(store: Store, graphs: list[str]) -> None:
    """Drop graphs, many in one update."""
    for start in range(0, len(graphs), 500):
        store.update(" ;\n".join(f"DROP SILENT GRAPH {iri_ref(g)}" for g in graphs[start : start + 500]))


# -- the lock -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Holder:
    run: str
    host: str
    pid: int
    since: str


def _holders(store: Store, base: str) -> list[Holder]:
    rows = store.select(
        f"SELECT ?run ?host ?pid ?since WHERE {{ GRAPH {iri_ref(lock_graph(base))} {{ ?lock <{KGL.run}> ?run "
        f"OPTIONAL {{ ?lock <{KGL.host}> ?host }} OPTIONAL {{ ?lock <{KGL.pid}> ?pid }} "
        f"OPTIONAL {{ ?lock <{KGL.since}> ?since }} }} }}"
    )
    return sorted(
        {
            Holder(
                r["run"]["value"],
                r.get("host", {}).get("value", "?"),
                int(r.get("pid", {}).get("value", "0")),
                r.get("since", {}).get("value", "?"),
            )
            for r in rows
        },
        key=lambda h: h.run,
    )


#: The runs under way in this process (a lock with this process's id and another run is a dead run's).
_ACTIVE: set[str] = set()


def _alive_here(holder: Holder) -> bool:
    if holder.host != socket.gethostname() or holder.pid <= 0:
        return True  # elsewhere: cannot tell
    if holder.pid == os.getpid():
        return holder.run in _ACTIVE
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def acquire(store: Store, base: str, run: str, *, break_lock: bool = False) -> list[str]:
    """Take the dataset's lock for ``run``, or raise :class:`LoadLocked`; the notes to show the user."""
    lock, notes = iri_ref(lock_graph(base)), []
    for holder in _holders(store, base):
        if break_lock or not _alive_here(holder):
            why = "--break-lock" if break_lock else f"process {holder.pid} is no longer running on this host"
            notes.append(f"broke the lock of run {holder.run} (taken {holder.since}): {why}")
            store.update(
                f"DELETE {{ GRAPH {lock} {{ ?l ?p ?o }} }} WHERE {{ GRAPH {lock} {{ ?l <{KGL.run}> "
                f"{nt(Literal(holder.run))} ; ?p ?o }} }}"
            )
    _ACTIVE.add(run)  # before the lock is written: a run of this process reading it must see it alive
    try:
        node = iri_ref(f"{lock_graph(base)}#{run}")
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = (
            f"{node} <{KGL.run}> {nt(Literal(run))} ; <{KGL.host}> {nt(Literal(socket.gethostname()))} ; "
            f"<{KGL.pid}> {nt(Literal(os.getpid()))} ; <{KGL.since}> {nt(Literal(since, datatype=XSD.dateTime))} ."
        )
        store.update(
            # a count, not FILTER NOT EXISTS, which Virtuoso 7 takes as true even when the graph has triples
            f"INSERT {{ GRAPH {lock} {{ {fields} }} }} WHERE {{ {{ SELECT (COUNT(?s) AS ?held) WHERE {{ GRAPH {lock} "
            "{ ?s ?p ?o } } } FILTER(?held = 0) }"
        )
        holders = _holders(store, base)
        if [h.run for h in holders] == [run]:
            return notes
        if run in [h.run for h in holders]:
            release(store, base, run)
        _ACTIVE.discard(run)
        others = [h for h in holders if h.run != run]
        held = "; ".join(f"run {h.run} on {h.host} (process {h.pid}) since {h.since}" for h in others)
        raise LoadLocked(
            f"another kg load holds the lock {lock} of this dataset: {held or 'a run that just finished'}. "
            "Wait for it to finish; if it is no longer running, load again with --break-lock"
        )
    except BaseException:
        _ACTIVE.discard(run)
        raise


def release(store: Store, base: str, run: str) -> None:
    _ACTIVE.discard(run)
    lock = iri_ref(lock_graph(base))
    store.update(
        f"DELETE {{ GRAPH {lock} {{ ?l ?p ?o }} }} WHERE {{ GRAPH {lock} {{ ?l <{KGL.run}> {nt(Literal(run))} ; "
        "?p ?o } }"
    )


# -- leftovers and the journal --------------------------------------------------------------------
def staging_graphs(store: Store, base: str) -> list[str]:
    """Every staging graph of the dataset in the store, of any run (where the store lists its graphs,
    an empty one too)."""
    pattern = "{}" if store.lists_graphs else "{ ?s ?p ?o }"
    rows = store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} "
        f"FILTER(STRSTARTS(STR(?g), {nt(Literal(staging_prefix(base)))})) }}"
    )
    return sorted(row["g"]["value"] for row in rows)


@dataclass(frozen=True, order=True)
class Move:
    staging: str
    target: str
    triples: int


def journal_update(base: str, run: str, moves: list[Move], drops: list[str]) -> str:
    """The update that writes the journal of a move (replacing any older one)."""
    journal, me = iri_ref(journal_graph(base)), iri_ref(journal_graph(base) + "#" + run)
    lines = [f"{me} <{KGL.run}> {nt(Literal(run))} ."]
    for n, move in enumerate(moves):
        step = iri_ref(f"{journal_graph(base)}#{run}-{n}")  # an IRI: Virtuoso takes no blank node in INSERT DATA
        lines.append(
            f"{me} <{KGL.move}> {step} . {step} <{KGL.source}> {iri_ref(move.staging)} ; "
            f"<{KGL.target}> {iri_ref(move.target)} ; <{VOID.triples}> {nt(Literal(move.triples))} ."
        )
    lines += [f"{me} <{KGL.drop}> {iri_ref(g)} ." for g in drops]
    return f"DROP SILENT GRAPH {journal} ;\nINSERT DATA {{ GRAPH {journal} {{\n" + "\n".join(lines) + "\n} }"


@cache
def _sync_text() -> Template:
    return Template(package_data("sparql/sync.ru").read_text(encoding="utf-8"))


def move_update(base: str, moves: list[Move], drops: list[str], *, sync: bool = False) -> str:
    """One update: every move and drop of a load, then the journal's drop.

    With ``sync`` the targets are given their staging graph's content by writing only the
    difference (the staging graphs stay, for :func:`drop_staging`); otherwise by ``MOVE``.
    """
    if sync and moves:
        pairs = " ".join(f"({iri_ref(m.staging)} {iri_ref(m.target)})" for m in moves)
        ops = [_sync_text().substitute(moves=pairs).rstrip()]
    else:
        ops = [f"MOVE SILENT {iri_ref(m.staging)} TO {iri_ref(m.target)}" for m in moves]
    ops += [f"DROP SILENT GRAPH {iri_ref(g)}" for g in drops]
    ops.append(f"DROP SILENT GRAPH {iri_ref(journal_graph(base))}")
    return " ;\n".join(ops)


#: Triples dropped per update when staging graphs are dropped after a sync: small transactions are
#: much faster than one large one on Oxigraph, and nobody reads these graphs.
DROP_TRIPLES = 20_000
#: Drop updates sent at once: Oxigraph deletes on several cores (at 1.1M triples on 2 cores, two
#: at a time took 31 s where one at a time took 44 s).
DROP_WORKERS = 2


def drop_staging(store: Store, moves: list[Move]) -> None:
    """Drop the staging graphs a sync left, a few at a time, :data:`DROP_WORKERS` updates at once."""
    batches: list[list[str]] = [[]]
    size = 0
    for m in moves:
        batches[-1].append(m.staging)
        size += m.triples
        if size >= DROP_TRIPLES:
            batches.append([])
            size = 0
    with ThreadPoolExecutor(DROP_WORKERS) as pool:
        for done in [pool.submit(drop, store, batch) for batch in batches if batch]:
            done.result()  # the first failure is raised, after every batch has been tried


def apply_moves(store: Store, base: str, moves: list[Move], drops: list[str]) -> None:
    """Put the staging graphs onto their targets in one update, then drop what a sync left."""
    sync = store.move == "sync"
    store.update(move_update(base, moves, drops, sync=sync))
    if sync:
        drop_staging(store, moves)


def read_journal(store: Store, base: str) -> tuple[str, list[Move], list[str]] | None:
    """The run, moves and drops of the journal in the store, or None when there is none."""
    journal = iri_ref(journal_graph(base))
    runs = store.select(f"SELECT ?run WHERE {{ GRAPH {journal} {{ ?j <{KGL.run}> ?run }} }}")
    if not runs:
        return None
    rows = store.select(
        f"SELECT ?from ?to ?n WHERE {{ GRAPH {journal} {{ ?j <{KGL.move}> ?m . ?m <{KGL.source}> ?from ; "
        f"<{KGL.target}> ?to ; <{VOID.triples}> ?n }} }}"
    )
    moves = sorted(Move(r["from"]["value"], r["to"]["value"], int(r["n"]["value"])) for r in rows)
    drops = store.select(f"SELECT ?g WHERE {{ GRAPH {journal} {{ ?j <{KGL.drop}> ?g }} }}")
    return runs[0]["run"]["value"], moves, sorted(r["g"]["value"] for r in drops)


def recover(store: Store, base: str) -> str | None:
    """Finish the move a journal records; a note saying what was done, or None without a journal."""
    found = read_journal(store, base)
    if found is None:
        return None
    run, moves, drops = found
    seen = counts(store, sorted({m.staging for m in moves} | {m.target for m in moves}))
    pending, done = [], 0
    for m in moves:
        if seen[m.staging] == m.triples:
            pending.append(m)
        elif seen[m.staging] == 0 and seen[m.target] == m.triples:
            done += 1
        else:
            raise StoreError(
                f"cannot finish the interrupted load {run}: {m.staging} holds {seen[m.staging]} triples and "
                f"{m.target} {seen[m.target]}, expected {m.triples} in one of them; the journal "
                f"{iri_ref(journal_graph(base))} is kept: load again with --full"
            )
    apply_moves(store, base, pending, drops)
    if read_journal(store, base) is not None:
        raise StoreError(f"the interrupted load {run} could not be finished: its journal is still in the store")
    return (
        f"finished the interrupted load {run}: {len(pending)} of {len(moves)} graph(s) moved now "
        f"({done} had been moved), {len(drops)} dropped"
    )
