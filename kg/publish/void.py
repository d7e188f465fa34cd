"""The dataset description (``void.ttl``): VoID statistics, DCAT distributions and the related files.

Only the serialisations of the graph (``graph.*``) are distributions of the dataset, and only the
triple dumps are its ``void:dataDump``s. The other published files are linked by what they are to
the data: the ontology and the shapes it ``dcterms:conformsTo``, the HTML documentation its
``foaf:page``, the example queries, the validation report and the change log (``changes.ttl``) a
``dcterms:relation``, the JSON-LD context a ``dcterms:requires`` of ``graph.jsonld``. Every file is
described alike: media type, byte size and SHA-256 checksum.

Deterministic: no wall-clock time (the release date comes from the configuration) and no blank
nodes; partitions and checksums get IRIs under the dataset's.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID, XSD

from kg.core.digests import file_sha256
from kg.core.iris import source_iri
from kg.core.vocab import KGO, ORG, SCHEMA
from kg.publish.artifacts import Role, Written
from kg.rdf.encoded import EncodedGraph
from kg.rdf.turtle import nt
from kg.source.config import Config

SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = (KGO, SCHEMA, ORG, PROV, FOAF)
_PREFIXES = (
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
)


@dataclass(frozen=True)
class Published:
    """One published file: where it is on disk, its download IRI, media type and title."""

    path: Path
    iri: URIRef
    media_type: str
    title: str
    #: What the file is to the dataset; None for a source article.
    role: Role | None = None


def describe(
    *,
    graph: Graph | EncodedGraph,
    config: Config,
    prefixes: dict[str, str],
    sources: Sequence[Path],
    files: Sequence[Written],
    example: URIRef | None = None,
) -> Graph:
    """The description of ``graph`` (best given encoded, as a build has it) and of its published ``files``,
    each linked by its role."""
    encoded = graph if isinstance(graph, EncodedGraph) else EncodedGraph.of(graph)
    ds = URIRef(config.base + "dataset")
    d = Graph(bind_namespaces="none")
    for prefix, ns in _PREFIXES:
        d.bind(prefix, ns)
    _metadata(d, ds, config)
    _origin(d, ds, config, sources, example)
    _statistics(d, ds, encoded)
    _partitions(d, ds, encoded, prefixes)
    published = [
        Published(
            f.path, URIRef(config.downloads + f.artifact.name), f.artifact.media_type, f.artifact.title, f.artifact.role
        )
        for f in files
    ]
    for file in published:
        _file(d, file)
        _link(d, ds, file, published)
    return d


def add_landing_page(d: Graph, *, config: Config, path: Path, name: str, title: str) -> None:
    """The site's home page (``name`` is its path in the output folder): the dataset's ``dcat:landingPage``
    and a ``foaf:page``, described like every file. The site's other pages are not listed: they are
    views of the same data, all reachable from this one, and would make the description grow with the graph."""
    ds = URIRef(config.base + "dataset")
    page = Published(path, URIRef(config.downloads + quote(name)), "text/html", title, Role.PAGE)
    _file(d, page)
    d.add((page.iri, RDF.type, FOAF.Document))
    d.add((ds, FOAF.page, page.iri))
    d.add((ds, DCAT.landingPage, page.iri))


def _metadata(d: Graph, ds: URIRef, config: Config) -> None:
    """Title, licence, publisher, version and dates, from the configuration."""
    d.add((ds, RDF.type, VOID.Dataset))
    d.add((ds, RDF.type, DCAT.Dataset))
    d.add((ds, DCTERMS.title, Literal(config.title, lang=config.language)))
    if config.description:
        d.add((ds, DCTERMS.description, Literal(config.description, lang=config.language)))
    d.add((ds, DCTERMS.license, URIRef(config.license)))
    if config.publisher:
        publisher = URIRef(config.base + "publisher")
        d.add((ds, DCTERMS.publisher, publisher))
        d.add((publisher, RDF.type, FOAF.Agent))
        d.add((publisher, FOAF.name, Literal(config.publisher)))
    d.add((ds, URIRef(str(DCAT) + "version"), Literal(config.version)))  # DCAT 3
    d.add((ds, OWL.versionInfo, Literal(config.version)))
    if config.issued:
        d.add((ds, DCTERMS.issued, Literal(config.issued, datatype=XSD.date)))
    if config.modified:
        d.add((ds, DCTERMS.modified, Literal(config.modified, datatype=XSD.date)))


def _origin(d: Graph, ds: URIRef, config: Config, sources: Sequence[Path], example: URIRef | None) -> None:
    """Where the entities live, which vocabularies they use, what they were derived from."""
    d.add((ds, VOID.uriSpace, Literal(config.base)))
    for vocab in VOCABULARIES:
        d.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    for path in sources:
        document = source_iri(config.base, path)
        d.add((ds, PROV.wasDerivedFrom, document))
        if path.is_file():  # published beside the data, in source/
            download = URIRef(config.downloads + "source/" + quote(path.name, safe=""))
            d.add((document, SCHEMA.contentUrl, download))
            _file(d, Published(path, download, "text/plain", f"Source article {path.name}"))
    if example is not None:
        d.add((ds, VOID.exampleResource, example))


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _statistics(d: Graph, ds: URIRef, graph: EncodedGraph) -> None:
    """The VoID counts of the whole graph."""
    rows = graph.rows
    rdf_type, kgo = nt(RDF.type), f"<{KGO}"
    typed = [(s, o) for s, p, o in rows if p == rdf_type]
    d.add((ds, VOID.triples, _count(len(rows))))
    d.add((ds, VOID.entities, _count(len({s for s, c in typed if c.startswith(kgo)}))))
    d.add((ds, VOID.distinctSubjects, _count(len({s for s, _, _ in rows}))))
    d.add((ds, VOID.distinctObjects, _count(len({o for _, _, o in rows}))))
    d.add((ds, VOID.classes, _count(len({c for _, c in typed}))))
    d.add((ds, VOID.properties, _count(len({p for _, p, _ in rows}))))


def _partitions(d: Graph, ds: URIRef, graph: EncodedGraph, prefixes: dict[str, str]) -> None:
    """A class partition per class (its instances) and a property partition per property (its triples)."""
    rdf_type, terms = nt(RDF.type), graph.terms
    classes = Counter(o for _, p, o in graph.rows if p == rdf_type)
    properties = Counter(p for _, p, _ in graph.rows)
    for form, n in classes.items():
        cls = terms[form]
        part = URIRef(f"{ds}/class/{_partition_name(cls, prefixes)}")  # type: ignore[arg-type]
        d.add((ds, VOID.classPartition, part))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, _count(n)))
    for form, n in properties.items():
        prop = terms[form]
        part = URIRef(f"{ds}/property/{_partition_name(prop, prefixes)}")  # type: ignore[arg-type]
        d.add((ds, VOID.propertyPartition, part))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, _count(n)))


def _partition_name(term: URIRef, prefixes: dict[str, str]) -> str:
    """A path segment naming a partition, "kgo-Project": the prefix and local part joined by "-", any
    characters kept (it is part of an IRI, not a prefixed name); a hash where no prefix fits."""
    for prefix, ns in sorted(prefixes.items(), key=lambda x: -len(x[1])):
        if str(term).startswith(ns):
            return f"{prefix}-{str(term)[len(ns) :]}"
    return hashlib.sha256(str(term).encode()).hexdigest()[:12]


def _file(d: Graph, file: Published) -> None:
    """A downloadable file: title, download URL, media type, byte size and SHA-256 checksum."""
    size = file.path.stat().st_size
    checksum = URIRef(f"{file.iri}#sha256")
    d.add((file.iri, RDF.type, DCAT.Distribution))
    d.add((file.iri, DCTERMS.title, Literal(file.title, lang="en")))
    d.add((file.iri, DCAT.downloadURL, file.iri))
    d.add((file.iri, DCAT.mediaType, URIRef(IANA + file.media_type)))
    d.add((file.iri, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    d.add((file.iri, URIRef(SPDX + "checksum"), checksum))
    d.add((checksum, RDF.type, URIRef(SPDX + "Checksum")))
    d.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
    digest = Literal(file_sha256(file.path), datatype=XSD.hexBinary)
    d.add((checksum, URIRef(SPDX + "checksumValue"), digest))


def _link(d: Graph, ds: URIRef, file: Published, published: Sequence[Published]) -> None:
    """How a file relates to the dataset, by its role: a distribution of its data, or a document about it.

    Only the serialisations of the graph are the dataset's distributions; the others are
    distributions of something else (the ontology, the shapes, the queries), typed for what they
    are to the data.
    """
    if file.role in (Role.DUMP, Role.DISTRIBUTION):
        d.add((ds, DCAT.distribution, file.iri))
        if file.role is Role.DUMP:
            d.add((ds, VOID.dataDump, file.iri))
        return
    if file.role is Role.STANDARD:
        d.add((ds, DCTERMS.conformsTo, file.iri))
        d.add((file.iri, RDF.type, DCTERMS.Standard))
        return
    d.add((file.iri, RDF.type, FOAF.Document))
    if file.role is Role.PAGE:
        d.add((ds, FOAF.page, file.iri))
    elif file.role is Role.CONTEXT:
        # needed to read the distributions of its media type, no data of its own
        for user in published:
            if user.role in (Role.DUMP, Role.DISTRIBUTION) and user.media_type == file.media_type:
                d.add((user.iri, DCTERMS.requires, file.iri))
    else:
        d.add((ds, DCTERMS.relation, file.iri))
