"""Where `kg` looks by default: the sources folder and the output folder, relative to the working directory."""

from __future__ import annotations

from pathlib import Path

#: The folder of source articles, with ``dataset.toml`` and ``aliases.csv``.
DEFAULT_SOURCES = Path("sources")
#: The build's output folder.
DEFAULT_OUT = Path("dist")
#: Where `kg query` keeps what it made from a build (stores, query analyses), relative to the working directory.
DEFAULT_CACHE = Path(".kg-cache")
