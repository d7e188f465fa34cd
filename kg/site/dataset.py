"""The dataset's own IRI, ``{base}dataset``, dereferences like an entity's: its page is the home page and
its data is the dataset description (``void.ttl``'s statements) as Turtle, JSON-LD and N-Triples.

The build adds the site's home page to the description after the site is written, so these files
hold the description as it was then: everything ``void.ttl`` says but that one statement.
"""

from __future__ import annotations

import io

from rdflib import Graph

from kg.rdf.graphs import render_graph
from kg.rdf.jsonld import write_jsonld
from kg.rdf.turtle import write_ntriples

#: The dataset's path after the base (``describe`` in kg.publish.void names it so).
DATASET = "dataset"


def dataset_files(void: Graph, home: bytes) -> dict[str, bytes]:
    """The files of ``{base}dataset``: the home page's bytes as its page, and the description as data."""
    jsonld, ntriples = io.StringIO(), io.StringIO()
    prefixes = {p: str(ns) for p, ns in sorted(void.namespaces())}
    write_jsonld(void, prefixes, jsonld, inline=True)
    write_ntriples(void, ntriples)
    return {
        f"{DATASET}.html": home,
        f"{DATASET}.ttl": render_graph(void),
        f"{DATASET}.jsonld": jsonld.getvalue().encode("utf-8"),
        f"{DATASET}.nt": ntriples.getvalue().encode("utf-8"),
    }
