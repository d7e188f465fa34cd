"""Run one piece of a build in a forked child process while the parent does another.

A build's global steps are serial, but two of them need nothing from each other: writing the
graph's serialisations and validating it. On Linux the child is forked, so it sees the assembled
graph without copying or pickling it; its only result is the files it writes and, on failure, its
exception, sent back through a pipe and raised in the parent. Without ``fork`` (or with one job)
the work runs in the parent, first; the files are the same either way.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kg.errors import KgError


def can_fork() -> bool:
    """True where a forked child is safe and cheap (Linux): elsewhere the work runs in the parent."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _child(work: Callable[[], None], send: multiprocessing.connection.Connection) -> None:
    status = 0
    try:
        work()
        send.send_bytes(b"")
    except BaseException as exc:  # sent to the parent, which raises it
        status = 1
        try:
            payload = pickle.dumps(exc)
        except Exception:
            payload = pickle.dumps(KgError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        send.send_bytes(payload)
    finally:
        send.close()
        # Leave at once, flushing nothing: the clean-ups a fork inherits (exit handlers, finalizers,
        # the flush of standard streams that a caller such as pytest replaced) are the parent's to
        # run, and may wait on a lock that a thread of the parent held when it forked.
        os._exit(status)


@contextmanager
def meanwhile(work: Callable[[], None], *, parallel: bool) -> Iterator[None]:
    """Run ``work`` in a forked child while the ``with`` block runs in the parent; wait for it on leaving.

    An error in ``work`` is raised on leaving the block (after the block's own work); an error in the
    block stops the child. With ``parallel`` false, or where forking is not safe, ``work`` runs in
    the parent before the block.
    """
    if not parallel or not can_fork():
        work()
        yield
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send), name="kg-meanwhile")
    child.start()
    send.close()
    try:
        yield
    except BaseException:
        child.kill()
        child.join()
        raise
    try:
        payload = receive.recv_bytes()
    except EOFError:
        payload = None
    finally:
        receive.close()
        child.join()
    if payload is None:
        raise KgError(f"a build process ({child.pid}) ended without a word (exit status {child.exitcode})")
    if payload:
        raise pickle.loads(payload)
    if child.exitcode != 0:
        raise KgError(f"a build process ({child.pid}) ended with exit status {child.exitcode}")
