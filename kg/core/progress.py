"""What a long command reports while it works: stages and counts, shown (or not) by the caller.

The library calls a :class:`Progress`; the CLI passes one that draws a live display on a
terminal, tests and library users get :data:`SILENT`. Nothing here prints.
"""

from __future__ import annotations

import time
from typing import Protocol


class Progress(Protocol):
    """Told of each stage as it starts, of the work done in it, and of counts worth showing."""

    def stage(self, name: str, *, total: int | None = None) -> None:
        """A stage starts (``total``: how many steps it has, when known)."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""

    def count(self, what: str, value: int) -> None:
        """A figure to show beside the stages: ``triples``, ``files`` …"""


class _Silent:
    def stage(self, name: str, *, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def count(self, what: str, value: int) -> None:
        pass


#: A progress that shows nothing.
SILENT: Progress = _Silent()


class Recorded:
    """A progress that shows nothing and keeps what it was told: the last value of each count, and
    the seconds each stage took (for benchmarks, and for tests that check what a build did)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._current: str | None = None
        self._since = time.perf_counter()

    def stage(self, name: str, *, total: int | None = None) -> None:
        self.finish()
        self._current, self._since = name, time.perf_counter()

    def advance(self, steps: int = 1) -> None:
        pass

    def count(self, what: str, value: int) -> None:
        self.counts[what] = value

    def finish(self) -> dict[str, float]:
        """End the current stage; the seconds of every stage so far."""
        if self._current is not None:
            elapsed = time.perf_counter() - self._since
            self.seconds[self._current] = self.seconds.get(self._current, 0.0) + elapsed
            self._current = None
        return self.seconds
