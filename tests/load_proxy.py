"""A fault-injecting HTTP proxy on 127.0.0.1, in a thread, in front of a real store.

Each request is read whole; ``fault(request)`` picks what happens to it: ``None`` forwards it and
returns the store's answer; otherwise one of the faults in :data:`FAULTS`. A fault is used once
(``once=True``) so that the clean-up requests after it reach the store.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable

#: What the proxy can do to a request instead of (or besides) forwarding it.
FAULTS = (
    "truncate",  # an answer whose Content-Length is larger than its body
    "not-http",  # an answer that is not HTTP at all
    "headers",  # an answer with 150 headers
    "reset",  # the connection reset before any answer
    "trickle",  # the answer sent one byte a second
    "forward-then-reset",  # the store applies the request, the client gets a reset
    "delay",  # forwarded after a pause of `delay` seconds
    "call",  # `callback()` runs (e.g. kill -9 the store), then the connection is reset
)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        fault: Callable[[bytes], str | None],
        *,
        once: bool = True,
        delay: float = 3.0,
        callback: Callable[[], None] | None = None,
    ) -> None:
        self.upstream_port, self.fault, self.once = upstream_port, fault, once
        self.delay, self.callback = delay, callback
        self.fired: list[str] = []
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _pick(self, request: bytes) -> str | None:
        if self.once and self.fired:
            return None
        mode = self.fault(request)
        if mode is not None:
            self.fired.append(mode)
        return mode

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=120) as up:
            head, _, body = request.partition(b"\r\n\r\n")
            lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
            up.sendall(b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body)
            answer = b""
            while chunk := up.recv(65536):
                answer += chunk
            return answer

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(120)
            request = _read_request(conn)
            if not request:
                conn.close()
                return
            mode = self._pick(request)
            if mode == "truncate":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: text/plain\r\n\r\nshort")
            elif mode == "not-http":
                conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\nthis is not an HTTP answer\r\n")
            elif mode == "headers":
                many = b"".join(b"X-Filler-%d: x\r\n" % n for n in range(150))
                conn.sendall(b"HTTP/1.1 200 OK\r\n" + many + b"Content-Length: 0\r\n\r\n")
            elif mode == "reset":
                _reset(conn)
                return
            elif mode == "trickle":
                answer = self._forward(request)
                for byte in answer[:120]:
                    if self._stop.is_set():
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(1.0)
            elif mode == "forward-then-reset":
                self._forward(request)
                _reset(conn)
                return
            elif mode == "call":
                assert self.callback is not None
                self.callback()
                _reset(conn)
                return
            else:
                if mode == "delay":
                    time.sleep(self.delay)
                conn.sendall(self._forward(request))
            conn.close()
        except OSError:  # the store is down (killed by a test) or the client went away
            conn.close()
        except Exception:  # a failed callback: the client sees the connection close, the test the error
            conn.close()
            raise


def is_upload(request: bytes) -> bool:
    """A request that puts data into a graph: a PUT, or a POST of N-Quads."""
    return request.startswith(b"PUT ") or (request.startswith(b"POST ") and b"application/n-quads" in request)


def is_move(request: bytes) -> bool:
    """The update that moves the staging graphs into place (plain or form-encoded; MOVE or sync)."""
    return request.startswith(b"POST ") and any(
        mark in request for mark in (b"MOVE SILENT", b"MOVE+SILENT", b"VALUES (?staging ?target)")
    )


def is_journal(request: bytes) -> bool:
    return request.startswith(b"POST ") and b"graph/journal" in request.replace(b"%2F", b"/") and b"INSERT" in request
