"""``kg serve`` as the library offers it: the build served by :mod:`kg.store.serve`, with every query
read by kg's own parser first (:mod:`kg.query.sparql`), so that the endpoint answers from the build
and reaches nothing else: no ``SERVICE``, no graph from the web (``FROM``, ``FROM NAMED``), no update.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core.defaults import DEFAULT_OUT
from kg.errors import QueryRefusedError
from kg.query.sparql import parse_sparql
from kg.store import serve as store_serve
from kg.store.serve import Server, stopping_on_signals

__all__ = ["refuse_outbound", "serving", "stopping_on_signals"]

ANSWERS_FROM = "kg serve answers from the build only and sends no request anywhere else"


def refuse_outbound(text: str, *, graphs: Collection[str]) -> None:
    """Refuse a query that is not one kg would run on the build alone: a syntax error, an update
    (``LOAD`` …), a ``SERVICE`` call, or a ``FROM`` / ``FROM NAMED`` graph that is not in ``graphs``."""
    parsed = parse_sparql(text, source="query")
    if parsed.services:
        raise QueryRefusedError(
            f"query: the query calls a remote SPARQL service (SERVICE {parsed.services[0]}); {ANSWERS_FROM}"
        )
    for clause, iri in parsed.datasets:
        if iri not in graphs:
            raise QueryRefusedError(f"query: {clause} <{iri}> names a graph that is not in the build; {ANSWERS_FROM}")


@contextmanager
def serving(*, dist: Path = DEFAULT_OUT, port: int = 7878, startup: float = 30.0) -> Iterator[Server]:
    """Serve the build on ``127.0.0.1:port`` until the block ends (see :func:`kg.store.serve.serving`),
    every query checked by :func:`refuse_outbound` before it reaches the SPARQL server."""
    with store_serve.serving(dist=dist, port=port, startup=startup, gate=refuse_outbound) as server:
        yield server
