"""The stored queries' answers for their pages, run on the build's ``graph.nt`` in pyoxigraph.

For a large graph the store is loaded in a Python process of its own (started, not forked): in the
build's process it would sit beside the build's own copies of the graph for as long as the site is
written, and loading it briefly takes more memory than it keeps. The worker answers with the same
:class:`~kg.site.catalogue.Answer` values the build's process computes for a small graph
(``tests/test_site_answers.py``), pickled: it is kg's own process, run from ``sys.executable``.

``python -m kg.site.answers`` is the worker: a pickled ``(graph.nt path, queries)`` on standard
input, the pickled answers, by query name, on standard output.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.core.workers import run_module
from kg.query.catalogue import StoredQuery
from kg.site.catalogue import Answer, answer


def answers(ntriples: Path, queries: Sequence[StoredQuery], *, isolate: bool) -> dict[str, Answer]:
    """Each query's answer on the N-Triples file ``ntriples``, by name; with ``isolate``, in a worker process."""
    if not queries:
        return {}
    if not isolate:
        return _answered(ntriples, queries)
    payload = pickle.dumps((str(ntriples), list(queries)))
    done = run_module("kg.site.answers", [], lambda binary: binary.write(payload))
    if done.status != 0:
        raise done.failure("the process answering the stored queries")
    found: dict[str, Answer] = pickle.loads(done.output)
    return found


def _answered(ntriples: Path, queries: Sequence[StoredQuery]) -> dict[str, Answer]:
    store = ox.Store()
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    return {q.name: answer(q, store) for q in queries}


def main() -> int:
    path, queries = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(_answered(Path(path), queries)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
