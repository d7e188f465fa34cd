"""What every `kg` command shares: the one place errors become messages and exit codes, the
option groups, and the values the library gives them (choices, inputs, the store).

Choices are looked up when a command's options are parsed, so that `kg --help` loads no RDF library.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from kg.core import stopping
from kg.core.defaults import DEFAULT_CACHE, DEFAULT_SOURCES
from kg.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    KgError,
    Terminated,
    ValidationFailed,
)

if TYPE_CHECKING:
    from kg.publish.knowledge import Inputs, Knowledge
    from kg.store.client import Store
    from kg.validation.report import Report


P = ParamSpec("P")
R = TypeVar("R")


class LazyChoice(click.Choice):
    """A choice whose values come from the library, looked up only when a command's options are parsed."""

    def __init__(self, values: Callable[[], Sequence[str]]) -> None:
        self._values = values
        self.case_sensitive = True

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return tuple(self._values())


def rdf_format_names() -> list[str]:
    from kg.rdf.formats import RDF_FORMATS

    return [f.name for f in RDF_FORMATS]


def result_format_names() -> tuple[str, ...]:
    from kg.query.results import RESULT_FORMATS

    return RESULT_FORMATS


def report_format_names() -> tuple[str, ...]:
    from kg.validation.report import REPORT_FORMATS

    return REPORT_FORMATS


def diff_format_names() -> tuple[str, ...]:
    from kg.release import DIFF_FORMATS

    return DIFF_FORMATS


def store_kinds() -> list[str]:
    from kg.store.client import profiles

    return sorted(profiles())


def engines() -> tuple[str, ...]:
    from kg.query.local import ENGINES

    return ENGINES


def shacl_engines() -> tuple[str, ...]:
    from kg.validation.shacl import SHACL_ENGINES

    return SHACL_ENGINES


def shacl_engine_option(func: Callable[P, R]) -> Callable[P, R]:
    """``--shacl-engine``: which SHACL engine validates (pyshacl-turbo by default; pyshacl is the reference)."""
    return click.option(
        "--shacl-engine",
        type=LazyChoice(shacl_engines),
        default="turbo",
        show_default=True,
        help="SHACL engine: turbo (pyshacl-turbo, tested to report what pyshacl reports) or pyshacl (the reference).",
    )(func)


def make_inputs(
    sources: tuple[Path, ...],
    source_dir: Path,
    config_path: Path | None,
    aliases_path: Path | None,
    base: str | None = None,
    *,
    strict: bool = False,
    keep_going: bool = False,
) -> Inputs:
    from kg.publish.knowledge import Inputs

    return Inputs(
        sources=list(sources) or None,
        source_dir=source_dir,
        base=base,
        config_path=config_path,
        aliases_path=aliases_path,
        strict=strict,
        keep_going=keep_going,
    )


def make_store(endpoint: str, kind: str, user: str | None, password: str | None, timeout: float) -> Store:
    from kg.store.client import Store

    return Store(endpoint=endpoint, kind=kind, user=user, password=password, timeout=timeout)


def write_data(text: str) -> None:
    """Write a command's data (query results, reports, diffs) on stdout, byte for byte: click
    would strip what looks like a terminal escape sequence when stdout is not a terminal, and a
    literal may hold one."""
    click.echo(text, nl=False, color=True)


def debugging() -> bool:
    """True with ``kg --debug`` or ``KG_DEBUG=1``: internal errors then show their traceback."""
    ctx = click.get_current_context(silent=True)
    return os.environ.get("KG_DEBUG") == "1" or bool(ctx is not None and ctx.find_root().params.get("debug"))


def errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn an error into its message on stderr and its exit code: the one place that does.

    A library error (:class:`~kg.errors.KgError`) or an OS error is the user's to fix; anything
    else is a bug in kg, reported as such with its own exit code so it is never mistaken for
    violations (1) or bad input (2).
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with stopping.handling():
                result = func(*args, **kwargs)
                if stopping.asked() is not None:  # it came after the point of no return
                    click.echo("the stop came after the output was in place; it is complete", err=True)
                return result
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was changed", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated as exc:
            click.echo(f"{exc.what}; nothing was changed", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`kg build | head -1`): the work is done, only the printing stopped
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except KgError as exc:
            if isinstance(exc, ValidationFailed):
                for notice in exc.notices:
                    click.echo(f"warning: {notice}", err=True)
                from kg.validation.report import Report, format_report

                if isinstance(exc.report, Report):
                    click.echo(format_report(exc.report, fmt="text"), err=True, nl=False)
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors and exits: click reports them
        except Exception as exc:
            if debugging():
                click.echo(traceback.format_exc(), err=True, nl=False)
            click.echo(f"internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def source_options(func: Callable[P, R]) -> Callable[P, R]:
    """The options every command that reads the articles shares: files, folder, configuration, aliases."""
    for option in reversed(
        (
            click.argument("sources", nargs=-1, type=click.Path(path_type=Path)),
            click.option(
                "--source-dir",
                type=click.Path(path_type=Path),
                default=DEFAULT_SOURCES,
                show_default=True,
                help="Folder with the articles, dataset.toml and aliases.csv.",
            ),
            click.option(
                "--config", "config_path", type=click.Path(path_type=Path), help="Dataset configuration (TOML)."
            ),
            click.option(
                "--aliases", "aliases_path", type=click.Path(path_type=Path), help="Curated alias list (CSV)."
            ),
        )
    ):
        func = option(func)
    return func


STRICT_HELP = "Make every warning about a source (a value kept as text) an error (exit 2)."


def build_options(func: Callable[P, R], strict_help: str = STRICT_HELP) -> Callable[P, R]:
    """The options of the commands that build the graph (build, export): base IRI, quiet, strict, keep going."""
    func = click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")(func)
    func = click.option("--strict", is_flag=True, help=strict_help)(func)
    func = click.option(
        "--keep-going",
        is_flag=True,
        help="Leave out an article that cannot be read at all, publish the others, list it and exit 2.",
    )(func)
    return click.option("--base", help="Base IRI for entities (default: from dataset.toml).")(func)


def release_build_options(func: Callable[P, R]) -> Callable[P, R]:
    """``kg build``'s options: those of :func:`build_options`, and the previous release to compare with,
    whose alarm (a class losing more than ``[release] max_loss``) ``--strict`` makes an error too."""
    func = click.option(
        "--previous",
        type=click.Path(path_type=Path),
        help="The previous release's build folder: write changes.ttl (default: [release] previous).",
    )(func)
    strict_help = (
        "Make warnings errors (exit 2): every one about a source (a value kept as text), and a class "
        "losing more than [release] max_loss since the previous release."
    )
    return build_options(func, strict_help)


def print_warnings(k: Knowledge, report: Report) -> None:
    """The configuration's and the build's notices, and the report's warnings and infos, on stderr."""
    from kg.validation.report import format_report

    for notice in (*k.config.notices, *k.notices):
        click.echo(f"warning: {notice}", err=True)
    if report.results:
        click.echo(format_report(report, fmt="text"), err=True, nl=False)


def param(values: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r}: expected NAME=VALUE", param_hint="-p")
        if name in found:
            raise click.BadParameter(f"{name} is given twice; expected one value per parameter", param_hint="-p")
        found[name] = text
    return found


def stage_options(func: Callable[P, R]) -> Callable[P, R]:
    """``kg build``'s options of how the per-article stage runs: processes, cache, a Dask cluster."""
    for option in reversed(
        (
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                help="Processes that read and map the articles [default: the CPUs].",
            ),
            click.option(
                "--cache",
                type=click.Path(path_type=Path),
                default=DEFAULT_CACHE,
                show_default=True,
                help="Keep each article's mapped form here between builds (safe to delete).",
            ),
            click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
            click.option(
                "--dask-scheduler", metavar="ADDRESS", help="Map the articles on this Dask cluster (tcp://HOST:PORT)."
            ),
        )
    ):
        func = option(func)
    return func
