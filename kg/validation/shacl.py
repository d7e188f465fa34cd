"""Validate the knowledge graph against its SHACL shapes (``shapes/*.ttl``) and trace every result to a source line.

:func:`validate` checks a data graph against the data shapes; :func:`check_ontology` checks the
ontology (and, given data, that every kgo class the data uses is declared) against
``shapes/ontology-shapes.ttl``. Both return a :class:`~kg.validation.report.Report` whose results are sorted
and carry the focus node's label and the ``file:line`` it came from; :func:`format_report` writes it
as text, Turtle or JSON.

Two engines run the shapes (:data:`SHACL_ENGINES`): pyshacl, the reference, and pyshacl-turbo, the
same checks compiled to Rust, several times faster. pyshacl-turbo is the default because it
reports exactly the results pyshacl reports on every shape of ours: ``tests/test_shacl_engines.py``
compares the two on every SHACL case and on whole corpora. Either runs without inference and
without SHACL-AF (the graph is already materialised), on the caller's graph, and never fetches
anything: the shapes are local files and owl:imports are not followed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.core.resources import data_dir
from kg.core.vocab import KGO
from kg.errors import ShapesError
from kg.rdf.read import read_union_graph
from kg.validation.data import SortedData, lookup_of, namespaces_of, rdflib_graph
from kg.validation.isolated import SHACL_ENGINES, engine_function, isolated_report, run_engine, turbo_input
from kg.validation.locate import Locator
from kg.validation.reads import predicates_read
from kg.validation.reference import QueryCachingGraph, reference_input
from kg.validation.report import KGSH, Report, ValidationResult, canonical_report, path_text, term_text
from kg.validation.targets import engine_for, listed_targets

ONTOLOGY_SHAPES = "ontology-shapes.ttl"

DEFAULT_ENGINE = SHACL_ENGINES[0]


# -- loading -----------------------------------------------------------------------------------------


def shape_files(folder: Path | None = None, *, ontology: bool = False) -> list[Path]:
    """The data shape files of ``folder`` (default: the project's ``shapes/``), or with ``ontology`` its ontology shapes."""
    folder = folder or data_dir("shapes")
    files = sorted(p for p in folder.glob("*.ttl") if (p.name == ONTOLOGY_SHAPES) == ontology)
    if not files:
        what = ONTOLOGY_SHAPES if ontology else "data shapes (*.ttl)"
        raise ShapesError(f"{folder}: no {what} found")
    return files


def load_shapes(folder: Path | None = None) -> Graph:
    """The data shapes: every ``*.ttl`` of ``folder`` except ``ontology-shapes.ttl``."""
    return _load(shape_files(folder))


def load_ontology_shapes(folder: Path | None = None) -> Graph:
    """The shapes that check the ontology itself (``ontology-shapes.ttl``)."""
    return _load(shape_files(folder, ontology=True))


def _load(paths: Iterable[Path]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for path in paths:
        graph += read_union_graph(path)
    return graph


# -- validation --------------------------------------------------------------------------------------


def validate_file(
    *, graph: Path, shapes: Path | None = None, source_dir: Path | None = None, engine: str = DEFAULT_ENGINE
) -> Report:
    """Validate a built graph file (or a build folder's ``graph.ttl``), as ``kg validate`` does.

    The articles in ``source_dir`` (when there) let results point at the line of the offending value.
    """
    path = graph / "graph.ttl" if graph.is_dir() else graph
    data = read_union_graph(path)
    sources = sorted(source_dir.glob("*.txt")) if source_dir is not None and source_dir.is_dir() else []
    user_shapes = None
    if shapes is not None:
        user_shapes = load_shapes(shapes)
        check_shapes(user_shapes, where=shapes)
    return validate(data, shapes=user_shapes, sources=sources, engine=engine)


def check_shapes(shapes: Graph, *, where: Path | str) -> None:
    """Refuse shapes that are not well-formed SHACL (checked with the SHACL-for-SHACL shapes that
    pyshacl ships), so that a broken shape is an error (exit 2), not a set of bogus violations."""
    meta = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=_load([meta]), inference="none")
    if not conforms:
        details = "\n".join(line for line in str(text).splitlines() if "Message:" in line)
        raise ShapesError(f"{where}: the shapes are not well-formed SHACL:\n{details}")


def validate(
    data: Graph | SortedData,
    *,
    shapes: Graph | None = None,
    sources: Sequence[Path] = (),
    only: Sequence[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate ``data`` against ``shapes`` (default: :func:`load_shapes`) with one of :data:`SHACL_ENGINES`.

    ``sources`` are the article files the graph was built from (``Knowledge.sources``): with them,
    a result points at the line where the offending value is written, and carries the file's path.
    ``only`` restricts the run to the shapes with these IRIs (``kgsh:Name`` or full IRIs). ``data``
    may be the build's :class:`~kg.validation.data.SortedData` instead of an rdflib graph: the
    results are the same (``tests/test_shacl_engines.py``), without an rdflib graph for turbo.
    """
    shapes = shapes if shapes is not None else load_shapes()
    return _run(data, shapes, Locator(lookup_of(data), sources), only=_shape_iris(shapes, only), engine=engine)


def check_ontology(
    ontology: Graph,
    data: Graph | None = None,
    *,
    shapes: Graph | None = None,
    sources: Sequence[Path] = (),
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Check the ontology against ``ontology-shapes.ttl``; with ``data``, also that every kgo class it uses is declared.

    ``sources`` may name the ontology's Turtle files (a term's result then points at the line that
    defines it) and the article files of the data.
    """
    graph = Graph(bind_namespaces="none")
    graph += ontology
    if data is not None:
        for s, o in data.subject_objects(RDF.type):
            if isinstance(o, URIRef) and o.startswith(str(KGO)):
                graph.add((s, RDF.type, o))
    locator = Locator(data if data is not None else Graph(), sources, ontology=ontology)
    return _run(graph, shapes if shapes is not None else load_ontology_shapes(), locator, engine=engine)


def _shape_iris(shapes: Graph, names: Sequence[str] | None) -> list[str] | None:
    if names is None:
        return None
    declared = {str(s) for t in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, t)}
    iris = [str(KGSH) + n.removeprefix("kgsh:") if not n.startswith(("http:", "https:")) else n for n in names]
    if unknown := sorted(set(iris) - declared):
        raise ShapesError(f"no such shape: {', '.join(unknown)}")
    return iris


def _run(
    data: Graph | SortedData,
    shapes: Graph,
    locator: Locator,
    *,
    only: list[str] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    if not any(shapes.subjects(RDF.type, SH.NodeShape)) and not any(shapes.subjects(RDF.type, SH.PropertyShape)):
        raise ShapesError("the shapes graph declares no sh:NodeShape or sh:PropertyShape")
    if only is not None and not only:
        raise ShapesError("no shape selected")
    started = time.perf_counter()
    raw = _raw_report(data, shapes, engine=engine, only=only)
    if engine == "turbo" and any("\\" in str(m) for m in raw.objects(None, SH.resultMessage)):
        # pyshacl-turbo doubles a backslash it puts into a message ({?value} of a literal holding
        # one), the one place it was seen to differ from the reference: such a report is pyshacl's
        raw = _raw_report(data, shapes, engine="pyshacl", only=only)
    pairs = sorted(
        ((_result(raw, node, locator), node) for node in raw.subjects(RDF.type, SH.ValidationResult)),
        key=lambda pair: pair[0].sort_key(),
    )
    graph = canonical_report(raw, [node for _, node in pairs], namespaces_of(data))
    return Report(results=[r for r, _ in pairs], graph=graph, seconds=time.perf_counter() - started)


def _raw_report(data: Graph | SortedData, shapes: Graph, *, engine: str, only: list[str] | None) -> Graph:
    """The engine's own report graph."""
    engine = engine_for(engine, lookup_of(data))
    if engine == "turbo":  # its targets by predicate take quadratic time on a crowded node: listed instead
        shapes = listed_targets(shapes, lookup_of(data))
    given: object
    if isinstance(data, SortedData):  # the engine is given only the statements the shapes can read
        read = predicates_read(shapes, data.lookup)
        if data.isolate:
            return isolated_report(lambda out: data.write_ntriples(out, read), shapes, only=only, engine=engine)
    if engine == "turbo" and isinstance(data, SortedData):
        given = turbo_input(data.ntriples(read))
    else:
        graph = rdflib_graph(data)
        given = reference_input(graph) if engine == "pyshacl" else QueryCachingGraph.view_of(graph)
    return run_engine(engine_function(engine), given, shapes, only=only)


# -- turning pyshacl's report into results -----------------------------------------------------------


def _result(raw: Graph, node: Node, locator: Locator) -> ValidationResult:
    focus = raw.value(node, SH.focusNode)
    value = raw.value(node, SH.value)
    path = raw.value(node, SH.resultPath)
    severity = raw.value(node, SH.resultSeverity)
    shape = raw.value(node, SH.sourceShape)
    messages = sorted({str(m) for m in raw.objects(node, SH.resultMessage)})
    source, file = locator.locate(focus, value, path)
    return ValidationResult(
        severity=str(severity).removeprefix(str(SH)) if severity is not None else "Violation",
        shape=_node_id(shape),
        focus=_node_id(focus),
        focus_label=locator.label(focus),
        path=path_text(raw, path) if path is not None else None,
        # a node shape's result repeats the focus node as its value: say it once
        value=term_text(value) if value is not None and value != focus else None,
        message=" ".join(messages) or f"{_node_id(raw.value(node, SH.sourceConstraintComponent))} failed",
        source=source,
        file=file,
        component=_node_id(raw.value(node, SH.sourceConstraintComponent)),
    )


def _node_id(node: Node | None) -> str:
    if node is None:
        return ""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


# -- where a focus node comes from -------------------------------------------------------------------
