"""Article text never reaches a regular expression as a pattern or a template: backslashes, group
references and regex syntax in keys and values are kept as written and reported as written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.mark.parametrize(
    ("key", "value"),
    [("Fo\\unded", "2003"), ("Motto", "C:\\dir\\new \\1 \\g<0>"), ("Ke(y)*", "[a-z]+ $1 \\u00e9")],
)
def test_an_unknown_key_or_value_with_regex_syntax_builds_and_is_reported_as_written(tmp_path, key, value):
    article = tmp_path / "hostile.txt"
    article.write_text(f"= Test Network =\n\nTN\n- {key}: {value}\n- Founded: 2001\n\nTest Network is a network.\n")
    result = CliRunner().invoke(
        main, ["build", str(article), "--out", str(tmp_path / "out"), "--source-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"Keeps \"{value}\" under the unrecognised key or column '{key}'" in result.stderr
    assert value.encode() in (tmp_path / "out" / "graph.nt").read_bytes().replace(b"\\\\", b"\\")


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&d;&d;&d;&d;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--engine", "oxigraph", "--graph"],
        ["query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--graph"],
    ],
)
def test_an_rdf_xml_file_that_declares_entities_is_refused_not_expanded(tmp_path, command):
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(LAUGHS)
    result = CliRunner().invoke(main, [*command, str(laughs)])
    assert result.exit_code == 2, result.output
    assert f"{laughs}:2: declares XML entities" in result.stderr


def test_kg_diff_refuses_an_rdf_xml_file_that_declares_entities_too(tmp_path):
    laughs, good = tmp_path / "laughs.rdf", tmp_path / "good.nt"
    laughs.write_text(LAUGHS)
    good.write_text('<http://example.org/a> <http://example.org/p> "x" .\n')
    for args in ((good, laughs), (laughs, good)):
        result = CliRunner().invoke(main, ["diff", *(str(a) for a in args)])
        assert result.exit_code == 2, result.output
        assert f"{laughs}:2: declares XML entities" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize(
    "context",
    ["/etc/hostname", "../outside.jsonld", "/dev/zero"],
)
def test_a_json_ld_context_is_read_only_from_beside_the_document(tmp_path, context):
    (tmp_path / "outside.jsonld").write_text('{"@context": {"ex": "http://example.org/"}}')
    folder = tmp_path / "data"
    folder.mkdir()
    document = folder / "graph.jsonld"
    document.write_text(json.dumps({"@context": context, "@id": "http://example.org/x", "http://example.org/p": "v"}))
    result = CliRunner().invoke(main, ["validate", str(document)])
    assert result.exit_code == 2, result.output
    assert "outside the document's folder" in result.stderr or "not a regular file" in result.stderr


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_an_iri_parameter_with_a_broken_host_is_bad_input_on_every_engine(tmp_path, engine):
    from kg.errors import ParameterError
    from kg.query.params import to_term

    with pytest.raises(ParameterError, match="not a valid IRI"):
        to_term("IRI", "http://[::1", name="entity")
    built = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(
        main,
        ["query", "describe-entity", "-p", "entity=http://[::1", "--engine", engine, "--graph", str(tmp_path / "dist")],
    )
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.stderr


def test_an_error_about_a_file_that_is_not_an_article_quotes_none_of_its_content(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n")
    result = CliRunner().invoke(main, ["build", str(secret), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{secret}:1: is not an article" in result.stderr
    assert "root" not in result.stderr.replace(str(tmp_path), "")


def test_a_source_linked_from_outside_its_folder_is_named_in_a_warning(tmp_path):
    outside = tmp_path / "elsewhere" / "network.txt"
    outside.parent.mkdir()
    outside.write_text("= Outside Network =\n\nON\n- Founded: 2001\n\nOutside Network is a network founded in 2001.\n")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "network.txt").symlink_to(outside)
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(tmp_path / "out"), "--source-dir", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert f"warning: {folder / 'network.txt'}: is a link to {outside}, outside {folder}" in result.stderr


def test_n_triples_with_a_long_literal_are_read_by_a_linear_parser(tmp_path):
    """rdflib's N-Triples parser is quadratic in a literal's length; kg reads N-Triples with pyoxigraph."""
    from kg.rdf.read import read_rdf

    path = tmp_path / "long.nt"
    path.write_text('<https://example.org/a> <http://schema.org/name> "' + "x" * 2_000_000 + '" .\n')
    (triple,) = read_rdf(path)
    assert len(triple[2]) == 2_000_000
    bad = tmp_path / "bad.nq"
    bad.write_text(
        '<https://example.org/a> <http://schema.org/name> "x" <https://example.org/g> .\n<a> <b> "unclosed .\n'
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2: not valid N-Quads" in result.stderr


@pytest.mark.parametrize("url", ["https://:www.example.org", "https://example.org:80a/", "http://[::1/x"])
def test_a_url_that_breaks_the_iri_grammar_is_kept_as_text_and_never_stops_validation(tmp_path, url):
    # found by the long fuzz run: "[https://:www.x.org ...]" reached the graph as an IRI, and the
    # SHACL engine then refused the whole graph ("cannot validate with these shapes")
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"= Test Network =\n\nTN\n- Founded: 2001\n- Website: {url}\n\nTest Network is a network.\n\n"
        f"== External links ==\n- [{url} Official website]\n"
    )
    result = CliRunner().invoke(
        main, ["build", str(article), "--out", str(tmp_path / "out"), "--source-dir", str(tmp_path)]
    )
    assert "cannot validate" not in result.output
    assert f"{article}:5: website '{url}' is not an absolute http(s) URL" in result.stderr
    assert result.exit_code == 1, result.output  # the website shape's violation, pointing at line 5
