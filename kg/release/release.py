"""Releases: ``kg diff`` between two builds or graphs, and a build compared with its previous release.

A build made with a previous release (``kg build --previous DIR``, or ``[release] previous`` in
``dataset.toml``) is compared with it before anything is written. The comparison gives the
release's ``changes.ttl`` (:mod:`kg.release.changeset`), the lines ``void.ttl`` gets
(:meth:`Release.description`: ``prov:wasRevisionOf`` and ``dcat:previousVersion`` the previous
release's IRI, ``{dataset}/{version}``, and a ``kgo:ClassChanges`` per class with its counts),
and the alarm: a class that loses more than ``max_loss`` of its previous entities.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

from kg.core.vocab import KGO
from kg.errors import ReleaseError
from kg.release.changeset import render_changeset
from kg.release.diff import REMOVED, Diff, compare
from kg.release.read import Identity, read_side, side_from_ntriples
from kg.release.summary import ReleaseSummary, counts_text, format_summary, summarise
from kg.release.terms import Vocabulary, compactor
from kg.source.config import Config

#: The formats of ``kg diff``.
DIFF_FORMATS = ("text", "json", "turtle")
CHANGES_FILE = "changes.ttl"
_DCAT3 = str(DCAT)


@dataclass(frozen=True)
class Compared:
    """What ``kg diff`` prints, and whether the two sides differ (its exit code)."""

    diff: Diff
    output: str

    @property
    def differs(self) -> bool:
        return self.diff.differs


def diff_releases(*, old: Path, new: Path, fmt: str = "text") -> Compared:
    """Compare two build folders or graph files; ``fmt`` is one of :data:`DIFF_FORMATS`."""
    if fmt not in DIFF_FORMATS:
        raise ReleaseError(f"unknown diff format {fmt!r}; expected one of {', '.join(DIFF_FORMATS)}")
    diff = compare(read_side(old), read_side(new))
    if fmt == "turtle":
        return Compared(diff, render_changeset(diff, release=diff.new.identity.version_iri).decode("utf-8"))
    return Compared(diff, format_summary(summarise(diff), fmt=fmt))


@dataclass(frozen=True)
class Loss:
    """A class that lost more of its entities than the configuration allows."""

    cls: str
    name: str
    removed: int
    before: int
    max_loss: float
    #: The first few of the removed entities, as prefixed names.
    examples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.removed / self.before

    def __str__(self) -> str:
        more = ", …" if self.removed > len(self.examples) else ""
        return (
            f"removes {self.removed} of the {self.before} {self.name} entities of the previous release "
            f"({self.share:.1%}: {', '.join(self.examples)}{more}), more than [release] max_loss = "
            f"{self.max_loss:g} allows"
        )


@dataclass(frozen=True)
class Release:
    """A build compared with its previous release."""

    diff: Diff
    config: Config
    #: The previous release's build folder.
    previous: Path

    @property
    def dataset(self) -> str:
        return self.config.base + "dataset"

    @property
    def iri(self) -> str:
        """This release's IRI, ``{dataset}/{version}``, under which its change sets are minted."""
        iri = Identity(dataset=self.dataset, version=self.config.version).version_iri
        assert iri is not None
        return iri

    @property
    def previous_identity(self) -> Identity:
        return self.diff.old.identity

    def losses(self) -> list[Loss]:
        """The classes whose removed entities exceed ``max_loss`` of their number before."""
        compact = compactor(self.diff.base, self.diff.iris())
        removed = [e for e in self.diff.entities if e.kind == REMOVED]
        return [
            Loss(
                c.cls,
                compact.text(c.cls),
                c.removed,
                c.before,
                self.config.max_loss,
                tuple(compact.text(e.iri) for e in removed if e.cls == c.cls)[:5],
            )
            for c in self.diff.classes
            if c.before and c.removed / c.before > self.config.max_loss
        ]

    def notices(self) -> list[str]:
        """What the build should say about the comparison (the alarm's warnings among them)."""
        found = [f"release {self.config.version} {loss}" for loss in self.losses()]
        if self.previous_identity.version == self.config.version:
            found.append(
                f"the previous release has the same version, {self.config.version}, as this build; a new "
                "release needs a new [dataset] version in dataset.toml"
            )
        return found

    def headline(self) -> str:
        totals = summarise(self.diff).totals
        return f"compared with release {self.previous_identity.version} ({self.previous}): {counts_text(totals)}"

    def summary(self) -> ReleaseSummary:
        """The release notes: counts per class and each entity's change (for a site page, say)."""
        return summarise(self.diff)

    def changes(self) -> bytes:
        """``changes.ttl``: the change sets from the previous release to this one."""
        return render_changeset(self.diff, release=self.iri)

    def description(self) -> Graph:
        """What ``void.ttl`` says of the release: its previous version and its changes per class."""
        ds, prev = URIRef(self.dataset), self.previous_identity
        assert prev.version_iri is not None and prev.dataset is not None
        previous = URIRef(prev.version_iri)
        g = Graph(bind_namespaces="none")
        g.add((ds, PROV.wasRevisionOf, previous))
        g.add((ds, URIRef(_DCAT3 + "previousVersion"), previous))  # DCAT 3
        g.add((previous, RDF.type, DCAT.Dataset))
        g.add((previous, URIRef(_DCAT3 + "version"), Literal(prev.version)))
        g.add((previous, DCTERMS.isVersionOf, URIRef(prev.dataset)))
        compact = compactor(self.diff.base, self.diff.iris())
        for c in self.diff.classes:
            name = compact(c.cls)
            local = name.replace(":", "-", 1) if name else hashlib.sha256(c.cls.encode()).hexdigest()[:12]
            node = URIRef(f"{self.iri}/changes/class/{local}")
            g.add((ds, KGO.classChanges, node))
            g.add((node, RDF.type, KGO.ClassChanges))
            g.add((node, KGO.changedClass, URIRef(c.cls)))
            for prop, n in (
                (KGO.entitiesBefore, c.before),
                (KGO.entitiesAdded, c.added),
                (KGO.entitiesRemoved, c.removed),
                (KGO.entitiesChanged, c.changed),
                (KGO.entitiesRenamed, c.renamed),
                (KGO.entitiesMoved, c.moved),
            ):
                g.add((node, prop, Literal(n, datatype=XSD.integer)))
        return g


def compare_release(*, previous: Path, ntriples: bytes, config: Config, out: Path) -> Release:
    """The graph a build is about to publish (its N-Triples) compared with the previous release's build folder."""
    if not previous.is_dir():
        raise ReleaseError(f"{previous}: no such folder; expected the build folder of the previous release")
    old = read_side(previous)
    if old.identity.version is None or old.identity.dataset is None:
        raise ReleaseError(
            f"{previous}: has no void.ttl giving its dataset and version (dcat:version); expected the build "
            "folder of the previous release, as kg build wrote it"
        )
    identity = Identity(dataset=config.base + "dataset", version=config.version, base=config.base)
    new = side_from_ntriples(ntriples, path=out, identity=identity)
    return Release(diff=compare(old, new, vocabulary=Vocabulary.from_ontology()), config=config, previous=previous)
