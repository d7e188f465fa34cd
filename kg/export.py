"""Serialise the graph. Turtle is written for people: prefixed, grouped by subject, sorted."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.vocab import PREFIXES


def new_graph() -> Graph:
    """An empty graph with exactly the project's prefixes bound (none of rdflib's defaults)."""
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def write_turtle(graph: Graph, path: Path) -> None:
    """Deterministic, readable Turtle: prefixed names, subjects and objects sorted by rdflib."""
    data = graph.serialize(format="turtle", encoding="utf-8")
    path.write_bytes(data)


def bind_entity_prefixes(graph: Graph, base: str, kinds: set[str]) -> None:
    """Bind one prefix per kind of entity (``organisation:``, ``project:`` …) under the data's base."""
    for kind in sorted(kinds):
        graph.bind(kind, base + kind + "/")
