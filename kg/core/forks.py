"""Work done in a forked child process; its result, or its exception, comes back through a pipe.

A forked child sees the parent's objects without copying or pickling them. That is how the build
writes its serialisations while it validates, and how the site's entity pages are written on
every core. Each child has a pipe of its own, so no lock is shared between processes.
``multiprocessing.Pool`` does share one: a worker waiting for a task holds its queue's lock. A
SIGTERM sent to the whole process group (``timeout``, a service manager) kills such a worker, and
the lock is never released. The pool's clean-up then waited for that lock forever, and
``kg build`` hung instead of exiting 143. Here the parent, on any error, kills its children and
reaps them: nothing to wait for.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from kg.errors import KgError

T = TypeVar("T")
_RESULT, _ERROR = b"r", b"e"


def can_fork() -> bool:
    """True where a forked child is safe and cheap (Linux): elsewhere the work runs in the parent."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _child(work: Callable[[], object], send: multiprocessing.connection.Connection) -> None:
    status = 0
    try:
        try:
            payload = _RESULT + pickle.dumps(work())
        except BaseException as exc:  # sent to the parent, which raises it
            status = 1
            try:
                payload = _ERROR + pickle.dumps(exc)
            except Exception:
                payload = _ERROR + pickle.dumps(KgError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        send.send_bytes(payload)
    except BaseException:  # the parent is gone, or stopped listening: nothing more to say
        status = 1
    finally:
        # Leave at once, flushing nothing: the clean-ups a fork inherits (exit handlers, finalizers,
        # the flush of standard streams that a caller such as pytest replaced) are the parent's to
        # run, and may wait on a lock that a thread of the parent held when it forked.
        os._exit(status)


class Forked(Generic[T]):
    """``work`` running in a forked child from the moment this is made; :meth:`result` waits for it."""

    def __init__(self, work: Callable[[], T], *, name: str = "kg-child") -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send), name=name)
        self._process.start()
        send.close()

    def result(self) -> T:
        """The value ``work`` returned; its exception is raised here. Either way the child is reaped."""
        try:
            payload = self._receive.recv_bytes()
        except EOFError:
            payload = b""
        finally:
            self._receive.close()
            self._process.join()
        pid, status = self._process.pid, self._process.exitcode
        if not payload:
            raise KgError(f"a build process ({pid}) ended without a word (exit status {status})")
        value = pickle.loads(payload[1:])
        if payload[:1] == _ERROR:
            raise value
        if status != 0:
            raise KgError(f"a build process ({pid}) ended with exit status {status}")
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Kill the child (if it still runs) and reap it."""
        self._process.kill()
        self._process.join()
        self._receive.close()
