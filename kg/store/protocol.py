"""The SPARQL protocol requests ``kg serve`` takes, read strictly, so that what reaches Oxigraph is
exactly the query text that was checked.

A query arrives as ``GET /query?query=…``, as a form (``POST``, ``application/x-www-form-urlencoded``,
``query=…``) or as a body (``POST``, ``application/sparql-query``), with optional ``default-graph-uri``
and ``named-graph-uri`` parameters. An update, in any of its forms (``update=…``,
``application/sparql-update``, the ``/update`` path), is refused: the server is read-only. A request
that is not one of these forms, or names the query twice, is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from kg.errors import QueryRefusedError

#: The largest query body read, in bytes.
MAX_BODY = 4 * 1024 * 1024
GRAPH_PARAMETERS = ("default-graph-uri", "named-graph-uri")
READ_ONLY = "kg serve is read-only: SPARQL updates are refused (it serves the build and nothing else)"
_EXPECTED = (
    "expected a SPARQL query: GET /query?query=…, or POST /query with Content-Type "
    "application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)"
)


@dataclass(frozen=True)
class SparqlRequest:
    """A query as it will be sent on: its text and the protocol's graph parameters."""

    text: str
    graphs: tuple[tuple[str, str], ...] = ()

    def upstream_query_string(self) -> str:
        return urlencode(self.graphs)


def _form(text: str, *, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise QueryRefusedError(f"the {where} is not UTF-8 form data; {_EXPECTED}") from None


def _decode(body: bytes, *, where: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryRefusedError(f"the {where} is not UTF-8; {_EXPECTED}") from None


def read_request(
    *, method: str, query_string: str, headers: Mapping[str, str], body: bytes, graphs: Collection[str]
) -> SparqlRequest:
    """The query a request to ``/query`` asks for; :class:`~kg.errors.QueryRefusedError` when it is an
    update, is malformed, or names a graph (``default-graph-uri``, ``named-graph-uri``) not in ``graphs``."""
    params = _form(query_string, where="query string")
    text: str | None = None
    if method == "POST":
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise QueryRefusedError(READ_ONLY)
        if kind == "application/x-www-form-urlencoded":
            for key, values in _form(_decode(body, where="form"), where="form").items():
                params.setdefault(key, []).extend(values)
        elif kind == "application/sparql-query":
            text = _decode(body, where="query body")
            if "query" in params:
                raise QueryRefusedError(f"the query is given twice (in the body and as query=); {_EXPECTED}")
        else:
            raise QueryRefusedError(f"unsupported Content-Type {kind or '(none)'!r}; {_EXPECTED}")
    elif body:
        raise QueryRefusedError(f"a {method} request takes no body; {_EXPECTED}")
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise QueryRefusedError(READ_ONLY)
    if text is None:
        given = params.get("query", [])
        if len(given) != 1:
            raise QueryRefusedError(("the query is given more than once; " if given else "") + _EXPECTED)
        text = given[0]
    unknown = sorted(set(params) - {"query", *GRAPH_PARAMETERS})
    if unknown:
        raise QueryRefusedError(f"unknown parameter(s) {', '.join(unknown)}; {_EXPECTED}")
    pairs = tuple((key, iri) for key in GRAPH_PARAMETERS for iri in params.get(key, []))
    for key, iri in pairs:
        if iri not in graphs:
            raise QueryRefusedError(
                f"{key} <{iri}> names a graph that is not in the build; kg serve serves the build only"
            )
    return SparqlRequest(text=text, graphs=pairs)
