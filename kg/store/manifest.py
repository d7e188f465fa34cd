"""What a load reads from the build and keeps in the store: the dataset, its graphs, the manifest.

The manifest graph ``{base}graph/manifest`` lists the dataset's graphs in the SPARQL 1.1 Service
Description vocabulary, each with its triple count and the SHA-256 of its content (its distinct
N-Triples lines, sorted, as bytes), in SPDX terms::

    <dataset> sd:namedGraph [ sd:name <g> ;
        sd:graph [ void:triples n ; spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                                                    spdx:checksumValue "…"^^xsd:hexBinary ] ] ] .

An incremental load compares those checksums with the build's to upload only what changed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD, Namespace

from kg.errors import KgError, SourceError
from kg.rdf.turtle import nt
from kg.store.client import Store, iri_ref

#: SPARQL 1.1 Service Description, the vocabulary of the manifest.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")


@dataclass(frozen=True)
class PublishedDataset:
    """The dataset a build describes in its ``void.ttl``: its IRI and the base its IRIs are minted under."""

    iri: str
    base: str

    @property
    def manifest(self) -> str:
        return manifest_graph(self.base)


@dataclass(frozen=True)
class Recorded:
    """What the manifest says of one graph (``None`` where an older kg recorded nothing)."""

    triples: int | None
    sha256: str | None


def manifest_graph(base: str) -> str:
    """The graph that lists the graphs of the dataset minted under ``base``."""
    return base + "graph/manifest"


def read_dataset(dist: Path) -> PublishedDataset:
    """The dataset IRI and base of the build in ``dist``, from the ``void:uriSpace`` of its ``void.ttl``."""
    path = dist / "void.ttl"
    if not path.is_file():
        raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        raise SourceError(f"cannot read the dataset description: {exc}", path=path) from None
    found = sorted(
        {
            (q.subject.value, q.object.value)
            for q in quads
            if q.predicate.value == str(VOID.uriSpace) and isinstance(q.subject, ox.NamedNode)
        }
    )
    if len(found) != 1:
        raise SourceError(f"expected one dataset with a void:uriSpace, found {len(found)}", path=path)
    iri, base = found[0]
    iri_ref(manifest_graph(base))
    return PublishedDataset(iri=iri, base=base)


def named_graphs(path: Path) -> dict[str, set[bytes]]:
    """The N-Triples lines of each named graph of kg's N-Quads (every line ends with its graph IRI)."""
    graphs: dict[str, set[bytes]] = defaultdict(set)
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        head, sep, name = line.rstrip().removesuffix(b" .").rpartition(b" <")
        if not sep or not name.endswith(b">"):
            raise SourceError("expected an N-Quads line ending with a graph IRI", path=path, line=number)
        graphs[name[:-1].decode("utf-8")].add(head + b" .\n")
    return graphs


def graphs_from_dist(dist: Path, graph: str | None) -> dict[str, list[bytes]]:
    """Distinct N-Triples lines by target graph, sorted: the build's named graphs, or everything into ``graph``."""
    graphs: dict[str, set[bytes]] = defaultdict(set)
    if graph is not None:
        path = dist / "graph.nt"
        if not path.is_file():
            raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
        graphs[graph] = {line.rstrip() + b"\n" for line in path.read_bytes().splitlines() if line.strip()}
    else:
        path = dist / "graph.nq"
        if not path.is_file():
            raise KgError(f"{path} not found; run `kg build` first (or pass --dist)")
        graphs.update(named_graphs(path))
    if not any(graphs.values()):  # loading nothing would drop every graph of the previous load
        raise KgError(f"{path} holds no triples; run `kg build` first (or pass --dist)")
    return {name: sorted(lines) for name, lines in graphs.items()}


def checksum(lines: list[bytes]) -> str:
    """SHA-256 of a graph's content: its distinct N-Triples lines, sorted."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
    return digest.hexdigest()


def manifest_ntriples(dataset: PublishedDataset, graphs: dict[str, Recorded]) -> list[bytes]:
    """N-Triples of the manifest: the dataset's named graphs with their triple counts and checksums."""
    ds = URIRef(dataset.iri)
    triples: list[tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]] = [(ds, RDF.type, SD.Dataset)]
    for number, name in enumerate(sorted(graphs), start=1):
        node, described, check = BNode(f"g{number}"), BNode(f"g{number}d"), BNode(f"g{number}c")
        triples += [(ds, SD.namedGraph, node), (node, RDF.type, SD.NamedGraph), (node, SD.name, URIRef(name))]
        recorded = graphs[name]
        triples += [(node, SD.graph, described), (described, RDF.type, SD.Graph)]
        if recorded.triples is not None:
            triples.append((described, VOID.triples, Literal(recorded.triples, datatype=XSD.integer)))
        if recorded.sha256 is not None:
            triples += [
                (described, SPDX.checksum, check),
                (check, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
                (check, SPDX.checksumValue, Literal(recorded.sha256, datatype=XSD.hexBinary)),
            ]
    return sorted(f"{nt(s)} {nt(p)} {nt(o)} .\n".encode() for s, p, o in triples)


def recorded_graphs(store: Store, base: str) -> dict[str, Recorded]:
    """The graphs the manifest in ``store`` lists, with what it records of each."""
    rows = store.select(
        f"SELECT ?g ?n ?sha WHERE {{ GRAPH {iri_ref(manifest_graph(base))} {{ "
        f"?dataset <{SD.namedGraph}> ?named . ?named <{SD.name}> ?g "
        f"OPTIONAL {{ ?named <{SD.graph}> ?d . ?d <{VOID.triples}> ?n }} "
        f"OPTIONAL {{ ?named <{SD.graph}> ?d2 . ?d2 <{SPDX.checksum}> ?c . ?c <{SPDX.checksumValue}> ?sha }} }} }}"
    )
    found: dict[str, Recorded] = {}
    for row in rows:
        if row.get("g", {}).get("type") != "uri":
            continue
        n = row.get("n", {}).get("value")
        sha = row.get("sha", {}).get("value")
        found[row["g"]["value"]] = Recorded(int(n) if n is not None else None, sha.lower() if sha else None)
    return dict(sorted(found.items()))


def loaded_graphs(store: Store, base: str) -> list[str]:
    """The graphs the last successful load of the dataset minted under ``base`` put in ``store``.

    Read from the manifest graph; empty when the store has none (never loaded, or by an older kg).
    """
    return [g for g in recorded_graphs(store, base) if g != manifest_graph(base)]
