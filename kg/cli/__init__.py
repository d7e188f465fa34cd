"""The `kg` command line: a thin layer over the library (:mod:`kg.cli.commands`, :mod:`kg.cli.support`)."""

from kg.cli import commands, querying  # each adds its commands to main
from kg.cli.group import main
from kg.cli.support import errors as _errors

__all__ = ["_errors", "commands", "main", "querying"]
