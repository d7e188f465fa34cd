"""Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``) for the staging graphs of a load, where
the store runs on this host and can read a folder kg writes to.

The staging graphs are written as N-Quads files into a fresh folder under the one given (it must be
in the server's ``DirsAllowed``), loaded by the server itself through ``isql``, and the folder is
removed. Everything after (counts, journal, the one move update) is as for any other upload: a
failed or partial bulk load is found by the counts and dropped, and the store is left as it was.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from kg.core.resources import package_data
from kg.errors import StoreError


def _sql_string(text: str) -> str:
    """A SQL string literal; text with control characters or backslashes is refused, not escaped."""
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in text):
        raise StoreError(f"cannot give {text!r} to Virtuoso's bulk loader: it holds a control character or a backslash")
    return "'" + text.replace("'", "''") + "'"


@cache
def _script() -> Template:
    return Template(package_data("sparql/virtuoso-bulk.sql").read_text(encoding="utf-8"))


def _isql_binary() -> str:
    for name in ("isql-vt", "isql-v", "isql"):
        if found := shutil.which(name):
            return found
    raise StoreError("--bulk needs Virtuoso's isql (isql-vt on Debian) on the PATH")


@dataclass(frozen=True)
class BulkLoader:
    """Where to write the files (``folder``, readable by the server) and how to reach its SQL port."""

    folder: Path
    sql: str = "127.0.0.1:1111"
    user: str = "dba"
    password: str = "dba"
    timeout: float = 3600.0

    def load(self, quads: Iterable[bytes], fallback_graph: str) -> None:
        """Load N-Quads lines through the bulk loader; a :class:`StoreError` unless every file loaded."""
        if not self.folder.is_dir():
            raise StoreError(f"--bulk {self.folder}: not a folder (it must be one the Virtuoso server can read)")
        run = self.folder.resolve() / f"kg-bulk-{uuid.uuid4().hex[:12]}"
        run.mkdir()
        try:
            with (run / "staging.nq").open("wb") as out:
                out.writelines(quads)
            run.chmod(0o755)
            (run / "staging.nq").chmod(0o644)
            self._run(run, fallback_graph)
        finally:
            shutil.rmtree(run, ignore_errors=True)

    def _run(self, run: Path, fallback_graph: str) -> None:
        script = _script().substitute(
            folder=_sql_string(str(run)),
            fallback=_sql_string(fallback_graph),
            pattern=_sql_string(f"{run}/%"),
        )
        command = [_isql_binary(), self.sql, self.user, self.password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"]
        try:
            done = subprocess.run(
                command, input=script, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise StoreError(f"Virtuoso's bulk loader did not finish within {self.timeout:g} s") from None
        output = done.stdout + done.stderr
        errors = [line for line in output.splitlines() if "KG-ERROR" in line or line.startswith("*** Error")]
        loaded = [line.split() for line in output.splitlines() if line.strip().startswith("KG-LOADED")]
        if done.returncode != 0 or errors or not loaded or loaded[-1][-1] != "1":
            detail = "; ".join(errors) or output.strip()[-500:] or f"isql exited with {done.returncode}"
            raise StoreError(f"Virtuoso's bulk loader failed on {run}: {detail}")
