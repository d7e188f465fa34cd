"""The published files of a build: one table gives each its name, media type, title, its role in
the dataset description (``void.ttl``) and the function that produces it.

The graph's serialisations come from the RDF format table (:data:`~kg.rdf.formats.RDF_FORMATS`),
so a new format is one row there; the other files are listed here. ``void.ttl`` reads each file's
role from this table instead of guessing it from the file name, and describes every file the build
wrote; it is written last, since it holds their sizes and checksums. A build compared with its
previous release (``kg build --previous``) publishes one more file, ``changes.ttl``
(:func:`changes_artifact`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kg.core.resources import data_dir
from kg.publish.docs import ontology_html
from kg.publish.knowledge import Knowledge
from kg.query.catalogue import list_queries, queries_as_rdf
from kg.rdf.formats import RDF_FORMATS, Format, render, write_file
from kg.rdf.graphs import render_graph
from kg.rdf.jsonld import CONTEXT_FILE, context
from kg.rdf.ontology import ontology_files
from kg.release import CHANGES_FILE
from kg.validation.report import Report, format_report


class Role(Enum):
    """What a published file is to the dataset, as ``void.ttl`` records it."""

    #: A distribution that is also a plain triple dump (``dcat:distribution``, ``void:dataDump``).
    DUMP = "dump"
    #: Another serialisation of the data (``dcat:distribution``).
    DISTRIBUTION = "distribution"
    #: Needed to read the distributions of its media type (``dcterms:requires``): the JSON-LD context.
    CONTEXT = "context"
    #: What the data conforms to (``dcterms:conformsTo``): the ontology, the shapes.
    STANDARD = "standard"
    #: Documentation for people (``foaf:page``).
    PAGE = "page"
    #: A document about the data (``dcterms:relation``): the queries, the validation report.
    RELATION = "relation"


@dataclass(frozen=True)
class Release:
    """What the producers read: the assembled graph and its validation report."""

    knowledge: Knowledge
    #: The validation report: every producer but the report's own needs only the graph.
    report: Report | None = None


@dataclass(frozen=True)
class Artifact:
    name: str
    media_type: str
    title: str
    role: Role
    produce: Callable[[Release], bytes]
    #: Writes the same bytes as ``produce`` straight into a file, for a file too large to hold whole.
    stream: Callable[[Release, Path], None] | None = None


@dataclass(frozen=True)
class Written:
    """A file the build wrote into its staging folder, with the row that produced it."""

    path: Path
    artifact: Artifact


def _graph_artifact(fmt: Format) -> Artifact:
    role = Role.DUMP if fmt.dump else Role.DISTRIBUTION
    return Artifact(
        fmt.filename,
        fmt.media_type,
        fmt.title,
        role,
        lambda r: render(r.knowledge, fmt),
        lambda r, path: write_file(r.knowledge, fmt, path),
    )


def _context(r: Release) -> bytes:
    return (json.dumps(context(r.knowledge.prefixes), indent=1) + "\n").encode()


def _report(r: Release) -> bytes:
    if r.report is None:
        raise ValueError("validation.ttl needs the validation report")
    return format_report(r.report, fmt="turtle").encode("utf-8")


def _ontology_file() -> Path:
    (ontology,) = (p for p in ontology_files() if p.name == "kg.ttl")
    return ontology


def _queries(r: Release) -> bytes:
    return render_graph(queries_as_rdf(list_queries(), base=r.knowledge.config.base))


def _copy(path: Path) -> Callable[[Release], bytes]:
    return lambda _: path.read_bytes()


def artifacts() -> list[Artifact]:
    """Every file a build publishes besides ``void.ttl`` and the source articles, in the order written."""
    rows = [_graph_artifact(fmt) for fmt in RDF_FORMATS]
    rows.append(
        Artifact(CONTEXT_FILE, "application/ld+json", "JSON-LD context of graph.jsonld", Role.CONTEXT, _context)
    )
    ontology = _ontology_file()
    rows.append(Artifact("ontology.ttl", "text/turtle", "The kg ontology (OWL 2)", Role.STANDARD, _copy(ontology)))
    rows.append(
        Artifact(
            "ontology.html",
            "text/html",
            "Documentation of the kg ontology",
            Role.PAGE,
            lambda _: ontology_html(ontology).encode(),
        )
    )
    for shapes in sorted(data_dir("shapes").glob("*.ttl")):
        rows.append(Artifact(shapes.name, "text/turtle", f"SHACL shapes ({shapes.stem})", Role.STANDARD, _copy(shapes)))
    rows.append(
        Artifact(
            "validation.ttl",
            "text/turtle",
            "SHACL validation report (warnings a curator may review)",
            Role.RELATION,
            _report,
        )
    )
    rows.append(
        Artifact("queries.ttl", "text/turtle", "Example SPARQL queries (sh:SPARQLExecutable)", Role.RELATION, _queries)
    )
    return rows


def changes_artifact(previous_version: str | None, changes: bytes) -> Artifact:
    """``changes.ttl``: the change sets since the previous release, a document about the data."""
    title = f"Changes since release {previous_version} (Changeset vocabulary)"
    return Artifact(CHANGES_FILE, "text/turtle", title, Role.RELATION, lambda _: changes)


def write_artifacts(stage: Path, release: Release, rows: Sequence[Artifact] | None = None) -> list[Written]:
    """Write every file of ``rows`` (default: :func:`artifacts`) into ``stage``."""
    written = []
    for artifact in artifacts() if rows is None else rows:
        path = stage / artifact.name
        if artifact.stream is not None:
            artifact.stream(release, path)
        else:
            path.write_bytes(artifact.produce(release))
        written.append(Written(path, artifact))
    return written
