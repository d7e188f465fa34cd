"""Where ``kg build`` maps its articles: here, on a pool of processes, or on a Dask cluster.

The command line makes the executor and hands it to the library (as it does a store): the library
takes any :class:`concurrent.futures.Executor` and never starts one itself. The stage releases it
as soon as the articles are mapped, so that no pool's or client's threads run while later stages
fork their own workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError
from kg.publish.articles import ArticleStage


@contextmanager
def article_stage(*, jobs: int, cache: Path | None, dask_scheduler: str | None = None) -> Iterator[ArticleStage]:
    """How to run the per-article stage: in this process for one job, on a process pool for more,
    or on a Dask cluster when ``dask_scheduler`` names one; whatever was started is stopped at the end."""
    if dask_scheduler is not None:
        with _dask(dask_scheduler, cache) as stage:
            yield stage
        return
    if jobs <= 1:
        yield ArticleStage(cache=cache)
        return
    from kg.publish.articles import POOL_FROM, process_pool

    with process_pool(jobs) as pool:  # its workers start when given work: not at all for a small build
        yield ArticleStage(executor=pool, cache=cache, release=pool.shutdown, parallel_from=POOL_FROM)


@contextmanager
def _dask(address: str, cache: Path | None) -> Iterator[ArticleStage]:
    try:
        from distributed import Client
    except ImportError:
        raise KgError(
            "--dask-scheduler needs dask.distributed, which is not installed; expected it from pip install 'kg[cluster]'"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, ValueError) as exc:
        raise KgError(
            f"--dask-scheduler {address}: cannot reach the scheduler ({exc}); expected tcp://HOST:PORT"
        ) from None
    try:
        yield ArticleStage(executor=client.get_executor(), cache=cache, release=client.close)
    finally:
        client.close()
