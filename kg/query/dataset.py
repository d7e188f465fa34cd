"""Which graphs a query at a store runs over, and how the query names them.

The graphs come from the store itself: the manifest that ``kg load`` writes into the graph
``{base}graph/manifest`` (SPARQL 1.1 Service Description: ``<dataset> sd:namedGraph [ sd:name <g> ]``).
Its base is ``--base``, else that of the build in the folder given (its ``void.ttl``), else that of
``sources/dataset.toml``; with none of them, the store's one manifest is used. No manifest is a
:class:`~kg.errors.DatasetNotFound` (exit 2), never a query over whatever the default graph holds.

The graphs are named in the query's own text, one ``FROM <g>`` line each before its WHERE group,
in the body of the POST: no URL parameter or header per graph, which stores cap (Oxigraph at about
100 ``default-graph-uri``, Virtuoso at about 94, as it echoes one response header per graph).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.core.defaults import DEFAULT_SOURCES
from kg.errors import DatasetNotFound, KgError
from kg.query.terms import top_level_where
from kg.store.client import Store, iri_ref
from kg.store.load import SD, loaded_graphs, manifest_graph, read_dataset

_MANIFESTS = (
    "SELECT DISTINCT ?manifest ?dataset WHERE {{ GRAPH ?manifest {{ ?dataset <{sd}namedGraph> ?named . "
    '?named <{sd}name> ?g }} FILTER(STRENDS(STR(?manifest), "/graph/manifest")) }} ORDER BY ?manifest ?dataset'
)


def _configured_base(dist: Path) -> str | None:
    if (dist / "void.ttl").is_file():
        return read_dataset(dist).base
    config = DEFAULT_SOURCES / "dataset.toml"
    if config.is_file():
        from kg.source.config import load_config

        return load_config(config).base
    return None


def store_dataset(store: Store, *, dist: Path, base: str | None = None) -> list[str]:
    """The graphs of the dataset the store's manifest lists (see the module's documentation)."""
    base = base or _configured_base(dist)
    if base is not None:
        graphs = loaded_graphs(store, base)
        if not graphs:
            raise DatasetNotFound(
                f"{store.query_url}: no dataset loaded under the base {base}: the store has no manifest graph "
                f"<{manifest_graph(base)}>; expected a store loaded with `kg load` (or give --base, or --default-graph)"
            )
        return graphs
    found = [(r["manifest"]["value"], r["dataset"]["value"]) for r in store.select(_MANIFESTS.format(sd=SD))]
    manifests = sorted({m for m, _ in found})
    if not manifests:
        raise DatasetNotFound(
            f"{store.query_url}: the store describes no dataset (no graph .../graph/manifest with sd:namedGraph); "
            "expected a store loaded with `kg load`, or give --default-graph"
        )
    if len(manifests) > 1:
        raise DatasetNotFound(
            f"{store.query_url}: the store holds {len(manifests)} datasets ({', '.join(manifests)}); "
            "expected one: give --base to choose"
        )
    return loaded_graphs(store, manifests[0].removesuffix("graph/manifest"))


def with_dataset(text: str, graphs: Sequence[str]) -> str:
    """The query with ``FROM <g>`` for each graph before its WHERE group (after the query, for a
    DESCRIBE without one)."""
    if not graphs:
        return text
    try:
        at = top_level_where(text) - 1  # the "{" of the WHERE group
    except KgError:  # DESCRIBE <iri> without a WHERE group: the dataset clauses come last
        return text.rstrip() + "\n" + "".join(f"FROM {iri_ref(g)}\n" for g in graphs)
    head = text[:at].rstrip()
    if head[-5:].upper() == "WHERE" and not (head[-6:-5].isalnum() or head[-6:-5] == "_"):
        at = len(head) - 5
    clauses = "".join(f"FROM {iri_ref(g)}\n" for g in graphs)
    return f"{text[:at]}\n{clauses}{text[at:]}"
