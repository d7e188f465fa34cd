"""The per-article stage on several processes gives the same bytes as in one, whatever the hash seed,
and reports unreadable articles exactly as a serial build does."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import Executor, Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import SourceError
from kg.publish.articles import POOL_FROM, ArticleStage, map_articles, process_pool
from kg.publish.build import build
from kg.publish.knowledge import Inputs
from kg.source.aliases import Aliases
from kg.source.config import Config
from tests.builds import assert_same_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
CORPUS = ROOT / "tests" / "data" / "corpus"


def build_cli(*args: str) -> None:
    result = CliRunner().invoke(main, ["build", "--quiet", "--no-cache", *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A synthetic corpus of 30 articles (the project's generator's, kept in tests/data/corpus)."""
    folder = tmp_path_factory.mktemp("corpus30")
    for article in sorted(CORPUS.glob("*.txt")):
        (folder / article.name).write_bytes(article.read_bytes())
    assert len(list(folder.glob("*.txt"))) == 30
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    """The corpus built serially (--jobs 1), as the reference the parallel builds must match."""
    out = tmp_path_factory.mktemp("serial") / "dist"
    # in a process of its own: the build forks its site workers, which a test process's leftover
    # threads (servers, stores and clusters of earlier tests) must not be inherited into
    command = [sys.executable, "-m", "kg", "build", "-q", "--jobs", "1", "--no-cache", "--source-dir", str(corpus)]
    run = subprocess.run([*command, "--out", str(out)], capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    return out


def test_a_parallel_build_of_the_synthetic_corpus_writes_the_same_bytes_as_a_serial_one(corpus, serial, tmp_path):
    build_cli("--source-dir", str(corpus), "--out", str(tmp_path / "dist"), "--jobs", "2")
    assert_same_files(serial, tmp_path / "dist")


def test_a_serial_build_on_the_command_line_writes_the_same_bytes_as_the_library(corpus, serial, tmp_path):
    build_cli("--source-dir", str(corpus), "--out", str(tmp_path / "dist"), "--jobs", "1")
    assert_same_files(serial, tmp_path / "dist")


def test_parallel_and_serial_builds_of_the_test_articles_write_the_same_bytes(tmp_path):
    sources = sorted(ARTICLES.glob("*.txt"))
    build_cli(*(str(p) for p in sources), "--out", str(tmp_path / "one"), "--jobs", "1")
    with process_pool(2) as pool:  # `kg build` maps so few articles here; the library maps them on the pool
        stage = ArticleStage(executor=pool, chunk_size=1, release=pool.shutdown)  # no pool threads at the forks
        build(Inputs(sources=sources, article_stage=stage), out=tmp_path / "two")
    assert_same_files(tmp_path / "one", tmp_path / "two")


def test_a_small_build_maps_its_articles_without_starting_the_pool(tmp_path):
    sources = sorted(ARTICLES.glob("*.txt"))
    stage = ArticleStage(executor=Refusing(), parallel_from=POOL_FROM)  # starting workers costs more than mapping
    build(Inputs(sources=sources, article_stage=stage), out=tmp_path / "dist")
    assert (tmp_path / "dist" / "graph.ttl").is_file()
    assert len(sources) < POOL_FROM


class Refusing(Executor):
    """An executor that fails any work it is given."""

    def submit(self, fn: object, /, *args: object, **kwargs: object) -> Future[object]:  # type: ignore[override]
        raise AssertionError("the executor was given work")


@pytest.mark.parametrize("seed", ["1", "4242"])
def test_a_parallel_build_writes_the_same_bytes_under_another_hash_seed(corpus, serial, tmp_path, seed):
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "kg", "build", "-q", "--jobs", "2", "--no-cache"]
    run = subprocess.run(
        [*command, "--source-dir", str(corpus), "--out", str(tmp_path / "dist")], env=env, capture_output=True
    )
    assert run.returncode == 0, run.stderr.decode()
    assert_same_files(serial, tmp_path / "dist")


def broken_corpus(folder: Path) -> list[Path]:
    """Five articles, the second and the fourth unreadable (one not UTF-8, one empty)."""
    paths = []
    for n, name in enumerate(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]):
        path = folder / name
        path.write_bytes((ARTICLES / "nordic_festivals.txt").read_bytes())
        if n == 1:
            path.write_bytes(b"= Title =\n\xff\xfe not text\n")
        elif n == 3:
            path.write_bytes(b"")
        paths.append(path)
    return paths


def test_the_first_unreadable_article_in_order_stops_a_parallel_stage_as_it_stops_a_serial_one(tmp_path):
    paths = broken_corpus(tmp_path)
    with pytest.raises(SourceError) as serial:
        map_articles(paths, config=Config(), aliases=Aliases())
    with process_pool(2) as pool, pytest.raises(SourceError) as parallel:
        map_articles(paths, config=Config(), aliases=Aliases(), executor=pool, chunk_size=1)
    assert str(parallel.value) == str(serial.value)
    assert (parallel.value.path, parallel.value.line) == (paths[1], 2)


def test_keep_going_leaves_out_the_same_articles_with_the_same_errors_in_parallel(tmp_path):
    paths = broken_corpus(tmp_path)
    mapped, errors = map_articles(paths, config=Config(), aliases=Aliases(), keep_going=True)
    with process_pool(2) as pool:
        mapped2, errors2 = map_articles(
            paths, config=Config(), aliases=Aliases(), keep_going=True, executor=pool, chunk_size=2
        )
    assert [m.path for m in mapped2] == [m.path for m in mapped] == [paths[0], paths[2], paths[4]]
    assert [str(e) for e in errors2] == [str(e) for e in errors]
    assert [(e.path, e.line) for e in errors2] == [(paths[1], 2), (paths[3], None)]
    assert [m.triples for m in mapped2] == [m.triples for m in mapped]
    assert [m.notices for m in mapped2] == [m.notices for m in mapped]


def test_a_missing_article_is_the_same_os_error_in_parallel(tmp_path):
    paths = [*broken_corpus(tmp_path)[:1], tmp_path / "gone.txt"]
    with pytest.raises(FileNotFoundError) as serial:
        map_articles(paths, config=Config(), aliases=Aliases(), keep_going=True)
    with process_pool(2) as pool, pytest.raises(FileNotFoundError) as parallel:
        map_articles(paths, config=Config(), aliases=Aliases(), keep_going=True, executor=pool)
    assert str(parallel.value) == str(serial.value)
