"""Real triple stores for tests: Oxigraph (PyPI) and Virtuoso (Debian), on 127.0.0.1 and free ports."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RunningStore:
    kind: str
    endpoint: str
    user: str | None = None
    password: str | None = None
    query_url: str = ""
    #: Virtuoso: its SQL port (for isql) and a folder in its DirsAllowed, for the bulk loader.
    sql: str = ""
    folder: Path | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the store exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the store did not answer {url} within {seconds} s:\n{log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert found, "the oxigraph server is not installed (pip install oxigraph: it is in the test extras)"
    return found


@contextmanager
def oxigraph(tmp: Path) -> Iterator[RunningStore]:
    port = free_port()
    log = tmp / "oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(tmp / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc, 30, log)
        yield RunningStore("oxigraph", f"http://127.0.0.1:{port}", query_url=f"http://127.0.0.1:{port}/query")
    finally:
        _stop(proc)


@contextmanager
def virtuoso(tmp: Path) -> Iterator[RunningStore]:
    binary = shutil.which("virtuoso-t")
    assert binary, "virtuoso-t is not installed (.ci/run installs Debian's virtuoso-opensource)"
    folder = tmp / "virtuoso"
    folder.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        (HERE / "stores" / "virtuoso.ini").read_text().format(dir=folder, sql_port=sql_port, http_port=http_port)
    )
    log = folder / "stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", proc, 90, log)
        yield RunningStore(
            "virtuoso",
            f"http://127.0.0.1:{http_port}",
            "dba",
            "dba",
            query_url=f"http://127.0.0.1:{http_port}/sparql",
            sql=f"127.0.0.1:{sql_port}",
            folder=folder,
        )
    finally:
        _stop(proc)
