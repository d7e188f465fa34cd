"""The per-article stage on a Dask cluster (an in-process LocalCluster) gives the bytes of a serial build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.publish.articles import map_articles
from kg.source.aliases import Aliases
from kg.source.config import Config

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
    first, second = files_in(tmp_path / "serial"), files_in(tmp_path / "dask")
    assert sorted(first) == sorted(second) and "graph.ttl" in first
    assert [name for name in first if first[name] != second[name]] == []


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
