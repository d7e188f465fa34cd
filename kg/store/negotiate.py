"""Content negotiation for entity IRIs, and the small HTTP server ``kg serve`` puts in front of Oxigraph.

An entity IRI ``{base}{path}`` is served at ``/{path}``: the server answers ``303 See Other`` to the
document the ``Accept`` header asks for (``{path}.ttl``, ``.jsonld``, ``.nt``) or to the page
(``{path}.html``), with ``Vary: Accept``; the documents themselves are plain files. See
:func:`choose` for how the document is chosen.

The server also serves the other files of the build (``/graph.ttl``, ``/source/FILE`` …) at the
paths the site's relative links reach from its root, and passes ``/query`` to the Oxigraph server:
only queries, read by :mod:`kg.store.protocol` and passed by the gate, and sent on as the very text
that was checked; anything refused is answered 400 with the reason, and ``/update`` is refused whole.
"""

from __future__ import annotations

import errno
import threading
import urllib.error
import urllib.request
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from kg.errors import KgError
from kg.store.protocol import MAX_BODY, READ_ONLY, read_request

#: The endpoint the site's stored-query pages link to (``kg.site.catalogue.ENDPOINT``: ``kg serve`` at
#: its default port), which the served pages get with the port they are served on instead.
PAGES_ENDPOINT = "http://127.0.0.1:7878/query"


class Gate(Protocol):
    """Checks a query before it is sent on; raises a :class:`~kg.errors.KgError` to refuse it."""

    def __call__(self, text: str, *, graphs: Collection[str]) -> None: ...


@dataclass(frozen=True)
class Variant:
    extension: str
    media_type: str
    #: The Content-Type header the file is served with.
    content_type: str
    #: What the ``.htaccess`` rule looks for in the Accept header (a regular expression).
    pattern: str


VARIANTS = (
    Variant("ttl", "text/turtle", "text/turtle; charset=utf-8", r"text/turtle"),
    Variant("jsonld", "application/ld+json", "application/ld+json", r"application/ld\+json"),
    Variant("nt", "application/n-triples", "application/n-triples", r"application/n-triples"),
    Variant("html", "text/html", "text/html; charset=utf-8", r"text/html"),
)
CONTENT_TYPES = {
    **{v.extension: v.content_type for v in VARIANTS},
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    "txt": "text/plain; charset=utf-8",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "rdf": "application/rdf+xml",
    "xhtml": "application/xhtml+xml",
}


