"""kg: publish encyclopaedic articles as a linked-data knowledge graph.

The library API, for use from Python; the command line (:mod:`kg.cli`) calls these::

    from kg import Inputs, build
    result = build(Inputs(source_dir=Path("sources")), out=Path("dist"))

Each name is imported on first use, so that ``import kg`` (and ``kg --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: Public name → the module that defines it.
_EXPORTS = {
    "Inputs": "kg.publish.knowledge",
    "Knowledge": "kg.publish.knowledge",
    "knowledge": "kg.publish.knowledge",
    "assemble": "kg.publish.knowledge",
    "BuildResult": "kg.publish.build",
    "Exported": "kg.publish.build",
    "build": "kg.publish.build",
    "export": "kg.publish.build",
    "Report": "kg.validation.report",
    "ValidationResult": "kg.validation.report",
    "format_report": "kg.validation.report",
    "validate": "kg.validation.shacl",
    "validate_file": "kg.validation.shacl",
    "RDF_FORMATS": "kg.rdf.formats",
    "read_rdf": "kg.rdf.read",
    "StoredQuery": "kg.query.catalogue",
    "list_queries": "kg.query.catalogue",
    "find_query": "kg.query.catalogue",
    "QueryResult": "kg.query.engine",
    "run_query": "kg.query.engine",
    "Answer": "kg.query.ask",
    "ask": "kg.query.ask",
    "format_result": "kg.query.results",
    "Store": "kg.store.client",
    "LoadResult": "kg.store.load",
    "load": "kg.store.load",
    "serving": "kg.query.serve",
    "Compared": "kg.release",
    "Release": "kg.release",
    "diff_releases": "kg.release",
    "Candidate": "kg.curation.duplicates",
    "duplicates": "kg.curation.duplicates",
    "KgError": "kg.errors",
}
__all__ = [
    "RDF_FORMATS",
    "Answer",
    "BuildResult",
    "Candidate",
    "Compared",
    "Exported",
    "Inputs",
    "KgError",
    "Knowledge",
    "LoadResult",
    "QueryResult",
    "Release",
    "Report",
    "Store",
    "StoredQuery",
    "ValidationResult",
    "ask",
    "assemble",
    "build",
    "diff_releases",
    "duplicates",
    "export",
    "find_query",
    "format_report",
    "format_result",
    "knowledge",
    "list_queries",
    "load",
    "read_rdf",
    "run_query",
    "serving",
    "validate",
    "validate_file",
]

if TYPE_CHECKING:
    from kg.curation.duplicates import Candidate, duplicates
    from kg.errors import KgError
    from kg.publish.build import BuildResult, Exported, build, export
    from kg.publish.knowledge import Inputs, Knowledge, assemble, knowledge
    from kg.query.ask import Answer, ask
    from kg.query.catalogue import StoredQuery, find_query, list_queries
    from kg.query.engine import QueryResult, run_query
    from kg.query.results import format_result
    from kg.query.serve import serving
    from kg.rdf.formats import RDF_FORMATS
    from kg.rdf.read import read_rdf
    from kg.release import Compared, Release, diff_releases
    from kg.store.client import Store
    from kg.store.load import LoadResult, load
    from kg.validation.report import Report, ValidationResult, format_report
    from kg.validation.shacl import validate, validate_file


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
