"""A graph as sorted rows of N-Triples terms, each term written once: what the writers read.

Every serialisation sorts by the N-Triples form of its terms, and most spend their time writing
the same terms again. An :class:`EncodedGraph` writes each distinct term once, keeps the triples
of each named graph and of the whole graph as sorted, distinct rows of those strings, and remembers
which term each string stands for, so a writer only looks up and joins.

Sorting rows of term strings gives the order of sorted N-Triples lines: no subject or predicate
form contains a space, and a space sorts before every character a term form ends with.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from itertools import groupby
from operator import itemgetter

from rdflib import URIRef
from rdflib.term import Node

from kg.rdf.turtle import Row, TermForms, Triple, nt


class EncodedGraph:
    """The triples of each named graph (``parts``) and of their union, as sorted distinct rows."""

    def __init__(self, parts: Mapping[URIRef, Iterable[Triple]]) -> None:
        self.forms = TermForms()
        encoded = {self.forms[name]: self.forms.rows(triples) for name, triples in parts.items()}
        self._parts = encoded

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> EncodedGraph:
        """One graph's triples (its name is never written)."""
        return cls({URIRef("urn:x-kg:graph"): triples})

    @property
    def terms(self) -> Mapping[str, Node]:
        return self.forms.terms

    @cached_property
    def rows(self) -> list[Row]:
        """Every distinct triple of the whole graph, sorted (a triple in several graphs once)."""
        union: set[Row] = set()
        for rows in self._parts.values():
            union |= rows
        return sorted(union)

    @cached_property
    def graphs(self) -> dict[str, list[Row]]:
        """Each named graph's rows, sorted, by the N-Triples form of its name, in the order of the names."""
        return {name: sorted(self._parts[name]) for name in sorted(self._parts)}

    def __len__(self) -> int:
        return len(self.rows)

    # -- lookups, as rdflib's Graph answers them (for the validation's locator) ---------------------

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """The objects of ``subject``'s statements with ``predicate``: found by binary search in the sorted rows."""
        s, p, rows, terms = nt(subject), nt(predicate), self.rows, self.terms
        i = bisect_left(rows, (s, p))
        while i < len(rows) and rows[i][0] == s and rows[i][1] == p:
            yield terms[rows[i][2]]
            i += 1

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]:
        """The subjects of the statements ``(?, predicate, object)``: a scan, for the rare question."""
        p, o, terms = nt(predicate), nt(object), self.terms
        return (terms[row[0]] for row in self.rows if row[1] == p and row[2] == o)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        """The subjects and objects of the statements with ``predicate``: a scan."""
        p, terms = nt(predicate), self.terms
        return ((terms[row[0]], terms[row[2]]) for row in self.rows if row[1] == p)

    def subject_objects_of(self, predicates: Iterable[Node]) -> dict[Node, list[tuple[Node, Node]]]:
        """The subjects and objects of each predicate's statements, in one scan."""
        wanted = {nt(p): p for p in predicates}
        found: dict[Node, list[tuple[Node, Node]]] = {p: [] for p in wanted.values()}
        terms = self.terms
        for s, p, o in self.rows:
            if p in wanted:
                found[wanted[p]].append((terms[s], terms[o]))
        return found

    def fanout_squares(self) -> int:
        """The sum, over every subject and predicate, of the square of the number of their statements:
        large when one node has thousands of values of one predicate (one scan of the sorted rows, in
        which a subject's statements of a predicate are neighbours)."""
        return sum(sum(1 for _ in run) ** 2 for _, run in groupby(self.rows, key=itemgetter(0, 1)))
