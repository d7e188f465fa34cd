"""The `kg` command, in-process with click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_graph_and_ontology(tmp_path):
    out = tmp_path / "dist"
    result = run("build", str(ROOT / "sources/ecsite.txt"), "--source-dir", str(ROOT / "sources"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "triples" in result.output
    g = Graph().parse(out / "graph.ttl")
    assert len(g) > 500
    assert (out / "ontology.ttl").read_bytes() == (ROOT / "ontology/kg.ttl").read_bytes()


def test_build_with_another_base(tmp_path):
    out = tmp_path / "dist"
    result = run(
        "build", "--source-dir", str(ROOT / "sources"), "--out", str(out), "--base", "https://data.example.org/kg/"
    )
    assert result.exit_code == 0, result.output
    text = (out / "graph.ttl").read_text()
    assert "https://data.example.org/kg/organisation/" in text
    assert "https://w3id.org/kg/id/" not in text


def test_bad_base_is_refused(tmp_path):
    result = run("build", "--source-dir", str(ROOT / "sources"), "--out", str(tmp_path / "o"), "--base", "not an iri")
    assert result.exit_code == 2
    assert "base IRI" in result.output
    assert not (tmp_path / "o").exists()


def test_build_refuses_to_replace_a_foreign_folder(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("do not delete")
    result = run("build", "--source-dir", str(ROOT / "sources"), "--out", str(out))
    assert result.exit_code == 2
    assert (out / "thesis.tex").read_text() == "do not delete"


def test_rebuild_replaces_previous_output(tmp_path):
    out = tmp_path / "dist"
    for _ in range(2):
        assert run("build", "--source-dir", str(ROOT / "sources"), "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging folders left behind


def test_duplicates_lists_candidates_without_aliases(tmp_path):
    empty = tmp_path / "aliases.csv"
    empty.write_text("canonical,alias,kind,note\n")
    result = run("duplicates", "--source-dir", str(ROOT / "sources"), "--aliases", str(empty))
    assert result.exit_code == 0
    assert "'Ellinogermaniki Agogi'  ~  'Ellinogermaniki Agogi SA'" in result.output
    assert "ecsite.txt:39" in result.output
    csv_out = run("duplicates", "--source-dir", str(ROOT / "sources"), "--aliases", str(empty), "--format", "csv")
    assert csv_out.output.splitlines()[0] == "canonical,alias,kind,note"
    assert "Ellinogermaniki Agogi SA,Ellinogermaniki Agogi,candidate," in csv_out.output


def test_duplicates_with_the_curated_aliases_is_clean():
    result = run("duplicates", "--source-dir", str(ROOT / "sources"))
    assert result.exit_code == 0
    assert result.output == "no candidate duplicates\n"


def test_missing_alias_file_is_an_error(tmp_path):
    result = run("duplicates", "--source-dir", str(ROOT / "sources"), "--aliases", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "nope.csv" in result.output


def test_export_to_stdout_and_file(tmp_path):
    result = CliRunner().invoke(main, ["export", "--source-dir", str(ROOT / "sources"), "--format", "ntriples"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines == sorted(lines) and len(lines) > 500
    out = tmp_path / "g.jsonld"
    result = run("export", "--source-dir", str(ROOT / "sources"), "--format", "jsonld", "--out", str(out))
    assert result.exit_code == 0
    assert out.read_text().startswith('{\n "@context": {')  # standalone: the context inline


def test_export_rejects_unknown_format():
    result = CliRunner().invoke(main, ["export", "--format", "yaml"])
    assert result.exit_code == 2
    assert "turtle" in result.output  # the choices come from the format table


def test_queries_lists_names_titles_and_parameters():
    result = run("queries")
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("projects-active-in-year"))
    assert "Projects active in a year" in line and "year:xsd:gYear=2022" in line


def test_query_runs_a_stored_query_with_a_bound_parameter(built):
    result = run("query", "projects-active-in-year", "-p", "year=2024", "--graph", str(built), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0] == "year,project,name,start,end"
    assert sorted(r.split(",")[2] for r in rows[1:]) == ["Road-STEAMer", "WATER-MINING"]


def test_query_expression_with_both_engines(built, seed):
    for engine in ("rdflib", "oxigraph"):
        result = run(
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--graph",
            str(built),
            "--engine",
            engine,
            "--format",
            "tsv",
        )
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[1].split("\t")[0] == str(len(seed.graph))


def test_query_errors_exit_2(built):
    assert run("query", "no-such-query", "--graph", str(built)).exit_code == 2
    bad = run("query", "projects-active-in-year", "-p", "year=20x", "--graph", str(built))
    assert bad.exit_code == 2 and "year" in bad.output
    syntax = run("query", "-e", "SELECT WHERE {", "--graph", str(built))
    assert syntax.exit_code == 2
    remote = run(
        "query", "-e", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "--graph", str(built)
    )
    assert remote.exit_code == 2 and "SERVICE" in remote.output


def test_construct_prints_turtle(built):
    result = run("query", "co-participation", "--graph", str(built))
    assert result.exit_code == 0
    g = Graph().parse(data=result.output, format="turtle")
    assert len(g) > 100


def test_build_says_when_it_uses_the_default_configuration(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "ecsite.txt").write_bytes((ROOT / "sources" / "ecsite.txt").read_bytes())
    result = CliRunner().invoke(main, ["build", "--source-dir", str(sources), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert f"warning: {sources / 'dataset.toml'} not found; using the default configuration" in result.stderr
    assert f"warning: {sources / 'aliases.csv'}: not found; no organisation names are merged" in result.stderr


def test_a_parameter_given_twice_is_refused(built):
    result = CliRunner().invoke(
        main, ["query", "projects-active-in-year", "-p", "year=2021", "-p", "year=2022", "--graph", str(built)]
    )
    assert result.exit_code == 2
    assert "year is given twice" in result.output


def test_duplicates_compares_acronyms_and_other_names(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text(
        "= Network of Museums =\n\nNOM\n- Type: Network\n\nA network.\n\n== Projects ==\n"
        "| Project | Timeframe | Partners |\n| Alpha | 2020-2022 | ASPAC |\n",
        encoding="utf-8",
    )
    (sources / "b.txt").write_text(
        "= Other Network =\n\nON\n- Type: Network\n\nA network. Its sister networks are:\n\n"
        "- Asia Pacific Network of Science and Technology Centres (ASPAC)\n",
        encoding="utf-8",
    )
    result = run("duplicates", "--source-dir", str(sources))
    assert "'Asia Pacific Network of Science and Technology Centres'  ~  'ASPAC'" in result.output
    assert "same name apart from case" in result.output
