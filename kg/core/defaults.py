"""Where `kg` looks by default: the sources folder and the output folder, relative to the working directory."""

from __future__ import annotations

from pathlib import Path

#: The folder of source articles, with ``dataset.toml`` and ``aliases.csv``.
DEFAULT_SOURCES = Path("sources")
#: The build's output folder.
DEFAULT_OUT = Path("dist")
#: The cache of build work kept between builds (``articles/``: each article's mapped form); safe to delete.
DEFAULT_CACHE = Path(".kg-cache")
