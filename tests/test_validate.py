"""The validation library (kg.validate, kg.report): reports, source lines, output formats, errors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH

from kg.core.vocab import SCHEMA
from kg.errors import EXIT_BAD_INPUT, KgError, ShapesError, SourceError
from kg.rdf.read import read_union_graph as parse_file
from kg.validation.report import KGSH, SEVERITIES, format_report, path_text
from kg.validation.shacl import load_shapes, shape_files, validate
from tests.shacl import BASE

CASES = BASE.parent / "cases"
PREFIXES = """
@prefix kgo: <https://w3id.org/kg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix source: <https://w3id.org/kg/id/source/> .
@prefix organisation: <https://w3id.org/kg/id/organisation/> .
"""
ORG = "https://w3id.org/kg/id/organisation/"


@cache
def shapes() -> Graph:
    return load_shapes()


def graph_of(*cases: str, extra: str = "") -> Graph:
    """The base graph plus some case files (by name) and extra Turtle."""
    graph = parse_file(BASE)
    for name in cases:
        graph += parse_file(CASES / f"{name}.ttl")
    if extra:
        graph.parse(data=PREFIXES + extra, format="turtle")
    return graph


@pytest.fixture(scope="module")
def mixed():
    """One violation, one warning and one info."""
    return validate(
        graph_of("project-ends-before-it-starts", "article-subject-without-website", "project-without-funding"),
        shapes=shapes(),
    )


# -- the report --------------------------------------------------------------------------------------


def test_report_counts_and_conformance(mixed):
    assert mixed.counts == {"Violation": 1, "Warning": 1, "Info": 1}
    assert list(mixed.counts) == list(SEVERITIES)
    assert not mixed.conforms
    assert [r.severity for r in mixed.results] == ["Violation", "Warning", "Info"]
    assert mixed.violations == mixed.of("Violation") and len(mixed.warnings) == 1


def test_warnings_and_infos_still_conform():
    report = validate(graph_of("person-without-post", "project-without-funding"), shapes=shapes())
    assert report.conforms
    assert report.counts == {"Violation": 0, "Warning": 1, "Info": 1}
    assert (report.graph.value(predicate=RDF.type, object=SH.ValidationReport)) is not None
    (conforms,) = report.graph.objects(None, SH.conforms)
    assert conforms.toPython() is True


def test_result_fields(mixed):
    result = mixed.violations[0]
    assert result.shape == str(KGSH.ProjectYearsShape)
    assert result.focus == "https://w3id.org/kg/id/project/backwards"
    assert result.focus_label == "Backwards"
    assert result.path == "kgo:endYear"
    assert result.value == '"2019"^^xsd:gYear'
    assert result.message.startswith("Ends in 2019, before it starts in 2023.")
    assert result.source == ("case.txt", 11)
    assert result.location == "case.txt:11"
    assert result.component == str(SH.SPARQLConstraintComponent)


def test_results_are_sorted_and_deduplicated_deterministically():
    graph = graph_of("two-cities", "website-as-text", "post-with-two-holders", "project-without-funding")
    first, second = validate(graph, shapes=shapes()), validate(graph, shapes=shapes())
    assert first.results == second.results
    assert first.results == sorted(first.results, key=lambda r: r.sort_key())
    for fmt in ("text", "json", "turtle"):
        assert format_report(first, fmt=fmt) == format_report(second, fmt=fmt)


def test_validate_leaves_the_graph_untouched():
    graph = graph_of("project-ends-before-it-starts")
    before = (len(graph), sorted(graph.namespaces()))
    validate(graph, shapes=shapes())
    assert (len(graph), sorted(graph.namespaces())) == before


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_validate_reads_a_dataset_too():
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.graph(URIRef("urn:kg:test")).__iadd__(graph_of("project-without-website"))
    report = validate(dataset, shapes=shapes())
    assert [(r.shape, r.source) for r in report.results] == [(str(KGSH.ProjectWebsiteShape), ("case.txt", 11))]


def test_default_shapes_are_the_data_shapes():
    assert [p.name for p in shape_files()] == ["kg-shapes.ttl"]
    assert [p.name for p in shape_files(ontology=True)] == ["ontology-shapes.ttl"]
    report = validate(graph_of("project-without-website"))
    assert report.counts["Warning"] == 1


def test_only_some_shapes():
    graph = graph_of("project-ends-before-it-starts", "article-subject-without-website", "project-without-funding")
    report = validate(graph, shapes=shapes(), only=["kgsh:ProjectYearsShape", str(KGSH.ProjectFundingShape)])
    assert [r.shape for r in report.results] == [str(KGSH.ProjectYearsShape), str(KGSH.ProjectFundingShape)]
    with pytest.raises(ShapesError, match=r"no such shape: .*NoSuchShape"):
        validate(graph, shapes=shapes(), only=["kgsh:NoSuchShape"])


# -- source lines ------------------------------------------------------------------------------------


def test_rfc5147_fragment_selects_the_line_after_the_start_position():
    report = validate(
        graph_of(
            extra="""organisation:x a kgo:Organisation, kgo:Network ; rdfs:label "X" ;
                 kgo:describedIn source:case.txt ;
                 prov:wasDerivedFrom <https://w3id.org/kg/id/source/case.txt#line=4,7> .
               organisation:net kgo:sisterNetwork organisation:x ."""
        ),
        shapes=shapes(),
    )
    assert [(r.shape, r.source) for r in report.results] == [(str(KGSH.EntityNameShape), ("case.txt", 5))]


def test_line_where_the_value_is_written_when_the_sources_are_given(tmp_path: Path):
    article = tmp_path / "demo.txt"
    article.write_text(
        "= Demo =\n- Founded: 1989\n\nIt was formed in 1991 under the law of Belgium.\n", encoding="utf-8"
    )
    extra = """organisation:demo a kgo:Organisation, kgo:Network ; rdfs:label "Demo" ; schema:name "Demo" ;
           kgo:describedIn source:case.txt ;
           kgo:foundingYear 1991 ;
           prov:wasDerivedFrom <https://w3id.org/kg/id/source/demo.txt#line=0,1>,
               <https://w3id.org/kg/id/source/demo.txt#line=1,2>,
               <https://w3id.org/kg/id/source/demo.txt#line=3,4> .
         organisation:net kgo:sisterNetwork organisation:demo ."""
    graph = graph_of(extra=extra)
    without = validate(graph, shapes=shapes())
    assert [(r.shape, r.source, r.file) for r in without.results] == [
        (str(KGSH.OrganisationFoundingYearShape), ("demo.txt", 1), None)
    ]
    with_sources = validate(graph, shapes=shapes(), sources=[article])
    assert [(r.source, r.file, r.location) for r in with_sources.results] == [
        (("demo.txt", 4), str(article), f"{article}:4")
    ]


def test_line_shared_with_the_value_entity():
    """A network is named on lines 1-8; the person it is wrongly involved in stands on line 7."""
    report = validate(graph_of("involved-in-a-person"), shapes=shapes())
    assert [r.source for r in report.results] == [("case.txt", 7)]


def test_file_name_from_the_source_document():
    extra = """<https://w3id.org/kg/id/source/my%20notes.txt> a kgo:SourceDocument ;
             rdfs:label "my notes.txt" ; schema:name "my notes.txt" ; kgo:fileName "my notes.txt" .
           organisation:y a kgo:Organisation, kgo:Network ; rdfs:label "Y" ;
             kgo:describedIn source:case.txt ;
             prov:wasDerivedFrom <https://w3id.org/kg/id/source/my%20notes.txt#line=2,3> .
           organisation:z a kgo:Organisation, kgo:Network ; rdfs:label "Z" ;
             kgo:describedIn source:case.txt ;
             prov:wasDerivedFrom <https://w3id.org/kg/id/source/other%20notes.txt#line=0,1> .
           organisation:net kgo:sisterNetwork organisation:y, organisation:z ."""
    report = validate(graph_of(extra=extra), shapes=shapes())
    sources = {r.focus: r.source for r in report.results if r.shape == str(KGSH.EntityNameShape)}
    assert sources == {ORG + "y": ("my notes.txt", 3), ORG + "z": ("other notes.txt", 1)}


def test_focus_without_provenance_has_no_source():
    report = validate(graph_of("entity-without-provenance"), shapes=shapes())
    (result,) = report.results
    assert result.source is None and result.location is None and result.file is None
    assert "(no source line)" in format_report(report, fmt="text")


# -- formats -----------------------------------------------------------------------------------------


def test_text_groups_by_severity_then_shape(mixed):
    text = format_report(mixed, fmt="text")
    assert text.splitlines()[0] == "SHACL validation: does not conform (1 violation, 1 warning, 1 info)"
    order = [text.index(s) for s in ("\nViolation (1)", "\nWarning (1)", "\nInfo (1)")]
    assert order == sorted(order)
    assert "  kgsh:ProjectYearsShape (1)" in text
    assert "    case.txt:11: Backwards <https://w3id.org/kg/id/project/backwards>" in text
    assert "      path:  kgo:endYear" in text
    assert '      value: "2019"^^xsd:gYear' in text
    assert "      Ends in 2019, before it starts in 2023." in text
    assert "case.txt:8: Sister Network" in text  # the warning, with its file:line
    assert "      path:  (kgo:funder | kgo:fundingProgramme)" in text


def test_text_of_a_conforming_report():
    report = validate(graph_of(), shapes=shapes())
    assert format_report(report, fmt="text") == "SHACL validation: conforms (0 violations, 0 warnings, 0 infos)\n"


def test_json_is_a_stable_list_of_result_dicts(mixed):
    data = json.loads(format_report(mixed, fmt="json"))
    assert isinstance(data, list) and len(data) == 3
    assert [d["severity"] for d in data] == ["Violation", "Warning", "Info"]
    first = data[0]
    assert set(first) == {
        "severity",
        "shape",
        "focus",
        "focus_label",
        "path",
        "value",
        "message",
        "source",
        "component",
    }
    assert first["shape"] == str(KGSH.ProjectYearsShape)
    assert first["source"] == {"file": "case.txt", "line": 11, "path": None}
    assert data == [r.as_dict() for r in mixed.results]


def test_turtle_is_the_validation_report_graph(mixed):
    text = format_report(mixed, fmt="turtle")
    graph = Graph().parse(data=text, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == 3
    shapes_in_graph = {str(graph.value(r, SH.sourceShape)) for r in results}
    assert shapes_in_graph == {r.shape for r in mixed.results}
    severities = {graph.value(r, SH.resultSeverity) for r in results}
    assert severities == {SH.Violation, SH.Warning, SH.Info}


def test_unknown_format(mixed):
    with pytest.raises(KgError, match="unknown report format 'xml'"):
        format_report(mixed, fmt="xml")


def test_path_text_renders_sparql_property_paths():
    graph = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kgo: <https://w3id.org/kg/ontology#> .
            <urn:a> sh:path ( kgo:a [ sh:inversePath kgo:b ] ) .
            <urn:b> sh:path [ sh:alternativePath ( kgo:a [ sh:zeroOrMorePath kgo:b ] <urn:x:c> ) ] .""",
        format="turtle",
    )
    assert path_text(graph, graph.value(URIRef("urn:a"), SH.path)) == "kgo:a / ^kgo:b"
    assert path_text(graph, graph.value(URIRef("urn:b"), SH.path)) == "(kgo:a | kgo:b* | <urn:x:c>)"


