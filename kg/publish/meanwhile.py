"""Run one piece of a build in a forked child process while the parent does another.

A build's global steps are serial, but two of them need nothing from each other: writing the
graph's serialisations and validating it. On Linux the child is forked (:mod:`kg.core.forks`), so
it sees the assembled graph without copying or pickling it; its only result is the files it
writes and, on failure, its exception, raised in the parent. Without ``fork`` (or with one job)
the work runs in the parent, first; the files are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from kg.core.forks import Forked, can_fork

__all__ = ["can_fork", "meanwhile"]


def _nothing_back(work: Callable[[], object]) -> None:
    """Run ``work`` for its files: what it returns stays in the child (it need not pickle)."""
    work()


@contextmanager
def meanwhile(work: Callable[[], object], *, parallel: bool) -> Iterator[None]:
    """Run ``work`` in a forked child while the ``with`` block runs in the parent; wait for it on leaving.

    An error in ``work`` is raised on leaving the block (after the block's own work); an error in the
    block stops the child. With ``parallel`` false, or where forking is not safe, ``work`` runs in
    the parent before the block.
    """
    if not parallel or not can_fork():
        work()
        yield
        return
    child = Forked(partial(_nothing_back, work), name="kg-meanwhile")
    try:
        yield
    except BaseException:
        child.stop()
        raise
    child.result()
