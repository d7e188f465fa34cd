"""Writing the serialisations in a second process while validating: errors never lost, nothing left.

That a build in two processes writes the bytes a build in one writes is shown, on the synthetic
corpus and under other hash seeds, in ``tests/test_parallel_build.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import KgError, SourceError, ValidationFailed
from kg.publish.build import build
from kg.publish.knowledge import Inputs
from kg.publish.meanwhile import can_fork, meanwhile

ROOT = Path(__file__).resolve().parent.parent

needs_fork = pytest.mark.skipif(not can_fork(), reason="a forked child is only used on Linux")


@needs_fork
def test_the_work_runs_in_another_process_while_the_block_runs(tmp_path: Path):
    marker = tmp_path / "pid"
    with meanwhile(lambda: marker.write_text(str(os.getpid())), parallel=True):
        parent = os.getpid()
    assert int(marker.read_text()) != parent


def test_without_parallel_the_work_runs_here_first(tmp_path: Path):
    marker = tmp_path / "pid"
    with meanwhile(lambda: marker.write_text(str(os.getpid())), parallel=False):
        assert marker.exists()
    assert int(marker.read_text()) == os.getpid()


@pytest.mark.parametrize("parallel", [True, False])
def test_an_error_in_the_work_is_raised_with_its_message(parallel: bool):
    def fail() -> None:
        raise SourceError("cannot write it", path=Path("x.txt"))

    with pytest.raises(SourceError, match="cannot write it"), meanwhile(fail, parallel=parallel):
        pass


@needs_fork
def test_an_error_in_the_block_stops_the_work_and_is_raised(tmp_path: Path):
    marker = tmp_path / "done"

    def slow() -> None:
        import time

        time.sleep(30)
        marker.write_text("finished")

    with pytest.raises(KgError, match="the block failed"), meanwhile(slow, parallel=True):
        raise KgError("the block failed")
    assert not marker.exists()


def test_a_graph_that_violates_its_shapes_stops_a_parallel_build_and_leaves_nothing(tmp_path: Path):
    seed = (ROOT / "sources" / "ecsite.txt").read_text(encoding="utf-8")
    article = tmp_path / "ecsite.txt"
    article.write_text(seed.replace("| DOORS | 2021-2023 |", "| DOORS | 2023-2021 |"), encoding="utf-8")
    out = tmp_path / "dist"
    with pytest.raises(ValidationFailed, match="violates its shapes"):
        build(Inputs(sources=[article], source_dir=ROOT / "sources"), out=out, jobs=2)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist.validation.ttl", "ecsite.txt"]
