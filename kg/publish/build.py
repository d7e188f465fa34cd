"""The build: the assembled graph, validated, written with every published file into ``dist/``.

With a previous release the graph is first compared with it (:mod:`kg.release`): the build then
also publishes ``changes.ttl`` and says in ``void.ttl`` what it is a revision of and what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF

from kg.core.collector import fewer_collections
from kg.core.defaults import DEFAULT_OUT
from kg.core.progress import SILENT, Progress
from kg.errors import ReleaseError, ValidationFailed
from kg.mapping.sink import Notice
from kg.publish.artifacts import Release, Role, Written, artifacts, changes_artifact, write_artifacts
from kg.publish.knowledge import Inputs, Knowledge, knowledge
from kg.publish.meanwhile import meanwhile
from kg.publish.staging import staged, write_atomically
from kg.publish.void import add_landing_page, describe
from kg.query.catalogue import StoredQuery, list_queries
from kg.rdf.formats import BY_NAME, render
from kg.rdf.graphs import render_graph
from kg.rdf.ontology import load_ontology
from kg.rdf.turtle import nt
from kg.release import compare_release
from kg.site import SITE, SiteInput, WrittenSite, write_site
from kg.site.reuse import Reuse, record_path
from kg.site.reuse import save as save_record
from kg.validation.report import Report, format_report
from kg.validation.shacl import DEFAULT_ENGINE, validate

if TYPE_CHECKING:
    import kg.release  # its Release, this build compared with the previous one (not artifacts.Release)


@dataclass
class BuildResult:
    out: Path
    knowledge: Knowledge
    files: list[Path]
    report: Report
    #: The comparison with the previous release, when there was one (``previous``).
    release: kg.release.Release | None = None
    #: Every file of the linked-data site, relative to ``out`` (``site/...``), in the order of sorted paths.
    site: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Exported:
    """One serialisation of a validated graph (``kg export``), with what the build has to say about it."""

    data: bytes
    knowledge: Knowledge
    #: The validation report: no violations, maybe warnings and infos.
    report: Report


def _example(k: Knowledge) -> URIRef | None:
    topic, terms = nt(FOAF.primaryTopic), k.encoded.terms
    topics = sorted(str(terms[o]) for _, p, o in k.encoded.rows if p == topic and o.startswith("<"))
    return URIRef(topics[0]) if topics else None


def build(
    inputs: Inputs,
    *,
    out: Path = DEFAULT_OUT,
    previous: Path | None = None,
    progress: Progress = SILENT,
    shacl_engine: str = DEFAULT_ENGINE,
    jobs: int = 1,
) -> BuildResult:
    """Build the knowledge graph and publish it into ``out``; on any error ``out`` is left untouched.

    With a ``previous`` release (else ``[release] previous`` of the configuration) the graph is
    compared with it: ``changes.ttl`` is written and ``void.ttl`` says what changed; a class that
    loses more than ``[release] max_loss`` of its entities is a warning, and with ``inputs.strict``
    an error (:class:`~kg.errors.ReleaseError`, nothing written).

    With ``jobs`` above one the serialisations are written in a second process while this one
    validates (:mod:`kg.publish.meanwhile`); the files are the same. The cycle collector runs less
    often meanwhile (:mod:`kg.core.collector`).
    """
    with fewer_collections():
        return _build(inputs, out=out, previous=previous, progress=progress, shacl_engine=shacl_engine, jobs=jobs)


def _build(
    inputs: Inputs, *, out: Path, previous: Path | None, progress: Progress, shacl_engine: str, jobs: int
) -> BuildResult:
    k = knowledge(inputs, progress=progress)
    progress.count("triples", len(k.encoded))  # encoded here, before a child process writes from it
    k.forget_parts()  # the encoded rows are all the build reads from here on
    report_path = out.parent / f"{out.name}.validation.ttl"
    with staged(out) as stage:
        rows = artifacts()
        first = [a for a in rows if a.role in (Role.DUMP, Role.DISTRIBUTION)]  # need only the graph
        # the serialisations are written in another process while this one validates
        progress.stage("validating and writing the graph")
        with meanwhile(lambda: write_artifacts(stage, Release(knowledge=k), first), parallel=jobs > 1):
            report = validate(k.validation_data(), sources=k.sources, engine=shacl_engine)
            if not report.conforms:
                # The report goes beside the output folder, which is left exactly as it was.
                write_atomically(report_path, format_report(report, fmt="turtle").encode("utf-8"))
                raise ValidationFailed(
                    f"the graph violates its shapes ({len(report.violations)} violation(s)); {out}/ was not changed; "
                    f"report: {report_path}",
                    report=report,
                    notices=[*k.config.notices, *k.notices],
                )
        k.forget_graph()
        release = _release(k, previous or k.config.previous, out, strict=inputs.strict)
        progress.stage("writing files")
        if release is not None:
            rows.append(changes_artifact(release.previous_identity.version, release.changes()))
        rest = write_artifacts(stage, Release(knowledge=k, report=report), [a for a in rows if a not in first])
        done = {w.artifact.name: w for w in rest} | {a.name: Written(stage / a.name, a) for a in first}
        written = [done[a.name] for a in rows]
        # the articles themselves, so that every prov:wasDerivedFrom <…/source/FILE#line=…> can be read
        (stage / "source").mkdir()
        copies = [stage / "source" / p.name for p in k.sources]
        for source, copy in zip(k.sources, copies, strict=True):
            copy.write_bytes(source.read_bytes())
        void = describe(
            graph=k.encoded, config=k.config, prefixes=k.prefixes, sources=copies, files=written, example=_example(k)
        )
        if release is not None:
            void += release.description()
        progress.stage("writing the site")
        cache = inputs.article_stage.cache
        record = record_path(cache, out / SITE) if cache is not None else None
        reuse = Reuse.load(record, out.resolve() / SITE) if record is not None else None
        site = _site(stage, k, report, void, list_queries(), release, reuse)
        progress.count("entity pages kept", site.reused)
        (stage / "void.ttl").write_bytes(render_graph(void))
        names = sorted(p.name for p in stage.iterdir())
    if record is not None:  # the site is in place: its files are those the record names
        save_record(record, site.salt, site.entries)
    report_path.unlink(missing_ok=True)  # the report of an earlier failed build no longer applies
    return BuildResult(
        out=out,
        knowledge=k,
        files=[out / f for f in names],
        report=report,
        release=release,
        site=site.files,
    )


def _release(k: Knowledge, previous: Path | None, out: Path, *, strict: bool) -> kg.release.Release | None:
    """The comparison with the previous release, or None.

    A class losing more than ``max_loss`` is a warning; with ``strict`` (``kg build --strict``, for
    which every warning is an error) it fails the build. The comparison reads the N-Triples the
    build publishes (the same bytes, rendered from the same encoded graph).
    """
    if previous is None:
        return None
    ntriples = render(k, BY_NAME["ntriples"])
    release = compare_release(previous=previous, ntriples=ntriples, config=k.config, out=out)
    losses = release.losses()
    if strict and losses:
        raise ReleaseError(
            f"release {k.config.version} {'; and '.join(str(loss) for loss in losses)} ({previous}); "
            f"{out}/ was not changed; if the loss is intended, raise [release] max_loss in dataset.toml"
        )
    k.notices.extend(Notice(previous, 0, message) for message in release.notices())
    return release


def _site(
    stage: Path,
    k: Knowledge,
    report: Report,
    void: Graph,
    stored: list[StoredQuery],
    release: kg.release.Release | None,
    reuse: Reuse | None = None,
) -> WrittenSite:
    """Write the site into the staging folder (its home page built from ``void``, then added to it as the
    dataset's landing page); the site's files, relative to the output folder, and its record."""
    written = write_site(
        stage / SITE,
        SiteInput(
            triples=k.encoded.rows,
            terms=k.encoded.terms,
            base=k.config.base,
            prefixes=k.prefixes,
            language=k.config.language,
            downloads=k.config.downloads,
            sources=[stage / "source" / p.name for p in k.sources],
            report=report,
            void=void,
            ontology=load_ontology(),
            queries=stored,
            ntriples=stage / "graph.nt",
            release=release.summary() if release is not None else None,
            reuse=reuse,
        ),
    )
    home = f"{SITE}/index.html"
    add_landing_page(
        void, config=k.config, path=stage / home, name=home, title="The knowledge graph's site (home page)"
    )
    return replace(written, files=[f"{SITE}/{p}" for p in written.files])


def export(inputs: Inputs, *, fmt: str, shacl_engine: str = DEFAULT_ENGINE) -> Exported:
    """The knowledge graph of the sources in one of :data:`~kg.rdf.formats.RDF_FORMATS`, validated as ``build`` does.

    With violations this raises :class:`~kg.errors.ValidationFailed` (its report attached) and
    nothing is rendered. The data stands alone: JSON-LD carries its context inline, since no
    ``context.jsonld`` is written beside it.
    """
    k = knowledge(inputs)
    report = validate(k.validation_data(), sources=k.sources, engine=shacl_engine)
    if not report.conforms:
        raise ValidationFailed(
            f"the graph violates its shapes ({len(report.violations)} violation(s)); nothing was written",
            report=report,
            notices=[*k.config.notices, *k.notices],
        )
    return Exported(data=render(k, BY_NAME[fmt], standalone=True), knowledge=k, report=report)
