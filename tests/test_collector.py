"""A build runs the cycle collector less often, and gives the process its own setting back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from kg.core.collector import BUILD_THRESHOLDS, fewer_collections
from kg.core.progress import Recorded
from kg.errors import KgError
from kg.publish.build import build
from kg.publish.knowledge import Inputs

ROOT = Path(__file__).resolve().parent.parent


class Thresholds(Recorded):
    """A progress that notes the collector's thresholds at each stage."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int, int, int]] = []

    def stage(self, name: str, *, total: int | None = None) -> None:
        self.seen.append(gc.get_threshold())
        super().stage(name, total=total)


def test_a_build_collects_less_often_and_puts_the_processs_thresholds_back(tmp_path):
    before = gc.get_threshold()
    assert before != BUILD_THRESHOLDS
    progress = Thresholds()
    build(
        Inputs(sources=[ROOT / "sources" / "ecsite.txt"], source_dir=ROOT / "sources"),
        out=tmp_path / "dist",
        progress=progress,
    )
    assert len(progress.seen) >= 3
    assert set(progress.seen) == {BUILD_THRESHOLDS}
    assert gc.get_threshold() == before


def test_the_thresholds_are_put_back_when_the_block_fails():
    before = gc.get_threshold()
    with pytest.raises(KgError), fewer_collections((5000, 11, 12)):
        assert gc.get_threshold() == (5000, 11, 12)
        raise KgError("the build failed")
    assert gc.get_threshold() == before
