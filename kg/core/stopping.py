"""A stop that a signal asked for, remembered until a command's point of no return.

Python raises ``KeyboardInterrupt`` (and kg's handler :class:`~kg.errors.Terminated`) wherever the
main thread happens to be when the signal lands. If that is inside a finalizer or a library's
catch-all, the exception is swallowed and the command goes on as if nothing had happened: a build
interrupted that way used to publish its output and exit 0. So the handler also remembers the
signal, and a command checks the record at the one step that cannot be undone (moving a build into
place): a stop asked for before it is always honoured there, and one that lands after it is
deferred, so the output is complete and the exit code says so.

The record is the process's own signal state, as the handlers are: :func:`handling` installs the
handlers and starts a clean record for one command, and puts the previous handlers back after it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kg.errors import Terminated

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class _Record:
    asked: int | None = None  # the first signal that asked for a stop
    deferred: bool = False  # past the point of no return: remembered, not raised


_record = _Record()


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated


def _handler(signum: int, frame: object) -> None:
    if _record.asked is None:
        _record.asked = signum
    if not _record.deferred:
        _raise(signum)


def asked() -> int | None:
    """The signal that asked this command to stop, if one did."""
    return _record.asked


def check() -> None:
    """Raise the stop a signal asked for, if one did (even if its exception was swallowed on the way)."""
    if _record.asked is not None and not _record.deferred:
        _raise(_record.asked)


def commit() -> None:
    """Called at the step that cannot be undone: a stop asked for before it is raised here, and one
    asked for after it (until the command ends) is only remembered, so the step is finished."""
    check()
    _record.deferred = True


@contextmanager
def handling() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into exceptions, remembered, while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _record
    previous: dict[int, Callable[..., object] | int | None] = {}
    saved = _record
    _record = _Record()
    try:
        for s in SIGNALS:
            previous[s] = signal.signal(s, _handler)
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old if old is not None else signal.SIG_DFL)
        _record = saved
