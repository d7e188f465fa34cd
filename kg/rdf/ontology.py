"""Read the ontology (``ontology/*.ttl``) from local files only: owl:imports are never fetched."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.core.resources import data_dir
from kg.errors import SourceError


def ontology_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or data_dir("ontology")).glob("*.ttl"))


def load_ontology(folder: Path | None = None) -> Graph:
    graph = Graph()
    for path in ontology_files(folder):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise SourceError(f"cannot parse the ontology: {exc}", path=path) from None
    return graph
