"""The dataset description (``void.ttl``): VoID statistics and DCAT distributions with checksums.

Deterministic: no wall-clock time (the release date comes from the configuration) and no blank
nodes; partitions and checksums get IRIs under the dataset's.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID, XSD

from kg.config import Config
from kg.iris import source_iri
from kg.vocab import KGO, ORG, SCHEMA

SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = (KGO, SCHEMA, ORG, PROV, FOAF)


def _local(term: URIRef, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda x: -len(x[1])):
        if str(term).startswith(ns):
            return f"{prefix}-{str(term)[len(ns) :]}"
    return hashlib.sha256(str(term).encode()).hexdigest()[:12]


def describe(
    *,
    graph: Graph,
    config: Config,
    prefixes: dict[str, str],
    sources: Sequence[Path],
    files: Sequence[tuple[Path, str, str]],
    example: URIRef | None = None,
) -> Graph:
    """The description of ``graph`` and of its ``files`` (path, media type, title)."""
    base = config.base
    ds = URIRef(base + "dataset")
    d = Graph(bind_namespaces="none")
    for prefix, ns in (
        ("void", VOID),
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("prov", PROV),
        ("spdx", SPDX),
        ("xsd", XSD),
        ("rdfs", RDFS),
        ("owl", OWL),
        ("kgo", KGO),
        ("schema", SCHEMA),
        ("org", ORG),
    ):
        d.bind(prefix, ns)
    d.add((ds, RDF.type, VOID.Dataset))
    d.add((ds, RDF.type, DCAT.Dataset))
    d.add((ds, DCTERMS.title, Literal(config.title, lang=config.language)))
    if config.description:
        d.add((ds, DCTERMS.description, Literal(config.description, lang=config.language)))
    d.add((ds, DCTERMS.license, URIRef(config.license)))
    if config.publisher:
        publisher = URIRef(base + "publisher")
        d.add((ds, DCTERMS.publisher, publisher))
        d.add((publisher, RDF.type, FOAF.Agent))
        d.add((publisher, FOAF.name, Literal(config.publisher)))
    d.add((ds, URIRef(str(DCAT) + "version"), Literal(config.version)))  # DCAT 3
    d.add((ds, OWL.versionInfo, Literal(config.version)))
    if config.issued:
        d.add((ds, DCTERMS.issued, Literal(config.issued, datatype=XSD.date)))
    d.add((ds, VOID.uriSpace, Literal(base)))
    for vocab in VOCABULARIES:
        d.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    for path in sources:
        d.add((ds, PROV.wasDerivedFrom, source_iri(base, path)))
    if example is not None:
        d.add((ds, VOID.exampleResource, example))
    if any(path.name == "queries.ttl" for path, _, _ in files):
        # the example queries, described as sh:SPARQLExecutable resources (SIB sparql-examples style)
        d.add((ds, RDFS.seeAlso, URIRef(config.downloads + "queries.ttl")))

    # statistics
    subjects, objects, classes, properties = set(), set(), Counter(), Counter()
    for s, p, o in graph:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == RDF.type:
            classes[o] += 1
    entities = {s for s, _, c in graph.triples((None, RDF.type, None)) if str(c).startswith(str(KGO))}
    d.add((ds, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    d.add((ds, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    d.add((ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    d.add((ds, VOID.distinctObjects, Literal(len(objects), datatype=XSD.integer)))
    d.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    d.add((ds, VOID.properties, Literal(len(properties), datatype=XSD.integer)))
    for cls, n in classes.items():
        part = URIRef(f"{ds}/class/{_local(cls, prefixes)}")
        d.add((ds, VOID.classPartition, part))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in properties.items():
        part = URIRef(f"{ds}/property/{_local(prop, prefixes)}")
        d.add((ds, VOID.propertyPartition, part))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))

    # distributions
    for path, media_type, title in files:
        data = path.read_bytes()
        dist = URIRef(config.downloads + path.name)
        checksum = URIRef(f"{dist}#sha256")
        d.add((ds, DCAT.distribution, dist))
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add((dist, DCTERMS.title, Literal(title, lang="en")))
        d.add((dist, DCAT.downloadURL, dist))
        d.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        d.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        d.add((dist, URIRef(SPDX + "checksum"), checksum))
        d.add((checksum, RDF.type, URIRef(SPDX + "Checksum")))
        d.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
        d.add(
            (
                checksum,
                URIRef(SPDX + "checksumValue"),
                Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary),
            )
        )
        if media_type in ("application/n-triples", "application/n-quads", "text/turtle") and path.name.startswith(
            "graph."
        ):
            d.add((ds, VOID.dataDump, dist))
    return d
