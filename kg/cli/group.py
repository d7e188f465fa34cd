"""The `kg` command group, which :mod:`kg.cli.commands` and :mod:`kg.cli.querying` add their commands to."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (or set KG_DEBUG=1).")
def main(debug: bool) -> None:  # the flag is read by errors from the context
    """Publish encyclopaedic articles about networks, projects and organisations as a knowledge graph.

    Exit codes: 0 success, 1 SHACL violations (kg diff: the graphs differ), 2 bad input or usage,
    3 internal error (a bug).
    """
