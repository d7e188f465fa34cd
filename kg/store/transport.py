"""The transport under :class:`kg.store.client.Store`: a deadline for each whole request, and words
for the ways an answer can be broken.

``timeout`` on a socket bounds each read, so a store that sends one byte a second could hold a
request for ever; :class:`RequestDeadline` shuts every socket of the request down when its time is
up, whether the store is slow in its headers or in its body.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.request


def describe(exc: BaseException) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return f"cut short: {len(exc.partial)} bytes of the body arrived, {exc.expected} more were announced"
    if isinstance(exc, http.client.BadStatusLine):
        return f"not an HTTP status line: {str(exc)[:80]!r}"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text


_watched = threading.local()


class RequestDeadline:
    """A deadline for one whole request: every socket the request opens is shut down when it passes,
    so a store that trickles its answer (headers or body) cannot hold the request past it."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._fired = threading.Event()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._lock = threading.Lock()

    def __enter__(self) -> RequestDeadline:
        self._outer = getattr(_watched, "deadline", None)
        _watched.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _watched.deadline = self._outer

    def expired(self) -> bool:
        return self._fired.is_set() or time.monotonic() >= self.end

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self._fired.is_set():
                self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self._fired.set()
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _watch(sock: socket.socket | None) -> None:
    deadline = getattr(_watched, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _DeadlineConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)


class _DeadlineHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)


class DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_DeadlineConnection, req)


class DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_DeadlineHTTPSConnection, req, context=self._context)
