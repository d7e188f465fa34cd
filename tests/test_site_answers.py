"""The query pages' answers are the same computed in the build's process or in a worker process.

A large build answers the stored queries in a process of its own, so that the store it loads is not
held beside the build's graph; the pages must not change with where their answers were computed.
"""

from __future__ import annotations

import pytest

from kg.query.catalogue import list_queries
from kg.site.answers import answers
from kg.site.catalogue import Answer


def test_every_stored_query_has_the_same_answer_in_a_worker_process_as_here(built):
    queries = list_queries()
    here = answers(built / "graph.nt", queries, isolate=False)
    there = answers(built / "graph.nt", queries, isolate=True)
    assert set(here) == {q.name for q in queries}
    assert there == here
    assert any(a.rows for a in here.values())  # answers with rows, terms compared term by term
    assert all(isinstance(a, Answer) for a in there.values())


def test_a_worker_that_cannot_read_the_graph_is_an_error_that_says_so(tmp_path):
    broken = tmp_path / "graph.nt"
    broken.write_text("<not a triple\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="answering the stored queries ended with status 1"):
        answers(broken, list_queries()[:1], isolate=True)
