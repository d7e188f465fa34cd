"""The per-article stage on a Dask cluster (an in-process LocalCluster) gives the bytes of a serial build."""

from __future__ import annotations

import shutil
from pathlib import Path

import distributed  # a test dependency: its absence is a failure, not a skip
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.publish.articles import map_articles
from kg.source.aliases import Aliases
from kg.source.config import Config
from tests.builds import assert_same_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two workers on 127.0.0.1 (TCP, as a real cluster), threads of this process, no dashboard."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    ) as local:
        yield local


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in [*sorted(ARTICLES.glob("*.txt")), ROOT / "sources" / "ecsite.txt"]:
        shutil.copy(path, folder / path.name)
    for name in ("dataset.toml", "aliases.csv"):
        shutil.copy(ROOT / "sources" / name, folder / name)
    return folder


def test_a_build_on_a_dask_cluster_writes_the_same_bytes_as_a_serial_build(cluster, sources, tmp_path):
    runner = CliRunner()
    args = ["build", "-q", "--no-cache", "--source-dir", str(sources)]
    serial = runner.invoke(main, [*args, "--out", str(tmp_path / "serial"), "--jobs", "1"])
    assert serial.exit_code == 0, serial.output
    on_dask = runner.invoke(
        main, [*args, "--out", str(tmp_path / "dask"), "--dask-scheduler", cluster.scheduler_address]
    )
    assert on_dask.exit_code == 0, on_dask.output
    assert_same_files(tmp_path / "serial", tmp_path / "dask")


def test_the_dask_executor_keeps_the_order_of_the_paths_and_the_first_error(cluster, sources):
    paths = sorted(sources.glob("*.txt"))
    (sources / "b_empty.txt").write_bytes(b"")
    broken = sorted(sources.glob("*.txt"))
    with distributed.Client(cluster.scheduler_address) as client, client.get_executor() as executor:
        mapped, _ = map_articles(paths, config=Config(), aliases=Aliases(), executor=executor, chunk_size=1)
        _, errors = map_articles(
            broken, config=Config(), aliases=Aliases(), executor=executor, chunk_size=2, keep_going=True
        )
    here, _ = map_articles(paths, config=Config(), aliases=Aliases())
    assert [m.path for m in mapped] == paths
    assert [m.triples for m in mapped] == [m.triples for m in here]
    assert [(e.path.name, e.line) for e in errors] == [("b_empty.txt", None)]


def test_an_unreachable_scheduler_is_bad_input(tmp_path, sources):
    result = CliRunner().invoke(
        main,
        [
            "build",
            "-q",
            "--source-dir",
            str(sources),
            "--out",
            str(tmp_path / "d"),
            "--dask-scheduler",
            "tcp://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "--dask-scheduler tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "d").exists()
