"""`kg queries` and `kg query`: the stored queries, run on the build or at an endpoint.

Kept apart from :mod:`kg.cli.commands` for size; both add their commands to :mod:`kg.cli.group`'s ``main``. Like every
command they import the library they call when they run, so that ``kg --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.group import main
from kg.cli.support import LazyChoice, engines, errors, make_store, param, write_data
from kg.core.defaults import DEFAULT_CACHE, DEFAULT_OUT


@main.command("queries")
@errors
def queries_cmd() -> None:
    """List the stored queries: name, title and parameters."""
    from kg.query.catalogue import list_queries

    for q in list_queries():
        params = ", ".join(f"{p.name}:{p.type}" + (f"={p.default}" if p.default is not None else "") for p in q.params)
        click.echo(f"{q.name:36} {q.title}" + (f"  [{params}]" if params else ""))


@main.command("query")
@click.argument("name", required=False)
@click.option("-e", "--expression", help="Run this SPARQL text instead of a stored query.")
@click.option("-p", "--param", "params", multiple=True, help="A parameter, NAME=VALUE (repeatable).")
@click.option(
    "--format",
    "fmt",
    metavar="FORMAT",
    help="table, csv, tsv, json or xml for SELECT and ASK; an RDF format (turtle, ntriples, nquads, jsonld) "
    "for CONSTRUCT and DESCRIBE (default: table on a terminal, csv otherwise; turtle for graphs).",
)
@click.option(
    "--graph",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="The graph file to query, or a build folder (its graph.nq; graph.ttl with --engine rdflib).",
)
@click.option("--engine", type=LazyChoice(engines), default="oxigraph", show_default=True)
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=DEFAULT_CACHE,
    show_default=True,
    help="Where the oxigraph engine keeps its stores of the data (safe to delete).",
)
@click.option("--endpoint", help="Query this SPARQL endpoint (a store loaded with `kg load`) instead of the files.")
@click.option(
    "--store",
    "store_kind",
    metavar="KIND",
    default="oxigraph",
    show_default=True,
    help="With --endpoint: the kind of store, one of kg/data/stores.toml (checked only with --endpoint).",
)
@click.option(
    "--default-graph",
    "default_graphs",
    multiple=True,
    help="With --endpoint: graph IRI(s) forming the default graph (default: the dataset's, from the store's manifest).",
)
@click.option(
    "--base", help="With --endpoint: the base IRI of the dataset to query (default: the build's, or the store's one)."
)
@click.option(
    "--timeout", type=float, default=60.0, show_default=True, help="With --endpoint: seconds for the whole request."
)
@click.option("--user", help="User name for the endpoint.")
@click.option("--password", envvar="KG_PASSWORD", help="Password for the endpoint (or set KG_PASSWORD).")
@click.option("--allow-remote", is_flag=True, help="Allow SERVICE and remote FROM (off: queries stay local).")
@errors
def query_cmd(
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    graph: Path,
    engine: str,
    cache: Path,
    endpoint: str | None,
    store_kind: str,
    default_graphs: tuple[str, ...],
    base: str | None,
    timeout: float,
    user: str | None,
    password: str | None,
    allow_remote: bool,
) -> None:
    """Run a stored query NAME (see `kg queries`), an .rq FILE, or -e SPARQL."""
    from kg.query.ask import ask, quick

    tty = sys.stdout.isatty()
    if endpoint is None and engine == "oxigraph":
        text = quick(
            query=name,
            expression=expression,
            params=param(params),
            graph=graph,
            cache=cache,
            fmt=fmt,
            allow_remote=allow_remote,
            tty=tty,
        )
        if text is not None:
            write_data(text)
            return
    from kg.query.results import format_result

    store = make_store(endpoint, store_kind, user, password, timeout) if endpoint is not None else None
    answer = ask(
        query=name,
        expression=expression,
        params=param(params),
        graph=graph,
        engine=engine,
        allow_remote=allow_remote,
        store=store,
        default_graphs=default_graphs,
        base=base,
        cache=cache,
    )
    if fmt is None:
        is_graph = answer.result.graph is not None
        fmt = "turtle" if is_graph else "table" if tty else "csv"
    write_data(format_result(answer.result, fmt=fmt, prefixes=answer.prefixes))
