"""pyshacl's input: the data graph in a store of named graphs, with its SPARQL constraints parsed once
(used in the build's process and in the validation worker, :mod:`kg.validation.isolated`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql import prepareQuery


def reference_input(graph: Graph) -> Graph:
    """``graph`` as pyshacl is given it: in a store of named graphs, which it needs, with its SPARQL
    constraints parsed once (:class:`QueryCachingGraph`)."""
    if not graph.store.context_aware:
        copy = Graph(bind_namespaces="none")
        copy += graph
        graph = copy
    return QueryCachingGraph.view_of(graph)


class QueryCachingGraph(Graph):
    """A view of a graph's store whose SPARQL queries are parsed once.

    pyshacl runs a SPARQL constraint once per focus node with the same text; rdflib parses the
    text every time (about 10 ms), which dominated validation. The view shares the store, so
    nothing is copied; it has its own prefixes, so none is bound in the caller's graph.
    """

    @classmethod
    def view_of(cls, graph: Graph) -> Graph:
        if type(graph) is not Graph:  # a Dataset or other graph kind: validate it as it is
            return graph
        view = cls(store=graph.store, identifier=graph.identifier, bind_namespaces="none")
        # pyshacl binds sh: while describing results; keep that out of the caller's store
        view.namespace_manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        return view

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,
        initBindings: Any = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql" and not initNs:
            query_object = _prepared(query_object)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Any:
    return prepareQuery(text)
