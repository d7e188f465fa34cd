"""An HTML page documenting the ontology, made by pyLODE from the local file (nothing is fetched)."""

from __future__ import annotations

import logging
from pathlib import Path


def ontology_html(ontology: Path) -> str:
    root = logging.getLogger()
    level = root.level
    from pylode import OntPub  # imported here: pyLODE is slow to import and only the build needs it

    root.setLevel(logging.WARNING)  # pyLODE logs its progress at INFO and DEBUG on the root logger
    try:
        return OntPub(ontology=str(ontology)).make_html()
    finally:
        root.setLevel(level)
