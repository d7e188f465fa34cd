"""What `kg diff` reads: build folders (checked against void.ttl), graph files of every format, and
what it refuses with exit 2 (never 1, which says the graphs differ): blank nodes, broken files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT, EXIT_DIFFERENT, EXIT_OK, SourceError
from kg.rdf.formats import RDF_FORMATS
from kg.release.read import read_side
from tests.releases import ROOT, build_variant, new_make_it_open_site

TRIPLE = '<http://example.org/a> <http://example.org/p> "x" .\n'


def run(*args: object):
    return CliRunner().invoke(main, ["diff", *(str(a) for a in args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The seed, and the seed with another website for one project."""
    return (
        build_variant(tmp_path_factory.mktemp("old")),
        build_variant(tmp_path_factory.mktemp("new"), edit=new_make_it_open_site),
    )


def changes(old: Path, new: Path) -> list[tuple[str, str]]:
    result = run(old, new, "--format", "json")
    assert result.exit_code == EXIT_DIFFERENT, result.output
    return [(e["change"], e["iri"]) for e in json.loads(result.output)["entities"]]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=[f.name for f in RDF_FORMATS])
def test_graph_files_of_every_format_give_the_same_changes_as_the_build_folders(builds, fmt):
    old, new = builds
    assert changes(old / fmt.filename, new / fmt.filename) == changes(old, new) != []


def test_a_build_folder_and_a_graph_file_can_be_compared(builds):
    old, new = builds
    assert changes(old, new / "graph.ttl") == changes(old, new)
    assert run(old / "graph.ttl", old).exit_code == EXIT_OK


def test_two_spellings_of_one_triple_are_one_triple(tmp_path):
    (tmp_path / "a.nt").write_text('<http://example.org/caf\\u00E9> <http://example.org/p> "\\u0041" .\n')
    (tmp_path / "b.nt").write_text('<http://example.org/café> <http://example.org/p> "A" .\n', encoding="utf-8")
    result = run(tmp_path / "a.nt", tmp_path / "b.nt")
    assert result.exit_code == EXIT_OK, result.output


def test_an_underscore_colon_inside_an_iri_or_a_literal_is_not_a_blank_node(tmp_path):
    (tmp_path / "a.nt").write_text('<http://example.org/_:a> <http://example.org/p> "_:b" .\n')
    (tmp_path / "b.nt").write_text('<http://example.org/_:a> <http://example.org/p> "_:c" .\n')
    assert run(tmp_path / "a.nt", tmp_path / "a.nt").exit_code == EXIT_OK
    assert run(tmp_path / "a.nt", tmp_path / "b.nt").exit_code == EXIT_DIFFERENT


# -- refused, exit 2 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("blank.nt", '_:b0 <http://example.org/p> "x" .\n', "has a blank node (_:b0 <http://example.org/p>"),
        ("blank.ttl", "<http://example.org/a> <http://example.org/p> [ <http://example.org/q> 1 ] .\n", "blank node"),
        (
            "broken.nt",
            TRIPLE + "<http://example.org/a> <http://example.org/p> broken .\n",
            "broken.nt:2: not valid N-Triples",
        ),
        ("broken.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p .\n", "broken.ttl:2: not valid Turtle"),
        ("empty.nt", "", "holds no RDF triples"),
        ("graph.txt", TRIPLE, "cannot tell its RDF format: extension '.txt'"),
    ],
)
def test_a_graph_that_cannot_be_compared_is_refused_with_exit_2(tmp_path, name, text, message):
    (tmp_path / "good.nt").write_text(TRIPLE)
    (tmp_path / name).write_text(text)
    for args in ((tmp_path / "good.nt", tmp_path / name), (tmp_path / name, tmp_path / "good.nt")):
        result = run(*args)
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert result.stderr.startswith(f"error: {tmp_path / name}"), result.stderr
        assert message in result.stderr
        assert result.stdout == ""


def test_a_missing_path_or_a_folder_without_a_graph_is_refused(tmp_path):
    (tmp_path / "good.nt").write_text(TRIPLE)
    (tmp_path / "empty").mkdir()
    assert "no such file or folder" in run(tmp_path / "nowhere", tmp_path / "good.nt").stderr
    result = run(tmp_path / "empty", tmp_path / "good.nt")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "has no graph.nt; expected a folder written by kg build" in result.stderr


def test_a_build_folder_changed_after_the_build_is_refused_but_its_file_can_still_be_compared(tmp_path, builds):
    old, _ = builds
    folder = tmp_path / "edited"
    folder.mkdir()
    for name in ("graph.nt", "void.ttl"):
        (folder / name).write_bytes((old / name).read_bytes())
    with (folder / "graph.nt").open("a") as f:
        f.write(TRIPLE)
    result = run(old, folder)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "does not match the size and SHA-256 that void.ttl records for it" in result.stderr
    assert run(old, folder / "graph.nt").exit_code == EXIT_DIFFERENT


def test_a_blank_node_in_a_described_build_folder_is_refused_with_its_line(tmp_path, builds):
    old, _ = builds
    folder = tmp_path / "blank"
    folder.mkdir()
    data = (old / "graph.nt").read_bytes() + b'_:b0 <http://example.org/p> "x" .\n'
    (folder / "graph.nt").write_bytes(data)
    void = (old / "void.ttl").read_text(encoding="utf-8")
    size, digest = (
        str(len((old / "graph.nt").read_bytes())),
        hashlib.sha256((old / "graph.nt").read_bytes()).hexdigest(),
    )
    assert f'"{size}"' in void and digest in void
    void = void.replace(f'"{size}"', f'"{len(data)}"').replace(digest, hashlib.sha256(data).hexdigest())
    (folder / "void.ttl").write_text(void, encoding="utf-8")
    with pytest.raises(SourceError, match="has a blank node") as err:
        read_side(folder)
    assert err.value.line == data.count(b"\n")


# -- the same bytes --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_the_output_is_byte_identical_whatever_the_hash_seed(builds, fmt):
    old, new = builds
    outputs = []
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-m", "kg", "diff", str(old), str(new), "--format", fmt],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        assert done.returncode == EXIT_DIFFERENT, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] != b""
