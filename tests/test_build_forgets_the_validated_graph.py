"""A build holds its rdflib graph only while it validates: the largest copy of the triples is not kept
through the writing of the files and the site (a 10,000-row article peaked there)."""

from __future__ import annotations

from pathlib import Path

from kg.publish.build import build
from kg.publish.knowledge import Inputs

ROOT = Path(__file__).resolve().parents[1]


def test_a_finished_build_no_longer_holds_the_graph_it_validated_yet_makes_it_again_when_asked(tmp_path):
    result = build(Inputs(source_dir=ROOT / "sources"), out=tmp_path / "dist")
    k = result.knowledge
    assert "graph" not in vars(k)
    assert len(k.graph) == len(k.encoded) > 0
