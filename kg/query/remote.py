"""Run stored queries against a SPARQL endpoint the user names (``kg query --endpoint``).

The SPARQL protocol has no way to bind a variable, so parameters are bound the language's own
way: a ``VALUES`` block, written with the same escaping as our N-Triples writer, is put at the
start of the query's top-level WHERE group, where every pattern and FILTER of that group sees it
(as rdflib's initBindings and pyoxigraph's substitutions do). The value is never spliced into
the query text around it: the result is parsed again and must keep the query's form.
The dataset is set in the query's text, one ``FROM`` per graph of the loaded dataset
(:func:`kg.query.dataset.with_dataset`), so stores whose default graph is something else
(Oxigraph: empty; Virtuoso: every graph, system ones too) answer over exactly the loaded data,
at any number of graphs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.query.catalogue import StoredQuery
from kg.query.dataset import with_dataset
from kg.query.engine import QueryResult, in_query_order, prepare
from kg.query.params import bind_text
from kg.query.sparql import parse_sparql
from kg.store.client import Store, StoreError


def _term(binding: Mapping[str, str]) -> Identifier:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def run_remote(
    query: StoredQuery | str,
    *,
    store: Store,
    params: Mapping[str, str] | None = None,
    default_graphs: Sequence[str] = (),
    allow_remote: bool = False,
) -> QueryResult:
    """Run a stored query (or SPARQL text) at the store's query service, parameters bound."""
    q = prepare(query, params=params, allow_remote=allow_remote, local_graphs=set(default_graphs))
    source, parsed = q.source, q.parsed
    bound = bind_text(q.text, q.bindings)
    if parse_sparql(bound, source=source).form != parsed.form:  # the binding cannot change the query
        raise QueryError(f"{source}: binding the parameters changed the query's form")
    if not parsed.datasets:  # a query that names its own dataset keeps it
        bound = with_dataset(bound, default_graphs)
    prefixes = parsed.prefixes
    if parsed.form in ("SELECT", "ASK"):
        data = store.raw_query(bound, accept="application/sparql-results+json")
        try:
            answer = json.loads(data)
        except ValueError:
            raise StoreError(f"{store.query_url}: the answer is not SPARQL JSON results: {data[:200]!r}") from None
        if parsed.form == "ASK":
            return QueryResult(form="ASK", boolean=bool(answer["boolean"]), prefixes=prefixes)
        names = answer["head"]["vars"]
        solutions = (tuple(_term(row[v]) if v in row else None for v in names) for row in answer["results"]["bindings"])
        variables, rows = in_query_order(parsed, names, solutions)
        return QueryResult(form="SELECT", variables=variables, rows=rows, prefixes=prefixes)
    data = store.raw_query(bound, accept="application/n-triples")
    graph = Graph()
    try:
        graph.parse(data=data.decode("utf-8"), format="nt")
    except Exception as exc:  # rdflib raises several parser exception types
        raise StoreError(f"{store.query_url}: the answer is not N-Triples ({exc}): {data[:200]!r}") from None
    return QueryResult(form=parsed.form, graph=graph, prefixes=prefixes)
