"""The SHACL shapes (shapes/*.ttl): each shape fails its cases, the seed graph conforms, the shapes are valid SHACL.

Cases live in tests/shacl/ (see tests/shacl/__init__.py for their header format). A data case is
validated together with tests/shacl/base.ttl, a graph that gives no result at all; the case adds
the triples that break one shape, and the report must hold exactly the results its header expects.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.publish.knowledge import Knowledge
from kg.rdf.ontology import load_ontology, ontology_files
from kg.rdf.read import read_union_graph as parse_file
from kg.validation.report import format_report
from kg.validation.shacl import check_ontology, load_ontology_shapes, load_shapes, validate
from tests.shacl import BASE, CASES, ONTOLOGY_CASES, Case, Expected, read_case

ROOT = Path(__file__).resolve().parent.parent
SHAPE_FILES = sorted((ROOT / "shapes").glob("*.ttl"))
KGSH = "https://w3id.org/kg/shapes#"
SEED_NETWORK = "https://w3id.org/kg/id/organisation/european-network-of-science-centres-and-museums"
SEED_ROAD_STEAMER = "https://w3id.org/kg/id/project/road-steamer_2022_2025"


@cache
def data_shapes() -> Graph:
    return load_shapes()


@cache
def ontology_shapes() -> Graph:
    return load_ontology_shapes()


@cache
def base() -> Graph:
    return parse_file(BASE)


def outcome(report) -> set[Expected]:
    return {Expected(r.severity, r.shape, r.focus, r.source) for r in report.results}


def declared_shapes(graph: Graph) -> set[URIRef | BNode]:
    return set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))


# -- the cases -------------------------------------------------------------------------------------


def test_base_graph_gives_no_result_at_all():
    report = validate(base(), shapes=data_shapes())
    assert report.results == [], [(r.shape, r.focus, r.message) for r in report.results]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path):
    case = read_case(path)
    report = validate(base() + case.graph, shapes=data_shapes())
    assert outcome(report) == case.expected
    # one result per problem: a value that breaks a shape is not reported twice by two constraints
    problems = [(r.shape, r.focus, r.value) for r in report.results]
    assert len(problems) == len(set(problems)), problems
    # what the curator reads: the shape's own message, the path, and the source line, in the text report
    text = format_report(report, fmt="text")
    for r in report.results:
        template = str(data_shapes().value(URIRef(r.shape), SH.message))  # "{?value}" is filled in
        pattern = ".+".join(re.escape(part) for part in re.split(r"\{\?\w+\}", template))
        assert re.fullmatch(pattern, r.message, re.S), (r.shape, r.message)
        shape_path = data_shapes().value(URIRef(r.shape), SH.path)
        assert shape_path is None or r.path is not None, r.shape
        assert r.message in text
        if r.source is not None:
            assert f"{r.source[0]}:{r.source[1]}:" in text
    assert report.conforms == all(e.severity != "Violation" for e in case.expected)


def _ontology_case_report(case: Case):
    if case.check == "data":
        return check_ontology(load_ontology(), case.graph, shapes=ontology_shapes())
    assert case.check == "ontology", f"{case.id}: say '# check: ontology' or '# check: data'"
    return check_ontology(case.graph, shapes=ontology_shapes(), sources=[case.path])


@pytest.mark.parametrize("path", ONTOLOGY_CASES, ids=[p.stem for p in ONTOLOGY_CASES])
def test_ontology_case(path: Path):
    case = read_case(path, default_file=path.name)
    assert outcome(_ontology_case_report(case)) == case.expected


def test_every_shape_has_a_failing_case():
    """A new shape without a case in tests/shacl/ fails here."""
    shapes = declared_shapes(data_shapes()) | declared_shapes(ontology_shapes())
    covered = {e.shape for p in CASES for e in read_case(p).expected}
    covered |= {e.shape for p in ONTOLOGY_CASES for e in read_case(p, default_file=p.name).expected}
    missing = sorted(str(s) for s in shapes if str(s) not in covered)
    assert not missing, f"shapes without a failing case in tests/shacl/: {missing}"
    assert covered <= {str(s) for s in shapes}, "a case expects a shape that does not exist"


def test_case_files_have_unique_expectations_and_parse():
    for path in CASES:
        case = read_case(path)
        assert case.expected, f"{path.name}: a data case must expect at least one result"
        assert {e.severity for e in case.expected} <= {"Violation", "Warning", "Info"}


# -- the shapes themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHAPE_FILES, ids=[p.name for p in SHAPE_FILES])
def test_shapes_conform_to_shacl_for_shacl(path: Path):
    """The shapes graph is valid SHACL: checked with the SHACL-SHACL shapes shipped inside pyshacl (no network)."""
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    assert shacl_shacl.is_file()
    conforms, _, text = pyshacl.validate(parse_file(path), shacl_graph=parse_file(shacl_shacl), inference="none")
    assert conforms, text


@pytest.mark.parametrize("path", SHAPE_FILES, ids=[p.name for p in SHAPE_FILES])
def test_shapes_are_named_documented_and_local(path: Path):
    graph = parse_file(path)
    assert not list(graph.triples((None, OWL.imports, None))), "shapes must not import anything"
    shapes = declared_shapes(graph)
    assert shapes
    for shape in shapes:
        assert isinstance(shape, URIRef) and shape.startswith(KGSH), f"shape without a kgsh: IRI: {shape}"
        for prop in (RDFS.label, RDFS.comment, SH.message, SH.severity):
            assert graph.value(shape, prop) is not None, f"{shape} has no {prop}"
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info)
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        assert any(graph.value(shape, t) is not None for t in targets), f"{shape} has no target"


def test_data_shapes_exclude_ontology_shapes():
    data = {str(s) for s in declared_shapes(data_shapes())}
    onto = {str(s) for s in declared_shapes(ontology_shapes())}
    assert KGSH + "ProjectYearsShape" in data and KGSH + "TermLabelShape" in onto
    assert not data & onto


# -- the seed and the ontology -----------------------------------------------------------------------


def test_seed_graph_conforms_with_expected_warnings(seed: Knowledge):
    """The seed article conforms. Its two warnings are facts of the article, not mapping errors:
    ECSITE's infobox has no Website key (line 1 is the article's title, where the network is
    named), and Road-STEAMer's Website cell is empty (line 39)."""
    report = validate(seed.graph, sources=seed.sources)
    assert report.conforms, [(r.shape, r.focus, r.message) for r in report.violations]
    assert report.counts == {"Violation": 0, "Warning": 2, "Info": 0}
    assert outcome(report) == {
        Expected("Warning", KGSH + "ArticleSubjectWebsiteShape", SEED_NETWORK, ("ecsite.txt", 1)),
        Expected("Warning", KGSH + "ProjectWebsiteShape", SEED_ROAD_STEAMER, ("ecsite.txt", 39)),
    }
    assert {r.file for r in report.results} == {str(seed.sources[0])}


def test_ontology_conforms_to_ontology_shapes(seed: Knowledge):
    report = check_ontology(load_ontology(), sources=ontology_files())
    assert report.results == [], [(r.shape, r.focus, r.message) for r in report.results]


def test_seed_uses_only_declared_classes(seed: Knowledge):
    report = check_ontology(load_ontology(), seed.graph)
    assert report.results == [], [(r.shape, r.focus, r.message) for r in report.results]


def test_ontology_shapes_find_an_undocumented_term_in_the_real_ontology():
    """The real ontology with one label removed: the shape points at the term's line in kg.ttl."""
    ontology = load_ontology()
    post = URIRef("https://w3id.org/kg/ontology#Post")
    ontology.remove((post, RDFS.label, None))
    report = check_ontology(ontology, sources=ontology_files())
    assert [(r.shape, r.focus) for r in report.results] == [(KGSH + "TermLabelShape", str(post))]
    (result,) = report.results
    assert result.source is not None and result.source[0] == "kg.ttl"
    lines = ontology_files()[0].read_text(encoding="utf-8").splitlines()
    assert lines[result.source[1] - 1].strip() == "kgo:Post"
