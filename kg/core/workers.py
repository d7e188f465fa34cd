"""Run one of kg's own modules as a worker process: started (not forked) from ``sys.executable``,
so that it holds none of the build's memory, fed on standard input, answering on standard output.

A large build validates its graph and answers its query pages this way
(:mod:`kg.validation.isolated`, :mod:`kg.site.answers`): each step would otherwise hold another
copy of the graph beside the build's own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

#: From this many triples a build runs those steps in worker processes: a Python start is then
#: small beside the step, and the memory it saves is not.
WORKER_FROM = 200_000


@dataclass(frozen=True)
class Finished:
    """How a worker ended: its exit status, what it wrote on standard output and on standard error."""

    status: int
    output: bytes
    errors: str

    def failure(self, what: str) -> RuntimeError:
        """The internal error of a worker that failed, with the last line it wrote on standard error."""
        last = self.errors.splitlines()[-1] if self.errors else "no message"
        return RuntimeError(f"{what} ended with status {self.status}: {last}")


def run_module(module: str, args: Sequence[str], feed: Callable[[IO[bytes]], None]) -> Finished:
    """Run ``python -m module args``, ``feed`` writing its standard input; wait for it to end.

    The worker is killed if this process is interrupted (a signal, an error in ``feed``). Standard
    error goes to a temporary file, so a worker that writes much there cannot block on it.
    """
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
        try:
            assert process.stdin is not None and process.stdout is not None
            try:
                feed(process.stdin)
                process.stdin.close()
            except BrokenPipeError:  # the worker stopped early: its status and stderr say why
                pass
            output = process.stdout.read()
            status = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    return Finished(status, output, said)
