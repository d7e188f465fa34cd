"""What ``kg build`` shows while it works: a live display of its stages and counts, on a terminal.

The library reports to a :class:`~kg.core.progress.Progress`; here that becomes a ``rich`` display
on standard error when it is a terminal (and ``-q`` was not given): one line per stage with its
bar, and the counts so far (articles read, from the cache, triples …). Otherwise nothing is drawn,
so logs and CI output stay clean, and the command prints only its summary line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

from kg.core.progress import SILENT, Progress

#: How often the display is redrawn at most, per second.
REDRAWS = 10


class _Display(RichProgress):
    """rich's progress bars, one task per stage, with a line of counts beneath them."""

    def __init__(self, console: Console) -> None:
        self.counts: dict[str, int] = {}
        super().__init__(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            auto_refresh=False,  # no refreshing thread: later stages fork, which a threaded process must not
        )

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        if self.counts:
            yield Text("  " + " · ".join(f"{what} {value:,}" for what, value in self.counts.items()), style="dim")


class LiveProgress:
    """A :class:`~kg.core.progress.Progress` drawn live: each stage a line, the counts beneath.

    The display is redrawn when the build reports something (at most :data:`REDRAWS` times a second),
    not by a thread of its own."""

    def __init__(self, display: _Display) -> None:
        self._display = display
        self._task: TaskID | None = None
        self._drawn = 0.0

    def stage(self, name: str, *, total: int | None = None) -> None:
        self._finish()
        self._task = self._display.add_task(name, total=total)
        self._redraw(now=True)

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._display.advance(self._task, steps)
            self._redraw()

    def count(self, what: str, value: int) -> None:
        self._display.counts[what] = value
        self._redraw()

    def _redraw(self, *, now: bool = False) -> None:
        if now or time.monotonic() - self._drawn >= 1 / REDRAWS:
            self._display.refresh()
            self._drawn = time.monotonic()

    def _finish(self) -> None:
        if self._task is not None:
            task = self._display.tasks[self._task]
            self._display.update(self._task, total=task.total or 1, completed=task.total or 1)
            self._display.refresh()


def showing(*, quiet: bool, console: Console | None = None) -> bool:
    """Whether to draw the display: not with ``-q``, and only when standard error (or ``console``) is a terminal."""
    if quiet:
        return False
    if console is not None:
        return console.is_terminal
    return sys.stderr.isatty()


@contextmanager
def live_progress(*, quiet: bool, console: Console | None = None) -> Iterator[Progress]:
    """The progress to give a long command: a live display on a terminal, else :data:`SILENT`."""
    if not showing(quiet=quiet, console=console):
        yield SILENT
        return
    display = _Display(console or Console(stderr=True))
    live = LiveProgress(display)
    with display:
        try:
            yield live
        finally:
            live._finish()


def summary(*, triples: int, articles: int, seconds: float) -> str:
    """The line a build ends with, on a terminal or not: ``built 1,115,300 triples from 1,000 articles in 28.4 s``."""
    return f"built {triples:,} triples from {articles:,} article{'s' if articles != 1 else ''} in {seconds:.1f} s"