def _ranges(accept: str) -> list[tuple[str, float]]:
    found = []
    for part in accept.split(","):
        media, *params = (x.strip() for x in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found.append((media.lower(), q))
    return found


def choose(accept: str | None) -> Variant:
    """The variant to send for an ``Accept`` header.

    Data is sent only when its media type is named (``text/turtle``, not ``text/*`` or ``*/*``), as
    the ``.htaccess`` rules do; among the types named, the highest q wins, and at equal q data wins
    over the page (a linked-data client that also takes HTML). Anything else gets the page.
    """
    page = VARIANTS[-1]
    ranges = _ranges(accept or "")
    named = {media: q for media, q in ranges}
    best, chosen = 0.0, page
    for v in VARIANTS[:-1]:
        q = named.get(v.media_type, 0.0)
        if q > best:
            best, chosen = q, v
    if chosen is page:
        return page
    html = max((q for media, q in ranges if media in ("text/html", "application/xhtml+xml")), default=0.0)
    return page if html > best else chosen


@dataclass(frozen=True)
class FrontServer:
    url: str
    port: int


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self._route(body=True)

    def do_HEAD(self) -> None:
        self._route(body=False)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/query", "/update"):
            self._sparql(path)
        else:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"only /query takes POST\n", "text/plain; charset=utf-8")

    def _route(self, *, body: bool) -> None:
        url = urlsplit(self.path)
        if url.path in ("/query", "/update"):
            self._sparql(url.path)
            return
        path = unquote(url.path)
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or "\x00" in p or "\\" in p for p in parts):
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body=body)
            return
        rel = "/".join(parts)
        if self._serve(self.server.site, rel, path, body=body):
            return
        if rel and (self.server.site / f"{rel}.html").is_file():
            variant = choose(self.headers.get("Accept"))
            # a source article's IRI is also the path of the published article (dist/source/FILE, where
            # the pages' links reach): data is negotiated, anything else gets the article itself
            if variant.extension != "html" or not (self.server.dist / rel).is_file():
                self._redirect(HTTPStatus.SEE_OTHER, f"{quote(path)}.{variant.extension}", vary=True)
                return
        if self._serve(self.server.dist, rel, path, body=body):
            return
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body=body)

    def _serve(self, root: Path, rel: str, path: str, *, body: bool) -> bool:
        """Serve the file (or folder index) at ``rel`` under ``root``; False when there is none."""
        candidate = root / rel if rel else root
        if candidate.is_dir():
            if not path.endswith("/"):
                self._redirect(HTTPStatus.MOVED_PERMANENTLY, quote(path) + "/", vary=False)
                return True
            candidate = candidate / "index.html"
        if candidate.is_file():
            self._file(candidate, body=body)
            return True
        return False

    def _file(self, path: Path, *, body: bool) -> None:
        data = path.read_bytes()
        kind = CONTENT_TYPES.get(path.suffix.removeprefix("."), "application/octet-stream")
        if path.suffix == ".html" and path.is_relative_to(self.server.site):
            # the files link to the default port, which a page opened from the disk keeps
            data = data.replace(PAGES_ENDPOINT.encode(), f"{self.server.url}/query".encode())
        self._send(HTTPStatus.OK, data, kind, body=body)

    def _redirect(self, status: HTTPStatus, location: str, *, vary: bool) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        if vary:
            self.send_header("Vary", "Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, kind: str, *, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _refuse(self, message: str) -> None:
        self.close_connection = True
        self._send(HTTPStatus.BAD_REQUEST, f"{message}\n".encode(), "text/plain; charset=utf-8")

    def _sparql(self, path: str) -> None:
        """Check a SPARQL protocol request and pass it to the Oxigraph server, and its answer back."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._refuse("the Content-Length header is not a number")
            return
        if length < 0 or length > MAX_BODY:
            self._refuse(f"the body is larger than {MAX_BODY} bytes")
            return
        if self.headers.get("Transfer-Encoding"):
            self._refuse("a body sent in chunks is not taken; send it with a Content-Length")
            return
        body = self.rfile.read(length) if length else b""
        if path == "/update":
            self._refuse(READ_ONLY)
            return
        server = self.server
        try:
            asked = read_request(
                method=self.command,
                query_string=urlsplit(self.path).query,
                headers=self.headers,
                body=body,
                graphs=server.graphs,
            )
            server.gate(asked.text, graphs=server.graphs)
        except KgError as exc:
            self._refuse(f"kg serve refused the request: {exc}")
            return
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        if self.headers.get("Accept"):
            headers["Accept"] = self.headers["Accept"]
        graphs = asked.upstream_query_string()
        request = urllib.request.Request(
            f"{server.upstream}/query" + (f"?{graphs}" if graphs else ""),
            data=asked.text.encode("utf-8"),
            method="POST",
            headers=headers,
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=300) as response:
                status, kind, answer = response.status, response.headers.get("Content-Type"), response.read()
        except urllib.error.HTTPError as exc:
            status, kind, answer = exc.code, exc.headers.get("Content-Type"), exc.read()
        except (urllib.error.URLError, OSError) as exc:
            status, kind, answer = 502, "text/plain; charset=utf-8", f"the SPARQL server: {exc}\n".encode()
        self._send(HTTPStatus(status), answer, kind or "application/octet-stream", body=self.command != "HEAD")


def _refuse_all(text: str, *, graphs: Collection[str]) -> None:
    raise KgError("no query is taken before the server is ready")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_port = False

    def __init__(self, port: int, *, site: Path, dist: Path) -> None:
        self.site = site
        self.dist = dist
        self.upstream = ""
        self.gate: Gate = _refuse_all
        self.graphs: frozenset[str] = frozenset()
        super().__init__(("127.0.0.1", port), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


def listen(*, dist: Path, port: int) -> _Server:
    """Take ``127.0.0.1:port`` for the front server (bound and listening; nothing answered yet): a
    :class:`~kg.errors.KgError` naming the port when it is taken. Close it with ``server_close()``."""
    site = dist / "site"
    if not (site / "index.html").is_file():
        raise KgError(f"{site}/index.html not found; run `kg build` first (or pass --dist)")
    try:
        return _Server(port, site=site.resolve(), dist=dist.resolve())
    except OSError as exc:
        taken = f"; port {port} is taken by another program: stop it, or choose another with --port"
        raise KgError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"
            + (taken if exc.errno == errno.EADDRINUSE else "")
        ) from None


@contextmanager
def front(server: _Server, *, upstream: str, gate: Gate, graphs: Collection[str]) -> Iterator[FrontServer]:
    """Answer on ``server`` (from :func:`listen`) until the block ends: ``dist/site`` with negotiation,
    the rest of ``dist``, and ``/query`` from ``upstream``, each query checked by ``gate`` first."""
    server.upstream = upstream
    server.gate = gate
    server.graphs = frozenset(graphs)
    thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
    thread.start()
    try:
        yield FrontServer(f"http://127.0.0.1:{server.server_address[1]}", int(server.server_address[1]))
    finally:
        server.shutdown()
        thread.join(timeout=10)
