"""Read SPARQL text and refuse what kg will not run: updates, SERVICE, graphs from the web.

Every query is parsed with rdflib first, whatever the engine, and refused when it is an update
(INSERT, DELETE, LOAD, DROP ...), calls a SERVICE, or names in FROM / FROM NAMED a graph that is
not in the data (rdflib would fetch it from the web), unless ``allow_remote=True``; a prefix must
be declared in the query itself, so that both engines read the query the same way.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from kg.errors import QueryParseFailure, QueryRefusedError

_UPDATE_KEYWORDS = {
    "Load": "LOAD",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE ... WHERE",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_UNLESS_ALLOWED = "unless remote access is allowed (kg query --allow-remote; allow_remote=True in Python)"
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK", "DescribeQuery": "DESCRIBE"}


# -- parsing and refusal ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedQuery:
    """A query read by rdflib's parser: its form, prefixes, variables, and what it reaches for."""

    text: str
    form: str
    query: Query = field(repr=False, compare=False)
    prefixes: tuple[tuple[str, str], ...]
    #: The selected variables in column order; for ``SELECT *``, in the order of their first use in the text.
    projection: tuple[str, ...]
    variables: frozenset[str]
    services: tuple[str, ...]
    datasets: tuple[tuple[str, str], ...]
    ordered: bool


def _walk(node: Any) -> Iterator[Any]:
    """Every node of a parse tree or algebra, depth first, in the order of the text (a parse tree's fields are)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, CompValue | dict):
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, ParseResults | list | tuple):
            stack.extend(reversed(list(n)))
        elif isinstance(n, set | frozenset):
            stack.extend(n)


def _field(node: CompValue, key: str) -> Any:
    """A field of a parse-tree node, or None (``CompValue.get`` returns the key itself when it is missing)."""
    return OrderedDict.get(node, key)


def parse_sparql(text: str, *, source: str = "query") -> ParsedQuery:
    """Parse a SPARQL query; updates and syntax errors are errors naming ``source``."""
    try:
        return _parse(text)
    except QueryParseFailure as exc:
        raise exc.kind(f"{source}: {exc}") from None


@lru_cache(maxsize=256)
def _parse(text: str) -> ParsedQuery:
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        _refuse_update(text)
        raise QueryParseFailure(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # rdflib's parser raises plain exceptions for some malformed input
        raise QueryParseFailure(f"SPARQL syntax error: {exc}") from None
    declared = {(_field(d, "prefix") or ""): str(d["iri"]) for d in tree[0] if d.name == "PrefixDecl"}
    used = sorted(
        {(_field(n, "prefix") or "") for n in _walk(tree[1]) if isinstance(n, CompValue) and n.name == "pname"}
    )
    missing = [p for p in used if p not in declared]
    if missing:
        raise QueryParseFailure(
            f"prefix(es) {', '.join(p + ':' for p in missing)} used but not declared; "
            "declare every prefix in the query (PREFIX name: <namespace>)"
        )
    # Read before translateQuery, which adds variables of its own (__agg_1__) to the tree.
    first_use = {str(n): None for n in _walk(tree[1]) if isinstance(n, Variable)}
    try:
        query = translateQuery(tree)
    except Exception as exc:
        raise QueryParseFailure(f"cannot read the query: {exc}") from None
    algebra = query.algebra
    services = sorted(
        {
            f"<{n.term}>" if isinstance(n.term, URIRef) else n.term.n3()
            for n in _walk(algebra)
            if isinstance(n, CompValue) and n.name == "ServiceGraphPattern"
        }
    )
    datasets = tuple(
        ("FROM", str(d["default"])) if "default" in d else ("FROM NAMED", str(d["named"]))
        for d in algebra.datasetClause or ()
    )
    form = _FORMS[tree[1].name]
    projection = tuple(str(v) for v in _field(algebra, "PV") or ()) if form == "SELECT" else ()
    if _field(tree[1], "projection") is None:  # SELECT *: rdflib's order comes from a set, Oxigraph's is sorted
        order = {name: i for i, name in enumerate(first_use)}
        projection = tuple(sorted(projection, key=lambda v: (order.get(v, len(order)), v)))
    return ParsedQuery(
        text=text,
        form=form,
        query=query,
        prefixes=tuple(sorted(declared.items())),
        projection=projection,
        variables=frozenset(first_use),
        services=tuple(services),
        datasets=datasets,
        ordered=_field(tree[1], "orderby") is not None,
    )


def _refuse_update(text: str) -> None:
    try:
        update = parseUpdate(text)
    except Exception:
        return
    ops = [_UPDATE_KEYWORDS.get(op.name, op.name) for op in update.request or () if isinstance(op, CompValue)]
    if not ops:
        return
    why = " (LOAD would fetch data from the web)" if "LOAD" in ops else ""
    raise QueryParseFailure(
        f"the text is a SPARQL update ({', '.join(dict.fromkeys(ops))}){why}; "
        "kg runs read-only queries (SELECT, CONSTRUCT, ASK, DESCRIBE)",
        QueryRefusedError,
    )


def check_access(
    parsed: ParsedQuery, *, allow_remote: bool = False, local_graphs: Iterable[str] = (), source: str = "query"
) -> None:
    """Refuse SERVICE calls and FROM / FROM NAMED graphs that are not in the data."""
    if allow_remote:
        return
    if parsed.services:
        raise QueryRefusedError(
            f"{source}: the query calls a remote SPARQL service (SERVICE {parsed.services[0]}); "
            f"kg queries the local graph only, {_UNLESS_ALLOWED}"
        )
    local = set(local_graphs)
    for clause, iri in parsed.datasets:
        if iri not in local:
            raise QueryRefusedError(
                f"{source}: {clause} <{iri}> names a graph that is not in the data, and would be loaded "
                f"from the web; kg queries the local graph only, {_UNLESS_ALLOWED}"
            )
