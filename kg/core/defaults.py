"""Where `kg` looks by default: the sources folder and the output folder, relative to the working directory."""

from __future__ import annotations

from pathlib import Path

#: The folder of source articles, with ``dataset.toml`` and ``aliases.csv``.
DEFAULT_SOURCES = Path("sources")
#: The build's output folder.
DEFAULT_OUT = Path("dist")
#: kg's cache, relative to the working directory: ``articles/`` (each article's mapped form, for `kg build`),
#: ``stores/`` and ``queries/`` (what `kg query` made from a build). Safe to delete.
DEFAULT_CACHE = Path(".kg-cache")
