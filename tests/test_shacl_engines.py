"""pyshacl-turbo, the default SHACL engine, reports exactly what pyshacl, the reference, reports,
whether it reads an rdflib graph or the build's sorted N-Triples rows.

It was adopted on this condition, so the comparison covers every SHACL case (data and ontology),
the seed, every test article and a synthetic corpus: the same results (severity, shape, focus,
path, value, message, source line) and isomorphic report graphs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.errors import ShapesError
from kg.publish.knowledge import Inputs, Knowledge, knowledge
from kg.rdf.ontology import load_ontology
from kg.rdf.read import read_union_graph
from kg.validation.report import Report
from kg.validation.shacl import SHACL_ENGINES, check_ontology, load_ontology_shapes, load_shapes, validate
from tests.shacl import BASE, CASES, ONTOLOGY_CASES, read_case, sorted_data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ARTICLES = sorted(p for folder in ("articles", "wikipedia", "wild") for p in (DATA / folder).glob("*.txt"))


@cache
def data_shapes() -> Graph:
    return load_shapes()


def same_reports(reference: Report, other: Report) -> None:
    assert other.results == reference.results
    assert isomorphic(other.graph, reference.graph)


def both(run) -> tuple[Report, Report]:
    return run("pyshacl"), run("turbo")


def test_the_engines_are_the_reference_and_the_default():
    assert SHACL_ENGINES == ("turbo", "pyshacl")


def same_every_way(k: Knowledge, *, reference_on_rows: bool = False) -> Report:
    """The reference (pyshacl on the rdflib graph) against pyshacl-turbo on each form of the data: the
    rdflib graph, the build's sorted rows (:meth:`Knowledge.validation_data`) and those rows in a
    process of its own, as a large build runs it; the reference returned. pyshacl on the rows
    (``reference_on_rows``) reads the very rdflib graph the reference read, so it is run only where
    it is cheap: it checks the way there, not the engine."""
    reference = validate(k.graph, sources=k.sources, engine="pyshacl")
    if reference_on_rows:
        same_reports(reference, validate(k.validation_data(), sources=k.sources, engine="pyshacl"))
    same_reports(reference, validate(k.validation_data(), sources=k.sources, engine="turbo"))
    same_reports(reference, validate(k.validation_data(isolate=True), sources=k.sources, engine="turbo"))
    same_reports(reference, validate(k.graph, sources=k.sources, engine="turbo"))
    return reference


def test_an_unknown_engine_is_refused_by_name():
    with pytest.raises(ShapesError, match="unknown SHACL engine 'fast'"):
        validate(read_union_graph(BASE), shapes=data_shapes(), engine="fast")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_both_engines_report_the_same_results_on_every_data_case(path: Path):
    graph = read_union_graph(BASE) + read_case(path).graph
    reference, turbo = both(lambda engine: validate(graph, shapes=data_shapes(), engine=engine))
    assert reference.results  # each case breaks a shape: the comparison is not of two empty reports
    same_reports(reference, turbo)
    # as the build gives it: sorted rows, only the statements the shapes can read (kg.validation.reads)
    same_reports(reference, validate(sorted_data(graph), shapes=data_shapes(), engine="turbo"))


@pytest.mark.parametrize("path", ONTOLOGY_CASES, ids=[p.stem for p in ONTOLOGY_CASES])
def test_both_engines_report_the_same_results_on_every_ontology_case(path: Path):
    case = read_case(path, default_file=path.name)
    shapes = load_ontology_shapes()
    if case.check == "data":
        reference, turbo = both(lambda e: check_ontology(load_ontology(), case.graph, shapes=shapes, engine=e))
    else:
        reference, turbo = both(lambda e: check_ontology(case.graph, shapes=shapes, sources=[path], engine=e))
    same_reports(reference, turbo)


def test_both_engines_report_the_same_results_on_the_seed_and_every_test_article():
    k = knowledge(Inputs(sources=[ROOT / "sources" / "ecsite.txt", *ARTICLES], source_dir=ROOT / "sources"))
    assert same_every_way(k).results


def test_both_engines_report_the_same_results_on_a_synthetic_corpus():
    k = knowledge(Inputs(sources=[DATA / "corpus"], source_dir=ROOT / "sources"))
    assert same_every_way(k).results


@pytest.mark.parametrize("text", ["Fo\\unded", "a\\\\b", "\\u0022", 'say "hi"', "two\nlines", "} UNION {"])
def test_both_engines_report_the_same_message_for_a_value_with_escapes(tmp_path: Path, text: str):
    """pyshacl-turbo was seen to double a backslash it puts into a message: such reports are pyshacl's."""
    article = tmp_path / "hostile.txt"
    article.write_text(f"= Test Network =\n\nTN\n- {text.splitlines()[0]}: {text}\n\nTest Network is a network.\n")
    k = knowledge(Inputs(sources=[article], source_dir=tmp_path))
    reference = same_every_way(k, reference_on_rows=True)
    assert any(text.splitlines()[0] in r.message for r in reference.results)


def test_the_sorted_rows_answer_the_locators_questions_as_the_rdflib_graph_does():
    k = knowledge(Inputs(sources=[ROOT / "sources" / "ecsite.txt"], source_dir=ROOT / "sources"))
    rows, graph = k.encoded, k.graph
    subjects = sorted({s for s, _, _ in graph}, key=str)
    predicates = sorted({p for _, p, _ in graph}, key=str)
    assert len(subjects) > 10 and len(predicates) > 10
    for s in subjects[:: max(1, len(subjects) // 40)]:
        for p in predicates:
            assert sorted(rows.objects(s, p), key=str) == sorted(graph.objects(s, p), key=str)
    for p in predicates:
        assert sorted(rows.subject_objects(p)) == sorted(graph.subject_objects(p))
    for o in {o for _, _, o in graph.triples((None, RDF.type, None))}:
        assert sorted(rows.subjects(RDF.type, o)) == sorted(graph.subjects(RDF.type, o))


def test_shapes_the_isolated_engine_cannot_use_are_a_shapes_error_not_an_internal_one():
    k = knowledge(Inputs(sources=[ROOT / "sources" / "ecsite.txt"], source_dir=ROOT / "sources"))
    broken = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <https://w3id.org/kg/ontology#Network> ;
            sh:property [ sh:path <http://schema.org/name> ; sh:pattern "(" ] .""",
        format="turtle",
    )
    messages = []
    for isolate in (False, True):
        with pytest.raises(ShapesError, match=r"cannot validate with these shapes: .*pattern") as raised:
            validate(k.validation_data(isolate=isolate), shapes=broken, sources=k.sources, engine="turbo")
        messages.append(str(raised.value))
    assert messages[0] == messages[1]  # the worker's reason, as the engine gave it in-process
