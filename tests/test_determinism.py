"""Same sources, same bytes: whatever PYTHONHASHSEED, and across two builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parent.parent


ARTICLES = sorted(str(p) for p in (ROOT / "tests" / "data" / "articles").glob("*.txt"))
WIKIPEDIA = [str(ROOT / "tests" / "data" / "wikipedia")]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _build(out: Path, seed: str, sources: list[str]) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "build", "--quiet", "--out", str(out), *sources],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("sources", [[], ARTICLES, WIKIPEDIA], ids=["seed", "test-articles", "wikipedia-articles"])
def test_builds_are_byte_identical_across_hash_seeds(tmp_path, sources):
    _build(tmp_path / "a", "1", sources)
    _build(tmp_path / "b", "4242", sources)
    names = files_in(tmp_path / "a")
    assert names == files_in(tmp_path / "b")
    assert "graph.ttl" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_turtle_parses_back_to_the_built_graph(seed, tmp_path):
    from kg.rdf.formats import BY_NAME, render

    (tmp_path / "graph.ttl").write_bytes(render(seed, BY_NAME["turtle"]))
    back = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    if not isomorphic(back, seed.graph):
        _, only_back, only_built = graph_diff(to_isomorphic(back), to_isomorphic(seed.graph))
        raise AssertionError(
            f"only in file:\n{only_back.serialize(format='nt')}\nonly in memory:\n{only_built.serialize(format='nt')}"
        )
