"""The `kg` command: parses options, calls one library function, prints. Nothing else lives here.

Exit codes (0-2 follow pyshacl's convention):

* 0 success; for ``kg validate``, the graph conforms (warnings allowed);
* 1 the graph violates its SHACL shapes (``kg build``, ``kg export``, ``kg validate``); for
  ``kg diff``, which never validates, the two graphs differ (as for diff(1));
* 2 bad input or usage: a malformed article, graph or configuration file, a bad option, an
  unreachable or refusing store;
* 3 an internal error, i.e. a bug in ``kg``: the message says so; ``kg --debug`` or the
  environment variable ``KG_DEBUG=1`` adds the traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.group import main
from kg.cli.support import (
    LazyChoice,
    build_options,
    diff_format_names,
    errors,
    make_inputs,
    make_store,
    print_warnings,
    rdf_format_names,
    release_build_options,
    report_format_names,
    shacl_engine_option,
    source_options,
    stage_options,
    store_kinds,
    write_data,
)
from kg.core.defaults import DEFAULT_OUT, DEFAULT_SOURCES
from kg.errors import EXIT_BAD_INPUT, EXIT_DIFFERENT, EXIT_OK, EXIT_VIOLATIONS

# Each command imports the library it calls when it runs, so that `kg --help` and `kg queries`
# start without loading rdflib, pyshacl or the mapping.


@main.command("build")
@source_options
@release_build_options
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True, help="Output folder.")
@shacl_engine_option
@stage_options
@errors
def build_cmd(
    sources: tuple[Path, ...],
    out: Path,
    base: str | None,
    source_dir: Path,
    config_path: Path | None,
    aliases_path: Path | None,
    quiet: bool,
    strict: bool,
    keep_going: bool,
    previous: Path | None,
    shacl_engine: str,
    jobs: int | None,
    cache: Path,
    no_cache: bool,
    dask_scheduler: str | None,
) -> None:
    """Build the knowledge graph from SOURCES (default: SOURCE_DIR/*.txt) into OUT.

    With a previous release (--previous DIR, or [release] previous in dataset.toml) the graph is
    compared with it first: changes.ttl is written, and void.ttl says what changed. On a terminal
    the build's progress is shown on stderr; it ends with a summary line there.
    """
    from dataclasses import replace

    from kg.cli.progress import live_progress, summary
    from kg.cli.workers import article_stage
    from kg.publish.articles import default_jobs
    from kg.publish.build import build

    started = time.perf_counter()
    inputs = make_inputs(sources, source_dir, config_path, aliases_path, base, strict=strict, keep_going=keep_going)
    jobs = jobs or default_jobs()
    with (
        article_stage(jobs=jobs, cache=None if no_cache else cache, dask_scheduler=dask_scheduler) as stage,
        live_progress(quiet=quiet) as progress,
    ):
        staged = replace(inputs, article_stage=stage)
        result = build(staged, out=out, previous=previous, progress=progress, shacl_engine=shacl_engine, jobs=jobs)
    if not quiet:
        print_warnings(result.knowledge, result.report)
    k = result.knowledge
    click.echo(f"built {len(k.encoded)} triples from {len(k.sources)} source(s) into {result.out}/")
    if result.release is not None:
        click.echo(result.release.headline())
    for f in result.files:
        click.echo(f"  {f}")
    click.echo(
        summary(triples=len(k.encoded), articles=len(k.sources), seconds=time.perf_counter() - started), err=True
    )
    if k.unreadable:
        for error in k.unreadable:
            click.echo(f"error: {error}", err=True)
        click.echo(f"error: {len(k.unreadable)} article(s) could not be read and were left out", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command("validate")
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_OUT / "graph.ttl")
@click.option("--format", "fmt", type=LazyChoice(report_format_names), default="text", show_default=True)
@click.option(
    "--shapes", type=click.Path(path_type=Path), help="Folder of SHACL shapes (default: the project's shapes/)."
)
@click.option(
    "--source-dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCES,
    show_default=True,
    help="Where the articles are, to point each result at its line.",
)
@shacl_engine_option
@errors
def validate_cmd(graph: Path, fmt: str, shapes: Path | None, source_dir: Path, shacl_engine: str) -> None:
    """Validate a built GRAPH against the SHACL shapes.

    Exit 0 when it conforms (warnings allowed), 1 with violations, 2 when the graph or shapes cannot be read.
    """
    from kg.validation.report import format_report
    from kg.validation.shacl import validate_file

    report = validate_file(graph=graph, shapes=shapes, source_dir=source_dir, engine=shacl_engine)
    write_data(format_report(report, fmt=fmt))
    sys.exit(EXIT_OK if report.conforms else EXIT_VIOLATIONS)


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=LazyChoice(diff_format_names), default="text", show_default=True)
@errors
def diff_cmd(old: Path, new: Path, fmt: str) -> None:
    """What changed from OLD to NEW (build folders, or graph files), entity by entity.

    Exit 0 when the graphs are the same, 1 when they differ, 2 when one cannot be read.
    """
    from kg.release import diff_releases

    compared = diff_releases(old=old, new=new, fmt=fmt)
    write_data(compared.output)
    sys.exit(EXIT_DIFFERENT if compared.differs else EXIT_OK)


@main.command("export")
@source_options
@click.option("--format", "fmt", type=LazyChoice(rdf_format_names), default="turtle", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@build_options
@shacl_engine_option
@errors
def export_cmd(
    sources: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    base: str | None,
    source_dir: Path,
    config_path: Path | None,
    aliases_path: Path | None,
    quiet: bool,
    strict: bool,
    keep_going: bool,
    shacl_engine: str,
) -> None:
    """Write the knowledge graph of SOURCES in one format, to a file or standard output.

    The graph is validated first, as by `kg build`: with violations nothing is written (exit 1).
    The file stands alone (JSON-LD carries its context inline).
    """
    from kg.publish.build import export
    from kg.publish.staging import write_atomically
    from kg.rdf.formats import BY_NAME

    inputs = make_inputs(sources, source_dir, config_path, aliases_path, base, strict=strict, keep_going=keep_going)
    exported = export(inputs, fmt=fmt, shacl_engine=shacl_engine)
    if not quiet:
        print_warnings(exported.knowledge, exported.report)
    if out is None:
        click.get_binary_stream("stdout").write(exported.data)
    else:
        write_atomically(out, exported.data)
        click.echo(f"wrote {out} ({BY_NAME[fmt].media_type}, {len(exported.data)} bytes)", err=True)


@main.command("load")
@click.option("--endpoint", required=True, help="Base URL of the triple store (e.g. http://127.0.0.1:7878).")
@click.option(
    "--store",
    "kind",
    type=LazyChoice(store_kinds),
    default="oxigraph",
    show_default=True,
    help="Kind of store: where its Graph Store Protocol and update services are.",
)
@click.option("--graph", help="Load everything into this one named graph (default: one graph per source article).")
@click.option(
    "--dist", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True, help="The build to load."
)
@click.option("--user", help="User name (HTTP basic or digest authentication).")
@click.option("--password", help="Password (or set KG_PASSWORD).", envvar="KG_PASSWORD")
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds each whole request may take, answer included.",
)
@click.option("--full", is_flag=True, help="Replace every graph, changed or not (default: only the changed ones).")
@click.option("--recover", is_flag=True, help="Only finish an interrupted load and drop leftover staging graphs.")
@click.option("--break-lock", is_flag=True, help="Break another run's lock (when that run is known to be dead).")
@click.option(
    "--bulk",
    type=click.Path(file_okay=False, path_type=Path),
    help="Virtuoso on this host: stage the graphs through its bulk loader (ld_dir + rdf_loader_run) from "
    "files written into this folder, which must be in the server's DirsAllowed.",
)
@click.option(
    "--isql",
    default="127.0.0.1:1111",
    show_default=True,
    help="With --bulk: Virtuoso's SQL port, reached with isql and --user/--password.",
)
@errors
def load_cmd(
    endpoint: str,
    kind: str,
    graph: str | None,
    dist: Path,
    user: str | None,
    password: str | None,
    timeout: float,
    full: bool,
    recover: bool,
    break_lock: bool,
    bulk: Path | None,
    isql: str,
) -> None:
    """Replace the named graphs in a triple store with the build, safely, and check the counts."""
    from kg.store.bulk import BulkLoader
    from kg.store.load import load, recover_store

    store = make_store(endpoint, kind, user, password, timeout)
    if recover:
        for note in recover_store(store, dist, break_lock=break_lock):
            click.echo(note)
        return
    loader = None
    if bulk is not None:
        loader = BulkLoader(bulk, sql=isql, user=user or "dba", password=password or "dba", timeout=timeout)
    result = load(store, dist, graph=graph, full=full, break_lock=break_lock, bulk=loader)
    for note in result.notes:
        click.echo(note)
    click.echo(f"{result.summary} ({result.seconds:.1f} s)")
    click.echo(f"loaded {result.triples} triples in {len(result.graphs)} graph(s) at {endpoint}")


@main.command("serve")
@click.option(
    "--dist", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True, help="The build to serve."
)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@errors
def serve_cmd(dist: Path, port: int) -> None:
    """Serve the build on 127.0.0.1 until stopped: the site, every entity IRI, and a read-only SPARQL endpoint.

    Ctrl-C (exit 130), SIGTERM (143) and SIGHUP (129) stop it and its SPARQL server; it exits 2 when
    the port is taken or the SPARQL server stops."""
    from kg.query.serve import serving, stopping_on_signals

    with stopping_on_signals(), serving(dist=dist, port=port) as server:
        click.echo(f"site: {server.url}/  (entity IRIs negotiated: HTML, Turtle, JSON-LD, N-Triples)")
        click.echo(f"SPARQL endpoint: {server.query_url}  (read-only; Ctrl-C to stop)")
        click.echo(f"  e.g. kg query dataset-statistics --endpoint {server.url}")
        server.watch()


@main.command("duplicates")
@source_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv"]),
    default="text",
    show_default=True,
    help="csv gives rows in the alias file's format, to review and paste.",
)
@errors
def duplicates_cmd(
    sources: tuple[Path, ...], source_dir: Path, config_path: Path | None, aliases_path: Path | None, fmt: str
) -> None:
    """List organisations that may be one written two ways, for a curator to add to the alias file.

    Nothing is merged: only names in the alias file are ever treated as one organisation.
    """
    from kg.curation.duplicates import duplicates, format_candidates

    found = duplicates(make_inputs(sources, source_dir, config_path, aliases_path))
    write_data(format_candidates(found, fmt=fmt))
