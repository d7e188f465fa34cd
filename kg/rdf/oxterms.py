"""Terms between rdflib and pyoxigraph, and graphs between their stores."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import KgError


def to_oxigraph(term: Identifier) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise KgError(f"cannot give {term!r} to oxigraph")


def from_oxigraph(term: Any) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise KgError(f"oxigraph returned {term!r}, which kg cannot represent (RDF-star triple terms are not supported)")


def rdflib_to_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store that a query sees as rdflib sees ``graph``.

    Named graphs are kept. When rdflib queries a dataset's default graph as the union of its graphs
    (``default_union``, true for a ConjunctiveGraph), the store's default graph gets that union, as a
    set of triples, as rdflib has it.
    """
    store = ox.Store()
    if isinstance(graph, Dataset | ConjunctiveGraph):
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        if graph.default_union:
            union = Graph(bind_namespaces="none")
            for triple in graph.triples((None, None, None)):
                union.add(triple)
            store.load(union.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def store_to_rdflib(store: ox.Store) -> Graph:
    """An rdflib graph (a Dataset if the store has named graphs) with the store's quads."""
    if not any(True for _ in store.named_graphs()):
        graph = Graph(bind_namespaces="none")
        graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
        return graph
    dataset = Dataset()
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset
