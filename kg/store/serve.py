"""The build served on 127.0.0.1: the linked-data site with content negotiation, and a read-only SPARQL
endpoint at ``/query`` (the Oxigraph server, run on a port of its own behind :mod:`kg.store.negotiate`).

The server is the only thing ``kg serve`` starts, and it manages it:

- the port asked for is taken (bound and listening) before anything else starts, so a port already in
  use is refused with its number, and no query of the user's reaches another server;
- Oxigraph (``oxigraph serve-read-only``) runs in a session of its own on a free port of 127.0.0.1,
  checked to be its own socket once it answers; on Linux it is sent SIGTERM if kg dies first;
- when the block ends, however it ends (an error, or under :func:`stopping_on_signals` Ctrl-C,
  SIGTERM or SIGHUP), the child is stopped (SIGTERM, then SIGKILL after a grace period, and waited
  for) and its ``kg-serve-*`` folder removed, further signals ignored until that is done;
- :meth:`Server.watch` returns only by an error: when the child stops, kg serve stops too.

Every query passes the ``gate`` before it is sent on (see :func:`kg.query.serve.serving`).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from kg.errors import HungUp, KgError, StoreError, Terminated
from kg.store.negotiate import Gate, front, listen

#: Seconds the SPARQL server is given to stop after SIGTERM before it is killed.
GRACE = 5.0
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Server:
    url: str
    query_url: str
    #: The Oxigraph server's process.
    pid: int
    #: Where Oxigraph itself answers (the front server passes ``/query`` on to it, once checked).
    sparql_url: str = ""
    #: The temporary folder of the store, removed when serving ends.
    folder: Path | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)
    _log: Path | None = field(default=None, repr=False, compare=False)

    def watch(self) -> NoReturn:
        """Block while the SPARQL server runs; raise :class:`~kg.errors.StoreError` when it stops."""
        if self._proc is None:
            raise KgError("this server has no SPARQL process to watch")
        while True:
            # a bounded wait: a signal the kernel hands to another thread (the front server's) is only
            # acted on when the main thread runs Python again, which a blocking waitpid would not do
            try:
                code = self._proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                continue
        raise StoreError(f"{_stopped(code, self.pid, self._log)}; kg serve stops too, as its endpoint is gone")


def _stopped(code: int, pid: int, log: Path | None) -> str:
    how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
    said = _tail(log)
    return f"the SPARQL server (oxigraph serve-read-only, pid {pid}) {how}" + (f": {said}" if said else "")


def _tail(log: Path | None, lines: int = 5) -> str:
    if log is None or not log.is_file():
        return ""
    said = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " / ".join([line for line in said if not line.startswith("Listening for requests")][-lines:])


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
def serving(*, dist: Path, port: int = 7878, gate: Gate, startup: float = 30.0) -> Iterator[Server]:
    """Serve the build on ``127.0.0.1:port`` until the block ends: the site (``dist/site``, entity IRIs
    negotiated), the other files of ``dist``, and the SPARQL endpoint at ``/query``, where each query
    is first given to ``gate(text, graphs=…)``, which raises a :class:`~kg.errors.KgError` to refuse it
    (answered with 400)."""
    if not (dist / "site" / "index.html").is_file():
        raise KgError(f"{dist / 'site' / 'index.html'} not found; run `kg build` first (or pass --dist)")
    files = [dist / "graph.nt", dist / "graph.nq"]
    for data in files:
        if not data.is_file():
            raise KgError(f"{data} not found; run `kg build` first (or pass --dist)")
    listening = listen(dist=dist, port=port)  # before anything starts: a port in use is refused here
    try:
        with _sparql(files=files, startup=startup) as sparql:
            graphs = _graph_names(sparql.url)
            with front(listening, upstream=sparql.url, gate=gate, graphs=graphs) as site:
                yield Server(
                    url=site.url,
                    query_url=f"{site.url}/query",
                    pid=sparql.pid,
                    sparql_url=sparql.url,
                    folder=sparql.folder,
                    _proc=sparql._proc,
                    _log=sparql._log,
                )
    finally:
        listening.server_close()


#: Set while a SPARQL server is being stopped: a stopping signal is then ignored, the clean-up goes on.
_CLEANING = threading.Event()
_RAISES: dict[str, type[BaseException]] = {"SIGINT": KeyboardInterrupt, "SIGTERM": Terminated, "SIGHUP": HungUp}


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While the block runs (in the main thread), the first SIGINT, SIGTERM or SIGHUP raises
    KeyboardInterrupt, :class:`~kg.errors.Terminated` or :class:`~kg.errors.HungUp`, so that serving
    ends and cleans up; a later one, or one during a clean-up, is ignored, so that it cannot break
    off a clean-up half done. Outside the block the handlers are what they were."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = threading.Event()

    def handler(signum: int, frame: object) -> None:
        if fired.is_set() or _CLEANING.is_set():
            return
        fired.set()
        raise _RAISES[signal.Signals(signum).name]

    previous = {s: signal.signal(s, handler) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a ``preexec_fn`` asking the kernel to send the child SIGTERM when kg dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # kg died before the call took effect
            os._exit(1)

    return preexec


def _stop(proc: subprocess.Popen[bytes], grace: float = GRACE) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait()


@contextmanager
def _sparql(*, files: list[Path], startup: float) -> Iterator[Server]:
    """Load the build into a temporary store and serve it read-only until the block ends.

    The default graph is ``graph.nt``, the whole graph with each triple once, as the build counts
    it (Oxigraph's ``--union-default-graph`` would count a triple shared by two articles twice);
    the per-article graphs of ``graph.nq`` are there by name too, for ``GRAPH`` patterns.
    """
    binary = _oxigraph()
    folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    store, log = folder / "store", folder / "oxigraph.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        loaded = subprocess.run(
            [binary, "load", "--location", str(store), "--file", *map(str, files)], capture_output=True, text=True
        )
        if loaded.returncode != 0:
            raise KgError(f"oxigraph could not load {files[0].parent}: {loaded.stderr.strip()}")
        port = _free_port()
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C at the terminal reaches kg, which stops the child itself
                preexec_fn=_die_with_parent(),
            )
        url = f"http://127.0.0.1:{port}"
        _wait_ready(proc, url, port=port, startup=startup, log=log)
        yield Server(url=url, query_url=f"{url}/query", pid=proc.pid, folder=folder, _proc=proc, _log=log)
    finally:
        _CLEANING.set()
        try:
            if proc is not None:
                _stop(proc)
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            _CLEANING.clear()


def _wait_ready(proc: subprocess.Popen[bytes], url: str, *, port: int, startup: float, log: Path) -> None:
    deadline = time.monotonic() + startup
    while True:
        code = proc.poll()
        if code is not None:
            raise StoreError(_stopped(code, proc.pid, log))
        try:
            with _NO_PROXY.open(f"{url}/query?query=ASK%7B%7D", timeout=2):
                pass
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise StoreError(f"the oxigraph server did not answer on {url} within {startup:g} s") from None
            time.sleep(0.1)
            continue
        if _owns(proc.pid, port) is False:
            raise StoreError(f"port {port} of 127.0.0.1 answers, but not from the SPARQL server kg started")
        return


def _graph_names(url: str) -> frozenset[str]:
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"})
    request = urllib.request.Request(f"{url}/query?{query}", headers={"Accept": "application/sparql-results+json"})
    try:
        with _NO_PROXY.open(request, timeout=60) as response:
            rows = json.load(response)["results"]["bindings"]
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise StoreError(f"the SPARQL server on {url} did not list its graphs: {exc}") from None
    return frozenset(row["g"]["value"] for row in rows if row["g"]["type"] == "uri")


def _owns(pid: int, port: int) -> bool | None:
    """Whether process ``pid`` holds the socket listening on ``port`` (read from ``/proc``), or None
    where ``/proc`` does not tell (not Linux)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None
    held = set()
    for fd in fds:
        try:
            held.add(os.readlink(fd))
        except OSError:
            continue
    return bool(inodes & held)
