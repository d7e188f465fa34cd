"""A page for each stored query: what it asks, its SPARQL, its parameters, and its answer on this data.

The queries run in pyoxigraph over the build's own ``graph.nt``, with their parameters' defaults (or
examples) bound, and only the first rows are read from the engine: a query whose answer is millions of
rows (the co-participation graph of a large corpus) costs no more than one of a hundred. Each page
links to the same query, its parameters in a ``VALUES`` block, at the endpoint ``kg serve`` runs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import KgError
from kg.query.catalogue import StoredQuery
from kg.query.engine import in_query_order, prepare
from kg.query.params import bind_text
from kg.rdf.compact import PrefixedNames as Compactor
from kg.rdf.oxterms import from_oxigraph, to_oxigraph
from kg.site.entities import Entities, href
from kg.site.pages import Value

#: The endpoint `kg serve` answers at by default.
ENDPOINT = "http://127.0.0.1:7878/query"
#: Rows of an answer shown on a query's page.
ROWS = 100
#: Which queries run at build time on a large graph (see the file).
BUDGET = Path(__file__).resolve().parent / "queries.toml"


@dataclass(frozen=True)
class Budget:
    """The stored queries run on graphs of at most ``max_triples`` triples, those in ``always`` on any."""

    max_triples: int
    always: frozenset[str]

    @classmethod
    def load(cls, path: Path = BUDGET) -> Budget:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(int(data["max_triples"]), frozenset(data.get("always", ())))

    def skips(self, q: StoredQuery, triples: int) -> str | None:
        """Why the query is not run on a graph of ``triples`` triples, or None."""
        if q.name in self.always or triples <= self.max_triples:
            return None
        return (
            f"the graph has {triples:,} triples, and on a graph of more than {self.max_triples:,} the site "
            "does not run queries whose cost grows with the data at build time"
        )


@dataclass(frozen=True)
class Answer:
    """A query's answer on the build's data: its first rows as terms (as cells once on a page)."""

    columns: tuple[str, ...]
    rows: list[list[Any]]
    #: True when the answer has more rows than the page shows.
    more: bool
    boolean: bool | None = None
    error: str | None = None
    #: Why the query was not run at build time (see :class:`Budget`), or None.
    skipped: str | None = None


def load_store(ntriples: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    return store


def values(q: StoredQuery) -> dict[str, str]:
    """Each parameter's default, else its example: the values the page runs the query with."""
    found = {}
    for p in q.params:
        value = p.default if p.default is not None else p.example
        if value is not None:
            found[p.name] = value
    return found


class Cells:
    """Terms as table cells: an entity linked to its page, another IRI shortened, a literal as text."""

    def __init__(self, entities: Entities, prefixes: dict[str, str]) -> None:
        self.entities = entities
        self.compact = Compactor(prefixes)

    def __call__(self, term: Identifier | None) -> Value:
        if term is None:
            return Value("")
        if isinstance(term, URIRef):
            path = self.entities.paths.get(term)
            if path is not None:
                return Value(self.compact.text(str(term)), "../" + href(path) + ".html")
            return Value(self.compact.text(str(term)))
        if isinstance(term, Literal):
            return Value(str(term), lang=term.language)
        return Value(str(term))


def _triples(result: ox.QueryTriples) -> Iterator[tuple[Identifier, ...]]:
    for t in result:
        yield (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))


def answer(q: StoredQuery, store: ox.Store) -> Answer:
    """The first :data:`ROWS` rows of the query's answer (parameters bound), in the query's column order, as terms."""
    try:
        prepared = prepare(q, params=values(q), allow_remote=False, local_graphs=set())
    except KgError as exc:
        return Answer((), [], False, error=str(exc))
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in prepared.bindings.items()}
    try:
        result = store.query(prepared.parsed.text, substitutions=substitutions or None)
    except (SyntaxError, OSError, RuntimeError, ValueError, TypeError) as exc:
        return Answer((), [], False, error=f"the query failed in oxigraph: {exc}")
    if isinstance(result, ox.QueryBoolean):
        return Answer((), [], False, boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        taken = [tuple(from_oxigraph(t) if t is not None else None for t in row) for row in islice(result, ROWS + 1)]
        columns, rows = in_query_order(prepared.parsed, names, taken)
    else:
        columns = ("subject", "predicate", "object")
        rows = tuple(islice(_triples(result), ROWS + 1))
        rows = tuple(sorted(rows, key=lambda r: tuple(str(t) for t in r)))
    more = len(rows) > ROWS
    return Answer(columns, [list(row) for row in rows[:ROWS]], more)


def skipped_answer(why: str) -> Answer:
    """The answer of a query not run at build time (see :class:`Budget`)."""
    return Answer((), [], False, skipped=why)


def query_context(q: StoredQuery, found: Answer, cells: Cells, endpoint: str = ENDPOINT) -> dict[str, object]:
    """The page of one query, with its answer (``found``: its terms become cells here)."""
    bound = prepare(q, params=values(q), allow_remote=False, local_graphs=set()).bindings if _runnable(q) else {}
    text = bind_text(q.body, bound)
    return {
        "root": "../",
        "q": q,
        "values": values(q),
        "text": text,
        "endpoint_href": f"{endpoint}?{urlencode({'query': text}, quote_via=quote)}",
        "endpoint": endpoint,
        "answer": replace(found, rows=[[cells(t) for t in row] for row in found.rows]),
        "rows": ROWS,
    }


def _runnable(q: StoredQuery) -> bool:
    return all(p.default is not None or p.example is not None for p in q.params)
