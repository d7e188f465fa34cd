"""`kg serve` as a real subprocess for its own tests, and a listener that records every connection.

The server runs with its temporary folder (``kg-serve-*``) under a folder of the test's own (TMPDIR),
so that what it leaves behind can be seen; its SPARQL server is found as its child in ``/proc``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that accepts and records every connection made to it."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@contextmanager
def listener() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    found = Listener(int(sock.getsockname()[1]))
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, peer = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            found.connections.append(peer)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join(timeout=5)
        sock.close()


@dataclass
class Running:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    tmpdir: Path
    #: Its children once it served, so that a child it leaves behind is still stopped by the test.
    seen: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def children(self) -> list[int]:
        return children_of(self.proc.pid)

    def folders(self) -> list[Path]:
        return sorted(self.tmpdir.glob("kg-serve-*"))


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc/*/stat)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def start(dist: Path, port: int, tmpdir: Path) -> Running:
    """Start `kg serve` and return once it says it serves (or has exited)."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    log = tmpdir / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", "-m", "kg", "serve", "--dist", str(dist), "--port", str(port)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(tmpdir)},
        )
    running = Running(proc, port, log, tmpdir)
    deadline = time.monotonic() + 60
    while "SPARQL endpoint:" not in running.output() and proc.poll() is None:
        if time.monotonic() > deadline:
            stop(running)
            raise RuntimeError(f"kg serve did not start within 60 s:\n{running.output()}")
        time.sleep(0.1)
    running.seen = running.children()
    return running


def stop(running: Running) -> None:
    """Stop `kg serve` (and, should it have left it, its SPARQL server) by pid."""
    pids = set(running.children()) | set(running.seen)
    if running.proc.poll() is None:
        running.proc.terminate()
        try:
            running.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            running.proc.kill()
            running.proc.wait()
    for pid in pids:
        if alive(pid) and "serve-read-only" in _cmdline(pid):  # still that child, not a pid used again
            os.kill(pid, 9)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
