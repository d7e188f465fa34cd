"""The prefixes a Turtle file declares, read without rdflib (``kg query``'s quick path needs them)."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path

import pyoxigraph as ox


def turtle_prefixes(path: Path) -> dict[str, str]:
    """The prefixes a Turtle file declares in its header (kg writes them first), read by a Turtle parser.

    Only the leading ``@prefix`` lines are parsed, so this costs nothing on a large file; a file
    of another format has none.
    """
    if path.suffix != ".ttl":
        return {}
    with path.open("rb") as f:
        header = b"".join(takewhile(lambda line: line.startswith(b"@prefix"), f))
    parser = ox.parse(header, format=ox.RdfFormat.TURTLE)
    try:
        for _ in parser:
            pass
    except SyntaxError:
        return {}
    return dict(parser.prefixes)
