"""`kg serve` manages its child (issue 13, item 8), run as a real subprocess and sent real signals:
SIGTERM, SIGINT and SIGHUP stop the `oxigraph serve-read-only` child and remove its `kg-serve-*`
folder, with exit codes 143, 130 and 129; when the child dies kg serve exits 2 saying so; a port
already taken is refused (exit 2) before anything starts; both servers listen on 127.0.0.1 only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from kg.errors import EXIT_BAD_INPUT, EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_TERMINATED, StoreError
from tests.serving import ROOT, Running, alive, children_of, start, stop, wait_gone
from tests.stores import free_port

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def answers(url: str) -> bool:
    try:
        with _NO_PROXY.open(url, timeout=5):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture
def running(built: Path, tmp_path: Path):
    served = start(built, free_port(), tmp_path / "tmp")
    assert served.proc.poll() is None, served.output()
    yield served
    stop(served)


def the_child(running: Running) -> int:
    (child,) = running.children()
    assert "serve-read-only" in Path(f"/proc/{child}/cmdline").read_text()
    return child


@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGTERM, EXIT_TERMINATED, "terminated"),
        (signal.SIGINT, EXIT_INTERRUPTED, "interrupted"),
        (signal.SIGHUP, EXIT_HANGUP, "hung up"),
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP"],
)
def test_a_stopping_signal_stops_the_sparql_server_and_removes_its_folder(running, signum, code, said):
    child = the_child(running)
    (folder,) = running.folders()
    assert answers(f"{running.url}/query?query=ASK%7B%7D")
    os.kill(running.proc.pid, signum)
    assert running.proc.wait(timeout=30) == code
    assert wait_gone(child), "the oxigraph child is still running"
    assert not folder.exists()
    assert running.folders() == []
    assert not answers(f"{running.url}/index.html")
    assert said in running.output()


def test_a_second_signal_during_the_clean_up_does_not_leave_the_child(running):
    child = the_child(running)
    os.kill(running.proc.pid, signal.SIGTERM)
    os.kill(running.proc.pid, signal.SIGINT)
    os.kill(running.proc.pid, signal.SIGHUP)
    assert running.proc.wait(timeout=30) in (EXIT_TERMINATED, EXIT_INTERRUPTED, EXIT_HANGUP)
    assert wait_gone(child)
    assert running.folders() == []


def test_kg_serve_exits_with_a_clear_message_when_its_sparql_server_dies(running):
    child = the_child(running)
    os.kill(child, signal.SIGKILL)
    assert running.proc.wait(timeout=30) == EXIT_BAD_INPUT
    out = running.output()
    assert f"the SPARQL server (oxigraph serve-read-only, pid {child}) was killed by SIGKILL" in out
    assert "kg serve stops too" in out
    assert running.folders() == []
    assert not answers(f"{running.url}/index.html")


def test_the_sparql_server_does_not_outlive_a_kg_serve_killed_outright(running):
    """SIGKILL cannot be caught: the kernel sends the child SIGTERM when its parent dies (Linux)."""
    child = the_child(running)
    os.kill(running.proc.pid, signal.SIGKILL)
    running.proc.wait(timeout=30)
    assert wait_gone(child), "the oxigraph child outlived kg serve"


def test_a_port_already_taken_is_refused_before_anything_starts(built, tmp_path):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kg", "serve", "--dist", str(built), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert done.returncode == EXIT_BAD_INPUT
    assert f"127.0.0.1:{port}" in done.stderr and f"port {port} is taken" in done.stderr
    assert "SPARQL endpoint" not in done.stdout
    assert list(tmp_path.glob("kg-serve-*")) == []  # no store was loaded, no child started


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs that process ``pid`` listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:
                address, port = fields[1].split(":")
                found.add((address, int(port, 16)))
    return found


def test_both_servers_listen_on_127_0_0_1_only(running):
    loopback = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
    front = listening_addresses(running.proc.pid)
    child = listening_addresses(the_child(running))
    assert front == {(loopback, running.port)}
    assert len(child) == 1 and {address for address, _ in child} == {loopback}


class _Impostor(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"head":{},"boolean":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_the_sparql_servers_port_is_checked_to_be_its_own(built, monkeypatch, tmp_path):
    """Another server answering on the port chosen for Oxigraph is not mistaken for it."""
    from kg.query.serve import serving
    from kg.store import serve

    impostor = ThreadingHTTPServer(("127.0.0.1", 0), _Impostor)
    thread = Thread(target=impostor.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(serve, "_free_port", lambda: impostor.server_address[1])
    monkeypatch.setattr(serve.tempfile, "tempdir", str(tmp_path))
    before = children_of(os.getpid())
    try:
        with pytest.raises(StoreError, match="SPARQL server"), serving(dist=built, port=free_port()):
            pass
    finally:
        impostor.shutdown()
        impostor.server_close()
    assert not any(alive(pid) for pid in set(children_of(os.getpid())) - set(before))
    assert list(tmp_path.glob("kg-serve-*")) == []


def test_kg_serve_in_process_refuses_a_taken_port_and_a_folder_that_is_no_build(built, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    runner = CliRunner()
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        taken = runner.invoke(main, ["serve", "--dist", str(built), "--port", str(port)])
    assert taken.exit_code == EXIT_BAD_INPUT
    assert f"port {port} is taken" in taken.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = runner.invoke(main, ["serve", "--dist", str(empty), "--port", str(free_port())])
    assert missing.exit_code == EXIT_BAD_INPUT
    assert "index.html not found; run `kg build` first" in missing.output
    assert list(tmp_path.glob("kg-serve-*")) == []