# -- errors ------------------------------------------------------------------------------------------


def test_unparsable_shapes_name_file_and_line(tmp_path: Path):
    (tmp_path / "broken.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> sh:path <b>\n<c> <d> <e> .\n"
    )
    with pytest.raises(SourceError) as info:
        load_shapes(tmp_path)
    assert isinstance(info.value, KgError) and info.value.exit_code == EXIT_BAD_INPUT
    assert info.value.path.name == "broken.ttl" and info.value.line == 4


def test_no_shapes(tmp_path: Path):
    with pytest.raises(ShapesError, match="no data shapes") as info:
        load_shapes(tmp_path)
    assert info.value.exit_code == EXIT_BAD_INPUT
    (tmp_path / "ontology-shapes.ttl").write_text("")
    with pytest.raises(ShapesError):
        load_shapes(tmp_path)
    with pytest.raises(ShapesError, match="no sh:NodeShape"):
        validate(graph_of(), shapes=Graph())


def test_invalid_shape_is_a_shapes_error():
    bad = Graph()
    bad += shapes()
    bad.set((KGSH.EntityNameShape, SH.minCount, Literal("many")))
    with pytest.raises(ShapesError, match="sh:minCount"):
        validate(graph_of(), shapes=bad)


def test_missing_or_malformed_graph_file(tmp_path: Path):
    with pytest.raises(SourceError, match="no such file"):
        parse_file(tmp_path / "graph.ttl")
    (tmp_path / "graph.nt").write_text("<a> <b> .\n")
    with pytest.raises(SourceError) as info:
        parse_file(tmp_path / "graph.nt")
    assert info.value.exit_code == EXIT_BAD_INPUT


