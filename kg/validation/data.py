"""What a validation reads: the data graph, in the form each engine and the locator need.

A caller with an rdflib graph passes it as it is. The build passes :class:`SortedData` instead:
the graph it has already encoded as sorted N-Triples rows. pyshacl-turbo then parses that text in
Rust, and the locator answers its few questions (a focus node's provenance, its label) by binary
search in the sorted rows. For a million triples, this avoids building an rdflib graph and
converting it, term by term, into the engine's input. That was a third of the build's
validation time and most of its memory. pyshacl, the reference engine, still needs an rdflib
graph, so :attr:`SortedData.graph` makes one only when pyshacl runs.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from rdflib import Graph
from rdflib.term import Node

from kg.rdf.encoded import EncodedGraph
from kg.rdf.turtle import Row, write_ntriples_rows


class Lookup(Protocol):
    """The questions the locator asks of the data (an rdflib graph answers them as it is)."""

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]: ...

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]: ...

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class SortedData:
    """A graph held as N-Triples text with an index of its rows, from which an rdflib graph is made only on demand."""

    #: Writes the graph as N-Triples (no blank nodes, or labels that are stable across the text and the
    #: lookup): every statement, or those whose predicate's N-Triples form is in the set given
    #: (:mod:`kg.validation.reads`).
    write_ntriples: Callable[[IO[str], Collection[str] | None], None]
    #: The same triples, for the locator.
    lookup: Lookup
    #: The prefixes the rdflib graph of these triples would have bound (the report binds them too).
    namespaces: tuple[tuple[str, str], ...]
    #: An rdflib graph of the same triples, for pyshacl.
    graph: Callable[[], Graph]
    #: Validate with pyshacl-turbo in a process of its own (:mod:`kg.validation.isolated`): for a
    #: large graph, whose text and engine graph would otherwise sit beside the build's own copy.
    isolate: bool = False

    @classmethod
    def of_rows(
        cls,
        encoded: EncodedGraph,
        *,
        graph: Callable[[], Graph],
        namespaces: tuple[tuple[str, str], ...] = (),
        isolate: bool,
    ) -> SortedData:
        """An encoded graph's sorted rows: written whole, or only the statements of the predicates given."""
        rows = encoded.rows
        return cls(
            write_ntriples=lambda out, predicates: _write_rows(rows, out, predicates),
            lookup=encoded,
            namespaces=namespaces,
            graph=graph,
            isolate=isolate,
        )

    def ntriples(self, predicates: Collection[str] | None = None) -> str:
        """The graph as N-Triples text: whole, or the statements of ``predicates``."""
        buffer = io.StringIO()
        self.write_ntriples(buffer, predicates)
        return buffer.getvalue()


def _write_rows(rows: Iterable[Row], out: IO[str], predicates: Collection[str] | None) -> None:
    """Sorted rows as N-Triples: every one, or those whose predicate is in ``predicates``."""
    write_ntriples_rows(rows if predicates is None else (r for r in rows if r[1] in predicates), out)


def subject_objects_of(data: Lookup, predicates: Iterable[Node]) -> dict[Node, list[tuple[Node, Node]]]:
    """The subjects and objects of each predicate's statements: in one pass where the data can (the
    encoded rows: a scan per predicate would read a million rows dozens of times), else one by one."""
    wanted = list(predicates)
    many = getattr(data, "subject_objects_of", None)
    if many is not None:
        return many(wanted)  # type: ignore[no-any-return]
    return {p: list(data.subject_objects(p)) for p in wanted}


def lookup_of(data: Graph | SortedData) -> Lookup:
    return data.lookup if isinstance(data, SortedData) else data  # type: ignore[return-value]


def namespaces_of(data: Graph | SortedData) -> list[tuple[str, str]]:
    found = data.namespaces if isinstance(data, SortedData) else data.namespaces()
    return [(str(p), str(ns)) for p, ns in found]


def rdflib_graph(data: Graph | SortedData) -> Graph:
    return data.graph() if isinstance(data, SortedData) else data
