"""What keeps loads into one store from harming each other: a lock, staging per run, a journal.

* **The lock** is the graph ``{base}graph/lock``, written with one insert-if-absent update and read
  back: a run owns the dataset only when its own id is the lock's only owner, so of two runs that
  race, at most one goes on (both may refuse; neither destroys anything). The lock records the run,
  its host and process and when it was taken; a lock whose process is no longer running on this
  host is broken with a message, and ``--break-lock`` breaks any other (after a crash elsewhere).
* **Staging graphs** are named ``{base}graph/staging/{run}/{n}``: no two runs share one, and a run
  holding the lock removes every other run's leftovers (a crashed run's) by their prefix.
* **The journal** ``{base}graph/journal`` records the moves and drops of a load before the
  updates that do them (on Oxigraph one sync that writes only the difference and leaves the
  staging graphs to be dropped after; elsewhere ``MOVE``s, a hundred to an update), and the last
  update drops it. On Oxigraph the update is one transaction, so the journal outlives it only when
  the update did not happen; where a store applies updates operation by operation, a journal left
  behind says what to finish. Every staging graph it names
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


#: Operations, or journal entries, per update where a load's update may go piece by piece: Virtuoso 7
#: refuses an update whose generated SQL grows too long (400 journal entries, 1,000 MOVEs or DROPs
#: in one update fail; 200 pass). Oxigraph's sync stays one update: it is the move's one transaction.
OPS_PER_UPDATE = 100


#: Graphs counted per query (Virtuoso 7 was seen to answer 1,001 in one).
GRAPHS_PER_COUNT = 1000


def _chunks(items: list[str], size: int = OPS_PER_UPDATE) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def counts(store: Store, graphs: list[str]) -> dict[str, int]:
    """Triples in each graph, in one query grouped by graph (0 for a graph that is empty or absent)."""
    found = dict.fromkeys(graphs, 0)
    for chunk in _chunks(graphs, GRAPHS_PER_COUNT):
        values = " ".join(iri_ref(g) for g in chunk)
        rows = store.select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        )
        for row in rows:
            found[row["g"]["value"]] = int(row["n"]["value"])
    return found


def drop(store: Store, graphs: list[str]) -> None:
    """Drop graphs, many in one update."""
    for chunk in _chunks([f"DROP SILENT GRAPH {iri_ref(g)}" for g in graphs], 2 * OPS_PER_UPDATE):
        store.update(" ;\n".join(chunk))


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


def journal_updates(base: str, run: str, moves: list[Move], drops: list[str]) -> list[str]:
    """The updates that write the journal of a move, in order, replacing any older journal.

    The run's own statement, which makes the graph a journal for :func:`read_journal`, is written
    last: a journal cut short by a failure is never taken for one (and the next one drops it).
    """
    journal, me = iri_ref(journal_graph(base)), iri_ref(journal_graph(base) + "#" + run)
    entries = []
    for n, move in enumerate(moves):
        step = iri_ref(f"{journal_graph(base)}#{run}-{n}")  # an IRI: Virtuoso takes no blank node in INSERT DATA
        entries.append(
            f"{me} <{KGL.move}> {step} . {step} <{KGL.source}> {iri_ref(move.staging)} ; "
            f"<{KGL.target}> {iri_ref(move.target)} ; <{VOID.triples}> {nt(Literal(move.triples))} ."
        )
    entries += [f"{me} <{KGL.drop}> {iri_ref(g)} ." for g in drops]
    chunks = [*_chunks(entries), [f"{me} <{KGL.run}> {nt(Literal(run))} ."]]
    updates = [f"INSERT DATA {{ GRAPH {journal} {{\n" + "\n".join(chunk) + "\n} }" for chunk in chunks]
    updates[0] = f"DROP SILENT GRAPH {journal} ;\n{updates[0]}"
    return updates


@cache
def _sync_text() -> Template:
    return Template(package_data("sparql/sync.ru").read_text(encoding="utf-8"))


def move_updates(base: str, moves: list[Move], drops: list[str], *, sync: bool = False) -> list[str]:
    """The updates, in order, that do every move and drop of a load, and then drop the journal.

    With ``sync``, one update gives the targets their staging graph's content by writing only the
    difference (the staging graphs stay, for :func:`drop_staging`): one transaction on Oxigraph.
    Otherwise ``MOVE``s and drops, :data:`OPS_PER_UPDATE` to an update: a store that applies them
    piece by piece has the journal, dropped only by the last update, to finish them.
    """
    end = f"DROP SILENT GRAPH {iri_ref(journal_graph(base))}"
    removed = [f"DROP SILENT GRAPH {iri_ref(g)}" for g in drops]
    if sync and moves:
        pairs = " ".join(f"({iri_ref(m.staging)} {iri_ref(m.target)})" for m in moves)
        return [" ;\n".join([_sync_text().substitute(moves=pairs).rstrip(), *removed, end])]
    ops = [f"MOVE SILENT {iri_ref(m.staging)} TO {iri_ref(m.target)}" for m in moves] + removed + [end]
    return [" ;\n".join(chunk) for chunk in _chunks(ops)]


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
    """Put the staging graphs onto their targets (:func:`move_updates`), then drop what a sync left."""
    sync = store.move == "sync"
    for update in move_updates(base, moves, drops, sync=sync):
        store.update(update)
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
