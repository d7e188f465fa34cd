"""What reading a query found, kept in the cache so that the next run of the same text reads nothing.

Reading a query (:func:`kg.query.sparql.parse_sparql` and a stored query's header) takes rdflib's
SPARQL parser, which costs more to import than most queries cost to run. What the run needs from
it (the form, the prefixes, the columns, the SERVICE and FROM it names, the declared parameters)
is written under ``CACHE/queries/`` as JSON, keyed by the SHA-256 of the query's text and of kg's modules
that read it, so an edited query, or a changed kg, reads it again. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

#: Bumped when what a plan holds, or how a query is read, changes.
PLAN_VERSION = "kg-query-plan/1"


class PlanParam(NamedTuple):
    name: str
    type: str
    default: str | None = None
    example: str | None = None


class Plan(NamedTuple):
    """A query as read: enough to check it and run it on a store without reading it again."""

    #: The query's name in messages (its file, or ``query``).
    source: str
    text: str
    form: str
    prefixes: tuple[tuple[str, str], ...]
    projection: tuple[str, ...]
    services: tuple[str, ...]
    datasets: tuple[tuple[str, str], ...]
    #: The declared parameters of a stored query; None for an ad-hoc query (typed by its values).
    params: tuple[PlanParam, ...] | None
    #: The prefixes that shorten IRIs in tables: kg's vocabulary's, then the query's own.
    names: tuple[tuple[str, str], ...]


def query_text(query: str | None, expression: str | None) -> tuple[str, str] | None:
    """The kind (``file`` or ``expression``) and text of the query asked for; None when the name is
    not plainly a file here (the catalogue then finds it, or says why not)."""
    if expression is not None:
        return "expression", expression
    if query is None:
        return None
    path = Path(query)
    if not (query.endswith(".rq") or "/" in query):
        # where kg.core.resources.data_dir("queries") looks, without importing what it needs to read TOML
        package = Path(__file__).resolve().parent.parent
        folders = [f for f in (package.parent / "queries", package / "_data" / "queries") if f.is_dir()]
        if not folders:
            return None
        path = folders[0] / f"{query}.rq"
    try:
        return f"file:{path.resolve()}", path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


#: The modules whose reading of a query a plan records: a change to any of them makes new plans.
_READERS = ("sparql.py", "catalogue.py", "plan.py")


def _key(kind: str, text: str) -> str:
    digest = hashlib.sha256(PLAN_VERSION.encode("utf-8"))
    here = Path(__file__).parent
    for name in _READERS:
        digest.update((here / name).read_bytes())
    digest.update("\0".join((kind, text)).encode("utf-8"))
    return digest.hexdigest()


def _path(cache: Path, kind: str, text: str) -> Path:
    return cache / "queries" / f"{_key(kind, text)}.json"


def load_plan(cache: Path, kind: str, text: str) -> Plan | None:
    """The plan kept for this query text, or None."""
    try:
        raw = json.loads(_path(cache, kind, text).read_text(encoding="utf-8"))
        params = raw["params"]
        return Plan(
            source=raw["source"],
            text=raw["text"],
            form=raw["form"],
            prefixes=tuple((p, ns) for p, ns in raw["prefixes"]),
            projection=tuple(raw["projection"]),
            services=tuple(raw["services"]),
            datasets=tuple((c, g) for c, g in raw["datasets"]),
            params=None if params is None else tuple(PlanParam(**p) for p in params),
            names=tuple((p, ns) for p, ns in raw["names"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _as_json(plan: Plan) -> dict[str, object]:
    params = None if plan.params is None else [p._asdict() for p in plan.params]
    return {**plan._asdict(), "params": params}


def save_plan(cache: Path, kind: str, text: str, plan: Plan) -> None:
    """Keep the plan; a cache that cannot be written only means the next run reads the query again."""
    path = _path(cache, kind, text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_as_json(plan), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
