"""The predicates a set of shapes can read: the engine is given only the statements it can look at.

A SHACL engine reaches the data through the shapes' targets, paths and SPARQL. A statement whose
predicate none of them names is never a value, a target or a match, so leaving it out changes no
result; it only costs the engine time to parse and index (at 1,000 articles, a fifth of the graph:
the super-properties the build materialises for consumers, such as ``schema:member`` beside every
``kgo:participant``, and links no shape checks). pyshacl-turbo took 26.4 s instead of 29.9 s on the
rest, with the same 3,738 results.

A query may have a variable in a predicate's place when the same group of patterns ties it to the
data: ``$this ?path ?raw . ?path rdfs:subPropertyOf kgo:sourceField`` reads the predicates the data
declares sub-properties of ``kgo:sourceField``, which are looked up in the data. Where a shape could
read any predicate (one is ``sh:closed``: every predicate of its focus node counts; a variable
predicate not tied so, or a negated set; a query that cannot be read here: an undeclared prefix, a
syntax this parser does not know), :func:`predicates_read` says None and the whole graph is validated.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import BNode, Graph, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from kg.validation.data import Lookup

#: Read by every engine whatever the shapes say: class targets and ``sh:class`` follow the data's
#: types and its own subclass statements.
ALWAYS = frozenset({RDF.type, RDFS.subClassOf})


def predicates_read(shapes: Graph, data: Lookup) -> frozenset[str] | None:
    """The N-Triples forms (``<iri>``) of every predicate the ``shapes`` can read in ``data``, or None when
    they can read any: every IRI of the shapes graph (a superset of their paths' and targets'
    predicates), the predicates of their SPARQL (a tied variable's from the data), and :data:`ALWAYS`."""
    if any(shapes.triples((None, SH.closed, None))):
        return None
    found: set[URIRef] = set(ALWAYS)
    for triple in shapes:
        found.update(t for t in triple if isinstance(t, URIRef))
    prefixes = _prefixes(shapes)
    if prefixes is None:
        return None
    for query in (*shapes.objects(None, SH.select), *shapes.objects(None, SH.ask)):
        for predicate in _query_predicates(str(query), prefixes):
            if predicate is None:  # the query may read any predicate
                return None
            if isinstance(predicate, URIRef):
                found.add(predicate)
            else:  # a variable tied to the subjects of (property, value) in the data
                found.update(s for s in data.subjects(*predicate) if isinstance(s, URIRef))
    return frozenset(f"<{iri}>" for iri in found)


def _prefixes(shapes: Graph) -> dict[str, str] | None:
    """Every ``sh:declare`` of the shapes graph, or None when one prefix is declared for two namespaces."""
    declared: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        for prefix in shapes.objects(declaration, SH.prefix):
            for namespace in shapes.objects(declaration, SH.namespace):
                if declared.setdefault(str(prefix), str(namespace)) != str(namespace):
                    return None
    return declared


#: A predicate a query reads: an IRI; (property, value), whatever the data says has that value of that
#: property; or None, any predicate.
_Read = URIRef | tuple[URIRef, Node] | None


def _query_predicates(text: str, prefixes: dict[str, str]) -> Iterator[_Read]:
    try:
        query = prepareQuery(text, initNs=prefixes)
    except Exception:  # rdflib's parser raises several kinds; such a query may read anything
        yield None
        return
    yield from _walk(query.algebra)


def _walk(node: object) -> Iterator[_Read]:
    """The predicates of every triple pattern in a query's algebra, its filters' patterns included."""
    if isinstance(node, CompValue):
        if "triples" in node:  # a BGP; in a filter's EXISTS, a TriplesBlock, not yet translated
            triples = _triples(node["triples"])
            if triples is None:
                yield None
                return
            for _, predicate, _ in triples:
                if isinstance(predicate, Variable):
                    yield _tie(predicate, triples)
                else:
                    yield from _predicates(predicate)
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _triples(given: list[Sequence[Node]]) -> list[tuple[Node, Node, Node]] | None:
    """A group's triple patterns: a BGP holds triples, a TriplesBlock runs of subject, predicate, object."""
    triples = []
    for run in given:
        if len(run) % 3:
            return None
        triples.extend((run[i], run[i + 1], run[i + 2]) for i in range(0, len(run), 3))
    return triples


def _tie(variable: Variable, triples: list[tuple[Node, Node, Node]]) -> tuple[URIRef, Node] | None:
    """The (property, value) that a pattern of the same group gives the variable as its subject, if any."""
    for s, p, o in triples:
        if s == variable and isinstance(p, URIRef) and not isinstance(o, Variable | BNode):
            return p, o
    return None


def _predicates(predicate: Node | Path) -> Iterator[URIRef | None]:
    """The IRIs a predicate or a property path can follow; a variable or a negated set follows any."""
    if isinstance(predicate, URIRef):
        yield predicate
    elif isinstance(predicate, SequencePath | AlternativePath):
        for arg in predicate.args:
            yield from _predicates(arg)
    elif isinstance(predicate, InvPath):
        yield from _predicates(predicate.arg)
    elif isinstance(predicate, MulPath):
        yield from _predicates(predicate.path)
    else:  # a negated property set, or what this module does not know
        yield None
