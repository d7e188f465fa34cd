"""A small SPARQL 1.1 client (Graph Store Protocol, query, update) over the standard library.

Only the endpoint the user names is contacted: redirects are never followed (a 3xx answer is an
error naming where it points), so a request and its credentials cannot be sent elsewhere. Graph
IRIs that must appear in update or query text are checked strictly and written in N-Triples form,
so they cannot change the request.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import cache

from kg.core.iris import is_absolute_iri
from kg.core.resources import package_data
from kg.errors import StoreError
from kg.store.transport import DeadlineHTTPHandler, DeadlineHTTPSHandler, RequestDeadline, describe


@dataclass(frozen=True)
class Profile:
    name: str
    gsp: str
    query: str
    update: str
    form: bool
    #: Where a POST of N-Quads adds quads to their named graphs ("" when the store has no such service).
    quads: str = ""
    #: Where a POST of N-Quads into staging graphs is fastest, maybe not as one transaction ("": ``quads``).
    staging_quads: str = ""
    #: How staging graphs go onto their targets: ``move`` (SPARQL MOVE) or ``sync`` (only the difference).
    move: str = "move"
    #: Whether the store applies a POST of N-Quads to ``quads`` as one transaction (all or nothing).
    atomic_quads: bool = False
    #: Whether ``GRAPH ?g {}`` lists the store's named graphs (else they are found by their triples).
    lists_graphs: bool = False


@cache
def profiles() -> dict[str, Profile]:
    data = tomllib.loads(package_data("stores.toml").read_text(encoding="utf-8"))
    return {name: Profile(name=name, **values) for name, values in data.items()}


def iri_ref(iri: str) -> str:
    """``<iri>`` for use in SPARQL text, after checking it is an absolute IRI with no unsafe characters."""
    if not is_absolute_iri(iri):
        raise StoreError(f"not an absolute IRI usable as a graph name: {iri!r}")
    return f"<{iri}>"


class Store:
    """One store's services. ``endpoint`` is the base URL; ``kind`` picks the service paths."""

    def __init__(
        self,
        *,
        endpoint: str,
        kind: str = "oxigraph",
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        if kind not in profiles():
            raise StoreError(f"unknown store kind {kind!r}; expected one of {', '.join(profiles())}")
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"endpoint {endpoint!r} is not an http(s) URL")
        try:
            _ = parts.port  # raises ValueError unless a number from 0 to 65535
        except ValueError as exc:
            raise StoreError(f"endpoint {endpoint!r} has a bad port: {exc}") from None
        profile = profiles()[kind]
        if profile.move not in ("move", "sync"):
            raise StoreError(f"stores.toml: [{kind}] move = {profile.move!r}; expected 'move' or 'sync'")
        base = endpoint.rstrip("/")
        #: The store's base URL, as given (without a trailing slash).
        self.endpoint = base
        self.kind = kind
        self.gsp, self.query_url, self.update_url, self.quads_url = (
            u.format(endpoint=base) for u in (profile.gsp, profile.query, profile.update, profile.quads)
        )
        self.staging_quads_url = profile.staging_quads.format(endpoint=base) or self.quads_url
        self.move = profile.move
        self.atomic_quads = profile.atomic_quads and bool(self.quads_url)
        self.lists_graphs = profile.lists_graphs
        self.form = profile.form
        self.timeout = timeout
        # never via a proxy, never redirected; every socket watched by the request's deadline
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), _NoRedirect(), DeadlineHTTPHandler(), DeadlineHTTPSHandler()
        )
        self._auth = _Authenticator(base, user, password or "") if user is not None else None

    # -- transport -----------------------------------------------------------------------------
    def _send(
        self, method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> bytes:
        """One request and its whole answer, within ``timeout`` seconds from start to end.

        Every failure of the transport (refused, reset, cut short, not HTTP, too many headers, too
        slow) is a :class:`StoreError` naming the request.
        """
        with RequestDeadline(self.timeout) as deadline:
            try:
                return self._attempt(method, url, data=data, headers=headers)
            except StoreError:
                if deadline.expired():
                    raise self._timed_out(method, url) from None
                raise
            except (http.client.HTTPException, OSError) as exc:
                if deadline.expired():
                    raise self._timed_out(method, url) from None
                raise StoreError(f"{method} {url}: the store's answer is broken ({describe(exc)})") from None

    def _timed_out(self, method: str, url: str) -> StoreError:
        return StoreError(f"{method} {url}: no complete answer within {self.timeout:g} s (time-out)")

    def _attempt(
        self, method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> bytes:
        for attempt in (1, 2):
            request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
            if self._auth is not None:
                # Credentials go with the first request: a store that answers a large upload with
                # 401 closes the connection before the body is sent ("broken pipe").
                self._auth.sign(request, self._opener, self.timeout)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and self._auth is not None and attempt == 1 and self._auth.renew(exc):
                    continue  # the server's nonce went stale: sign again with the new challenge
                self._raise(method, url, exc)
            except TimeoutError:
                raise self._timed_out(method, url) from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise self._timed_out(method, url) from None
                if isinstance(reason, http.client.HTTPException):
                    raise StoreError(f"{method} {url}: the store's answer is broken ({describe(reason)})") from None
                if isinstance(reason, ConnectionError) and not isinstance(reason, ConnectionRefusedError):
                    raise StoreError(f"{method} {url}: connection lost: {reason}") from None
                raise StoreError(f"cannot reach the store at {url}: {reason}") from None
            except ConnectionError as exc:
                raise StoreError(f"{method} {url}: connection lost: {exc}") from None
        raise AssertionError("unreachable")

    @staticmethod
    def _raise(method: str, url: str, exc: urllib.error.HTTPError) -> None:
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location") if exc.headers is not None else None
            raise StoreError(
                f"{method} {url}: the store answered HTTP {exc.code}, a redirect to {where or '(no Location)'}; "
                "kg does not follow redirects (they could take the request and its credentials elsewhere): "
                "give the address it redirects to as --endpoint if you trust it"
            ) from None
        body = exc.read().decode("utf-8", "replace").strip()
        if exc.code in (401, 403):
            raise StoreError(
                f"{method} {url}: authentication refused (HTTP {exc.code}); check --user and --password"
            ) from None
        raise StoreError(f"{method} {url}: the store answered HTTP {exc.code}: {body[:800] or exc.reason}") from None

    def _graph_url(self, graph: str) -> str:
        iri_ref(graph)
        return f"{self.gsp}?{urllib.parse.urlencode({'graph': graph})}"

    # -- Graph Store Protocol ------------------------------------------------------------------
    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace a named graph with the given N-Triples."""
        self._send("PUT", self._graph_url(graph), data=ntriples, headers={"Content-Type": "application/n-triples"})

    def post_quads(self, nquads: bytes, *, staging: bool = False) -> None:
        """Add N-Quads to their named graphs in one request (stores with a ``quads`` service).

        ``staging`` uses the store's fastest service, which may not apply the request as one
        transaction: for graphs nobody reads, that are counted before use.
        """
        if not self.quads_url:
            raise StoreError(f"a {self.kind} store takes no N-Quads upload")
        url = self.staging_quads_url if staging else self.quads_url
        self._send("POST", url, data=nquads, headers={"Content-Type": "application/n-quads"})

    def delete(self, graph: str) -> None:
        try:
            self._send("DELETE", self._graph_url(graph))
        except StoreError as exc:
            if "HTTP 404" not in str(exc):
                raise

    # -- query and update ----------------------------------------------------------------------
    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """Run a SELECT; the SPARQL JSON results' bindings."""
        accept = {"Accept": "application/sparql-results+json"}
        if self.form:
            body = urllib.parse.urlencode({"query": query}).encode()
            data = self._send(
                "POST",
                self.query_url,
                data=body,
                headers={**accept, "Content-Type": "application/x-www-form-urlencoded"},
            )
        else:
            data = self._send(
                "POST",
                self.query_url,
                data=query.encode(),
                headers={**accept, "Content-Type": "application/sparql-query"},
            )
        try:
            return json.loads(data)["results"]["bindings"]
        except (ValueError, KeyError) as exc:
            raise StoreError(f"{self.query_url}: not SPARQL JSON results ({exc}): {data[:200]!r}") from None

    def raw_query(self, query: str, *, accept: str, dataset: list[tuple[str, str]] | None = None) -> bytes:
        """POST a query; ``dataset`` adds protocol parameters such as ``default-graph-uri``."""
        extra = list(dataset or [])
        if self.form:
            body = urllib.parse.urlencode([("query", query), *extra]).encode()
            return self._send(
                "POST",
                self.query_url,
                data=body,
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            )
        url = f"{self.query_url}?{urllib.parse.urlencode(extra)}" if extra else self.query_url
        return self._send(
            "POST", url, data=query.encode(), headers={"Accept": accept, "Content-Type": "application/sparql-query"}
        )

    def update(self, update: str) -> None:
        if self.form:
            self._send(
                "POST",
                self.update_url,
                data=urllib.parse.urlencode({"update": update}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        else:
            self._send(
                "POST", self.update_url, data=update.encode(), headers={"Content-Type": "application/sparql-update"}
            )

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"]["value"]) if rows else 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: urllib then raises the 3xx answer as an HTTPError, which becomes a StoreError."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> None:
        return None


class _Authenticator:
    """HTTP basic or digest credentials, sent with every request once the service's scheme is known.

    The scheme and digest challenge are learnt per service path with a bodiless GET, so that an
    upload is never the request that meets the 401.
    """

    def __init__(self, base: str, user: str, password: str) -> None:
        self.user, self.password = user, password
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, base, user, password)
        self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        #: service path -> ("digest", challenge) | ("basic", {}) | ("none", {})
        self._schemes: dict[str, tuple[str, dict[str, str]]] = {}

    def renew(self, exc: urllib.error.HTTPError) -> bool:
        """Learn the scheme from a 401; True when signing again may help."""
        path = urllib.parse.urlsplit(exc.url or "").path
        scheme, _, rest = exc.headers.get("WWW-Authenticate", "").partition(" ")
        before = self._schemes.get(path)
        if scheme.lower() == "digest":
            challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
            self._schemes[path] = ("digest", challenge)
        elif scheme.lower() == "basic":
            self._schemes[path] = ("basic", {})
        else:
            return False
        return self._schemes[path] != before

    def sign(self, request: urllib.request.Request, opener: urllib.request.OpenerDirector, timeout: float) -> None:
        path = urllib.parse.urlsplit(request.full_url).path
        if path not in self._schemes:
            self._schemes[path] = ("none", {})
            try:
                opener.open(urllib.request.Request(request.full_url, method="GET"), timeout=timeout).close()
            except urllib.error.HTTPError as exc:
                if exc.code == 401:
                    self.renew(exc)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                del self._schemes[path]  # unreachable: the real request will say so
                return
        scheme, challenge = self._schemes[path]
        if scheme == "digest":
            value = self._digest.get_authorization(request, challenge)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        elif scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")
