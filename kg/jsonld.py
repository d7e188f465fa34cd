"""Compacted JSON-LD with a local context file, written without any network access.

The context only declares the graph's prefixes, so compaction is a plain CURIE rewrite; the
document refers to it by a relative path (``context.jsonld``) that resolves beside the file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

CONTEXT_FILE = "context.jsonld"


def context(prefixes: Mapping[str, str]) -> dict:
    return {"@context": dict(prefixes)}


class _Compactor:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.prefixes = set(prefixes)

    def iri(self, iri: str) -> str:
        for ns, prefix in self.by_ns:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        scheme = iri.split(":", 1)[0]
        if scheme in self.prefixes:  # would be misread as a compact IRI
            raise ValueError(f"IRI {iri!r} clashes with the prefix {scheme!r}")
        return iri

    def value(self, term: Node) -> object:
        if isinstance(term, URIRef):
            return {"@id": self.iri(str(term))}
        if isinstance(term, BNode):
            return {"@id": f"_:{term}"}
        assert isinstance(term, Literal)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype and term.datatype != XSD.string:
            return {"@value": str(term), "@type": self.iri(str(term.datatype))}
        return str(term)


def _key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def write_jsonld(triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str], out: IO[str]) -> None:
    """``{"@context": "context.jsonld", "@graph": [...]}``; nodes, keys and values sorted."""
    c = _Compactor(prefixes)
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        subject = c.iri(str(s)) if isinstance(s, URIRef) else f"_:{s}"
        if p == RDF.type and isinstance(o, URIRef):
            nodes[subject]["@type"].append(c.iri(str(o)))
        else:
            nodes[subject][c.iri(str(p))].append(c.value(o))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, object] = {"@id": subject}
        for key in sorted(nodes[subject], key=lambda k: (k != "@type", k)):
            values = sorted(nodes[subject][key], key=_key)
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    json.dump({"@context": CONTEXT_FILE, "@graph": graph}, out, ensure_ascii=False, indent=1, sort_keys=False)
    out.write("\n")
