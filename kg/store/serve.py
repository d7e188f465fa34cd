"""The build served on 127.0.0.1: the linked-data site with content negotiation, and a read-only SPARQL
endpoint at ``/query`` (the Oxigraph server, run on a port of its own behind :mod:`kg.store.negotiate`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.core.defaults import DEFAULT_OUT
from kg.errors import KgError
from kg.store.negotiate import front


@dataclass(frozen=True)
class Server:
    url: str
    query_url: str
    #: The Oxigraph server's process.
    pid: int
    #: Where Oxigraph itself answers (the front server passes ``/query`` on to it).
    sparql_url: str = ""


def _oxigraph() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise KgError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(*, dist: Path = DEFAULT_OUT, port: int = 7878, startup: float = 30.0) -> Iterator[Server]:
    """Serve the build on ``127.0.0.1:port`` until the block ends: the site (``dist/site``, entity IRIs
    negotiated), the other files of ``dist``, and the SPARQL endpoint at ``/query``."""
    if not (dist / "site" / "index.html").is_file():
        raise KgError(f"{dist / 'site' / 'index.html'} not found; run `kg build` first (or pass --dist)")
    with (
        _sparql(dist=dist, port=_free_port(), startup=startup) as sparql,
        front(dist=dist, port=port, upstream=sparql.url) as site,
    ):
        yield Server(url=site.url, query_url=f"{site.url}/query", pid=sparql.pid, sparql_url=sparql.url)


@contextmanager
def _sparql(*, dist: Path, port: int, startup: float) -> Iterator[Server]:
    """Load the build into a temporary store and serve it read-only until the block ends.

    The default graph is ``graph.nt``, the whole graph with each triple once, as the build counts
    it (Oxigraph's ``--union-default-graph`` would count a triple shared by two articles twice);
    the per-article graphs of ``graph.nq`` are there by name too, for ``GRAPH`` patterns.
    """
    files = [dist / "graph.nt", dist / "graph.nq"]
    for data in files:
        if not data.is_file():
            raise KgError(f"{data} not found; run `kg build` first (or pass --dist)")
    binary = _oxigraph()
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        loaded = subprocess.run(
            [binary, "load", "--location", tmp, "--file", *map(str, files)], capture_output=True, text=True
        )
        if loaded.returncode != 0:
            raise KgError(f"oxigraph could not load {dist}: {loaded.stderr.strip()}")
        proc = subprocess.Popen(
            [binary, "serve-read-only", "--location", tmp, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + startup
            while True:
                if proc.poll() is not None:
                    raise KgError(f"the oxigraph server stopped: {proc.stderr.read().decode(errors='replace').strip()}")
                try:
                    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                    with opener.open(f"{url}/query?query=ASK%7B%7D", timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        raise KgError(f"the oxigraph server did not answer on {url} within {startup:g} s") from None
                    time.sleep(0.2)
            yield Server(url=url, query_url=f"{url}/query", pid=proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
