"""The `kg` command line: a thin layer over the library (:mod:`kg.cli.commands`, :mod:`kg.cli.support`).

``main`` is the click group with every command. It is loaded on first use, so that the program's
entry point (:mod:`kg.cli.front`) can answer an ordinary `kg query` without importing click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.cli.group import main

__all__ = ["main"]


def __getattr__(name: str) -> object:
    if name == "main":
        from kg.cli import commands, querying  # noqa: F401  (each adds its commands to main)
        from kg.cli.group import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
