"""The build: sources → document model → triples → IRIs → materialised graph → files in ``dist/``."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF
from rdflib.term import Node

from kg.core.iris import Minter, Ref, graph_iri
from kg.core.resources import data_dir
from kg.errors import KgError, SourceError, ValidationFailed
from kg.mapping.article import map_article
from kg.mapping.sink import ArticleGraph, Notice, Triple
from kg.publish.docs import ontology_html
from kg.publish.materialise import Hierarchy
from kg.publish.ontology import load_ontology, ontology_files
from kg.publish.staging import staged, write_atomically
from kg.publish.void import describe
from kg.query.catalogue import list_queries, queries_as_rdf
from kg.rdf.formats import BY_NAME, FORMATS, Exported, new_graph, prefixes_for, render, render_graph
from kg.rdf.jsonld import CONTEXT_FILE, context
from kg.source.aliases import Aliases, load_aliases
from kg.source.config import Config, load_config
from kg.source.parse import parse_file
from kg.validation.report import Report, format_report
from kg.validation.shacl import validate

DEFAULT_SOURCES = Path("sources")
DEFAULT_OUT = Path("dist")


@dataclass
class Knowledge:
    """The assembled graph of a set of sources, before anything is written."""

    graph: Graph
    config: Config
    sources: list[Path]
    #: Prefixes for serialisations, in the order they are written.
    prefixes: dict[str, str] = field(default_factory=dict)
    #: The triples of each source article, by named-graph IRI (for N-Quads, TriG and per-graph loading).
    parts: dict[URIRef, set[tuple[Node, Node, Node]]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


@dataclass
class BuildResult:
    out: Path
    knowledge: Knowledge
    files: list[Path]
    report: Report


def source_paths(sources: Sequence[Path] | None, source_dir: Path) -> list[Path]:
    """The files to read: those given (folders expanded to their ``*.txt``), else ``source_dir/*.txt``."""
    paths: list[Path] = []
    for given in sources or [source_dir]:
        if given.is_dir():
            paths.extend(sorted(given.glob("*.txt")))
        elif given.is_file():
            paths.append(given)
        else:
            raise SourceError(
                "no such file or folder; expected a source article (.txt) or a folder of them", path=given
            )
    if not paths:
        raise KgError(f"no source articles (*.txt) found in {', '.join(str(s) for s in sources or [source_dir])}")
    names: dict[str, Path] = {}
    for p in paths:
        if p.name in names and names[p.name].resolve() != p.resolve():
            raise SourceError(f"has the same file name as {names[p.name]}; source file names must be unique", path=p)
        names[p.name] = p
    return sorted(set(paths), key=lambda p: (p.name, str(p)))


def _resolve(triples: Iterable[Triple], mint: Minter) -> Iterator[tuple[Node, Node, Node]]:
    for s, p, o in triples:
        yield (
            mint(s) if isinstance(s, Ref) else s,
            mint(p) if isinstance(p, Ref) else p,
            mint(o) if isinstance(o, Ref) else o,
        )


def _placed_cities(refs: Iterable[Ref]) -> dict[Ref, Ref]:
    """A city named without its country is the city of that name some article places in a country,
    when exactly one such city exists ("Wien" in one article, "Wien, Austria" in another)."""
    placed: dict[str, list[Ref]] = defaultdict(list)
    bare = []
    for ref in refs:
        if ref.kind == "city":
            if len(ref.key) == 2:
                placed[ref.key[1].casefold()].append(ref)
            else:
                bare.append(ref)
    return {ref: placed[ref.key[0].casefold()][0] for ref in bare if len(placed[ref.key[0].casefold()]) == 1}


def assemble(paths: Sequence[Path], *, config: Config, aliases: Aliases, ontology: Graph | None = None) -> Knowledge:
    """Parse and map every source, mint IRIs, materialise the alignment: the whole graph, in memory."""
    mapped: list[ArticleGraph] = [map_article(parse_file(p), config=config, aliases=aliases) for p in paths]
    first_seen: dict[Ref, Path] = {}
    for m in mapped:
        for triple in m.triples:
            for t in triple:
                if isinstance(t, Ref):
                    first_seen.setdefault(t, m.path)
    mint = Minter(config.base, first_seen, same=_placed_cities(first_seen))
    hierarchy = Hierarchy.from_ontology(ontology if ontology is not None else load_ontology(), config.materialise)
    prefixes = prefixes_for(config.base, {r.kind for r in first_seen} | {"source"})
    graph = new_graph()
    parts: dict[URIRef, set[tuple[Node, Node, Node]]] = {}
    for m in mapped:
        part = parts[graph_iri(config.base, m.path)] = set(hierarchy.expand(_resolve(m.triples, mint)))
        for triple in part:
            graph.add(triple)  # type: ignore[arg-type]
    notices = sorted({n for m in mapped for n in m.notices})
    for path, group in mint.collisions:
        where = first_seen[group[0]]
        names = ", ".join(repr(r.key[-1]) for r in group)
        notices.append(
            Notice(
                where,
                0,
                f"the names {names} would share the IRI path {path!r}; the first keeps it, the others get a "
                "hash suffix; if they name the same entity, list one as an alias of the other in the alias file",
            )
        )
    return Knowledge(graph=graph, config=config, sources=list(paths), prefixes=prefixes, parts=parts, notices=notices)


def _example(k: Knowledge) -> URIRef | None:
    topics = sorted(o for o in k.graph.objects(None, FOAF.primaryTopic) if isinstance(o, URIRef))
    return topics[0] if topics else None


def knowledge(
    *,
    sources: Sequence[Path] | None = None,
    source_dir: Path = DEFAULT_SOURCES,
    base: str | None = None,
    config_path: Path | None = None,
    aliases_path: Path | None = None,
) -> Knowledge:
    """Read the configuration, alias list and sources, and assemble the graph (nothing is written)."""
    for given in (config_path, aliases_path):
        if given is not None and not given.is_file():
            raise SourceError("no such file", path=given)
    config = load_config(config_path or source_dir / "dataset.toml").with_base(base)
    alias_file = aliases_path or source_dir / "aliases.csv"
    k = assemble(source_paths(sources, source_dir), config=config, aliases=load_aliases(alias_file))
    if not alias_file.exists():  # the build works, but merges no differently written names
        message = "not found; no organisation names are merged (kg duplicates lists candidate pairs)"
        k.notices.insert(0, Notice(alias_file, 0, message))
    return k


def build(
    *,
    sources: Sequence[Path] | None = None,
    source_dir: Path = DEFAULT_SOURCES,
    out: Path = DEFAULT_OUT,
    base: str | None = None,
    config_path: Path | None = None,
    aliases_path: Path | None = None,
) -> BuildResult:
    """Build the knowledge graph and publish it into ``out``; on any error ``out`` is left untouched."""
    k = knowledge(sources=sources, source_dir=source_dir, base=base, config_path=config_path, aliases_path=aliases_path)
    report = validate(k.graph, sources=k.sources)
    report_path = out.parent / f"{out.name}.validation.ttl"
    if not report.conforms:
        # The report goes beside the output folder, which is left exactly as it was.
        write_atomically(report_path, format_report(report, fmt="turtle").encode("utf-8"))
        raise ValidationFailed(
            f"the graph violates its shapes ({len(report.violations)} violation(s)); {out}/ was not changed; "
            f"report: {report_path}",
            report=report,
            notices=[*k.config.notices, *k.notices],
        )
    with staged(out) as stage:
        files: list[tuple[Path, str, str]] = []

        def write(name: str, data: bytes, media_type: str, title: str) -> None:
            (stage / name).write_bytes(data)
            files.append((stage / name, media_type, title))

        for fmt in FORMATS:
            write(fmt.filename, render(k, fmt), fmt.media_type, fmt.title)
        context_json = json.dumps(context(k.prefixes), indent=1) + "\n"
        write(CONTEXT_FILE, context_json.encode(), "application/ld+json", "JSON-LD context of graph.jsonld")
        (ontology,) = (p for p in ontology_files() if p.name == "kg.ttl")
        write("ontology.ttl", ontology.read_bytes(), "text/turtle", "The kg ontology (OWL 2)")
        write("ontology.html", ontology_html(ontology).encode(), "text/html", "Documentation of the kg ontology")
        for shapes in sorted(data_dir("shapes").glob("*.ttl")):
            write(shapes.name, shapes.read_bytes(), "text/turtle", f"SHACL shapes ({shapes.stem})")
        report_text = format_report(report, fmt="turtle").encode("utf-8")
        write("validation.ttl", report_text, "text/turtle", "SHACL validation report (warnings a curator may review)")
        catalogue = queries_as_rdf(list_queries(), base=k.config.base)
        write("queries.ttl", render_graph(catalogue), "text/turtle", "Example SPARQL queries (sh:SPARQLExecutable)")
        # the articles themselves, so that every prov:wasDerivedFrom <…/source/FILE#line=…> can be read
        (stage / "source").mkdir()
        copies = [stage / "source" / p.name for p in k.sources]
        for source, copy in zip(k.sources, copies, strict=True):
            copy.write_bytes(source.read_bytes())
        void = describe(
            graph=k.graph, config=k.config, prefixes=k.prefixes, sources=copies, files=files, example=_example(k)
        )
        (stage / "void.ttl").write_bytes(render_graph(void))
        names = sorted(p.name for p in stage.iterdir())
    report_path.unlink(missing_ok=True)  # the report of an earlier failed build no longer applies
    return BuildResult(out=out, knowledge=k, files=[out / f for f in names], report=report)


def export(
    *,
    fmt: str,
    sources: Sequence[Path] | None = None,
    source_dir: Path = DEFAULT_SOURCES,
    base: str | None = None,
    config_path: Path | None = None,
    aliases_path: Path | None = None,
) -> Exported:
    """The knowledge graph of the sources in one of :data:`kg.rdf.formats.FORMATS`, validated as ``build`` does.

    With violations this raises :class:`~kg.errors.ValidationFailed` (its report attached) and
    nothing is rendered. The data stands alone: JSON-LD carries its context inline, since no
    ``context.jsonld`` is written beside it.
    """
    k = knowledge(sources=sources, source_dir=source_dir, base=base, config_path=config_path, aliases_path=aliases_path)
    report = validate(k.graph, sources=k.sources)
    if not report.conforms:
        raise ValidationFailed(
            f"the graph violates its shapes ({len(report.violations)} violation(s)); nothing was written",
            report=report,
            notices=[*k.config.notices, *k.notices],
        )
    return Exported(data=render(k, BY_NAME[fmt], standalone=True), knowledge=k, report=report)