def test_imports_in_the_shapes_are_not_followed():
    """An owl:imports of an unreachable IRI changes nothing: nothing is fetched."""
    with_import = Graph()
    with_import += shapes()
    with_import.add((URIRef("https://w3id.org/kg/shapes"), OWL.imports, URIRef("http://kg.invalid/more-shapes.ttl")))
    report = validate(graph_of("project-without-website"), shapes=with_import)
    assert report.counts == {"Violation": 0, "Warning": 1, "Info": 0}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("= A =\n\nA\n- Founded: 20210 then\n- Year: 2021\n", 5),  # a whole word, not a part of one
        ("= A =\n\nA\u2028line\n- Year: 2021\n- Other: x\n", 4),  # U+2028 does not end a line
    ],
    ids=["whole-word", "line-separator"],
)
def test_the_line_where_the_value_stands_is_chosen(tmp_path, text, line):
    """Among an entity's lines, the report points at the one holding the value as a whole word,
    counting lines as the parser does."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import PROV

    from kg.validation.locate import Locator

    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    node = URIRef("https://example.org/a")
    g = Graph()
    for n in (4, 5):
        g.add((node, PROV.wasDerivedFrom, URIRef(f"https://example.org/source/a.txt#line={n - 1},{n}")))
    found, path = Locator(g, [source]).locate(node, Literal("2021"))
    assert found == ("a.txt", line)
    assert path == str(source)


def test_user_shapes_that_are_not_well_formed_shacl_are_refused(tmp_path, built):
    from click.testing import CliRunner

    from kg.cli import main

    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "mine.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype "notAnIRI" ] .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(built / "graph.ttl"), "--shapes", str(shapes)])
    assert result.exit_code == 2, result.output
    assert "not well-formed SHACL" in result.output


@pytest.mark.parametrize("n", [200, 800])
def test_the_source_locator_reads_each_line_a_bounded_number_of_times_whatever_the_number_of_results(tmp_path, n):
    """Results on one entity with many lines (an infobox of many keys) cost time in proportion to
    their number: the locator indexes the entity's lines once instead of rescanning them per result."""
    from kg.publish.knowledge import Inputs, knowledge
    from kg.validation.locate import Locator

    article = tmp_path / "big.txt"
    keys = "\n".join(f"- Key number {i}: value {i}" for i in range(n))
    article.write_text(f"= Big Network =\n\nBN\n{keys}\n\nBig Network is a network.\n")
    k = knowledge(Inputs(sources=[article], source_dir=tmp_path))
    reads = 0

    class Counting(Locator):
        def _line_text(self, location):
            nonlocal reads
            reads += 1
            return super()._line_text(location)

    locator = Counting(k.graph, k.sources)
    (net,) = k.graph.subjects(SCHEMA.name, Literal("Big Network"))
    for i in range(n):
        found, _ = locator.locate(net, Literal(f"value {i}"))
        assert found == ("big.txt", 4 + i)
    assert reads <= 4 * (n + 10)
