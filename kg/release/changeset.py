"""A diff as RDF: one ``cs:ChangeSet`` per entity, in the Changeset vocabulary, and PROV for renames.

Each change set (``http://purl.org/vocab/changeset/schema#``) names its ``cs:subjectOfChange``,
says why in ``cs:changeReason``, and lists the triples it adds (``cs:addition``) and removes
(``cs:removal``) as ``rdf:Statement``s. A renamed entity has two, one removing the triples of its
old IRI and one adding those of its new IRI, and ``<new> prov:wasRevisionOf <old>``. Applying the
removals and additions to the old graph gives the new one.

No wall-clock time is written (``cs:createdDate`` is left out) and no blank nodes: every node has
an IRI minted from what it stands for. Under a release (``{dataset}/{version}``) the change set of
``{base}organisation/x`` is ``{release}/changes/organisation/x`` and each statement a fragment of
it with a hash of the triple; without one (two bare graph files), ``urn:uuid:`` IRIs derived
(UUID 5) from the changes themselves, so the same changes always get the same IRIs.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.rdf.oxterms import from_oxigraph
from kg.rdf.turtle import TurtleWriter, nt
from kg.release.diff import ADDED, CHANGED, MOVED, REMOVED, RENAMED, Diff, Value
from kg.release.terms import CHANGESET, prefixes

CS = Namespace(CHANGESET)
_REASONS = {
    ADDED: "added",
    REMOVED: "removed",
    CHANGED: "changed",
    MOVED: "moved in its source: only the source lines it was read from (prov:wasDerivedFrom) changed",
}


def changeset(diff: Diff, *, release: str | None) -> Graph:
    """The change sets of ``diff``, minted under ``release`` (a release IRI) or as ``urn:uuid:`` IRIs."""
    mint = _under(release, diff.base) if release else _uuids(diff)
    g = Graph(bind_namespaces="none")
    for e in diff.entities:
        if e.kind == RENAMED:
            assert e.previous is not None
            old, new = URIRef(e.previous), URIRef(e.iri)
            _set(g, mint, old, f"renamed to <{e.iri}>", (), (*e.removed, *e.kept), release)
            _set(g, mint, new, f"renamed from <{e.previous}>", (*e.added, *e.kept), (), release)
            g.add((new, PROV.wasRevisionOf, old))
        else:
            _set(g, mint, URIRef(e.iri), _REASONS[e.kind], e.added, e.removed, release)
    return g


def render_changeset(diff: Diff, *, release: str | None) -> bytes:
    """:func:`changeset` as sorted Turtle, with the project's prefixes and ``cs:``."""
    buffer = io.StringIO()
    TurtleWriter(prefixes(diff.base, diff.iris())).write(changeset(diff, release=release), buffer)
    return buffer.getvalue().encode("utf-8")


Mint = Callable[[str, str], URIRef]


def _set(
    g: Graph,
    mint: Mint,
    subject: URIRef,
    reason: str,
    additions: tuple[Value, ...],
    removals: tuple[Value, ...],
    release: str | None,
) -> None:
    cs = mint(str(subject), "")
    g.add((cs, RDF.type, CS.ChangeSet))
    g.add((cs, CS.subjectOfChange, subject))
    g.add((cs, CS.changeReason, Literal(reason, lang="en")))
    if release:
        g.add((cs, DCTERMS.isPartOf, URIRef(release)))
    for link, values in ((CS.addition, additions), (CS.removal, removals)):
        for v in values:
            obj = from_oxigraph(v.node)
            triple = (subject, URIRef(v.property), obj)
            statement = mint(str(subject), f"{link.removeprefix(CHANGESET)} {' '.join(nt(t) for t in triple)}")
            g.add((cs, link, statement))
            g.add((statement, RDF.type, RDF.Statement))
            g.add((statement, RDF.subject, subject))
            g.add((statement, RDF.predicate, triple[1]))
            g.add((statement, RDF.object, obj))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _under(release: str, base: str | None) -> Mint:
    """``{release}/changes/{the entity's IRI under the base}``, its statements ``#{kind}-{hash}``."""

    def mint(subject: str, statement: str) -> URIRef:
        local = subject[len(base) :] if base and subject.startswith(base) else f"iri-{_digest(subject)}"
        iri = f"{release}/changes/{local}"
        kind, _, triple = statement.partition(" ")
        return URIRef(f"{iri}#{kind}-{_digest(triple)}" if statement else iri)

    return mint


def _uuids(diff: Diff) -> Mint:
    """``urn:uuid:`` IRIs, UUID 5 of the subject (and statement), in a namespace derived from the changes."""
    lines = sorted(
        f"{kind} {e.previous or ''} {e.iri} {v.property} {v.term}"
        for e in diff.entities
        for kind, values in (("+", e.added), ("-", e.removed), ("=", e.kept))
        for v in values
    )
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "kg:changes:" + hashlib.sha256("\n".join(lines).encode()).hexdigest())

    def mint(subject: str, statement: str) -> URIRef:
        return URIRef(f"urn:uuid:{uuid.uuid5(namespace, subject + chr(10) + statement)}")

    return mint
