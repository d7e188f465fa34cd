"""What a long command reports while it works: stages and counts, shown (or not) by the caller.

The library calls a :class:`Progress`; the CLI passes one that draws a live display on a
terminal, tests and library users get :data:`SILENT`. Nothing here prints.
"""

from __future__ import annotations

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
