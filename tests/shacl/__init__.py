"""SHACL test cases: small graphs that each break one shape, with their expected results in the header.

A case file starts with comment lines; each ``# expect:`` line names one expected result::

    # expect: severity=Violation shape=kgsh:ProjectYearsShape focus=project:backwards line=11

``focus`` and ``shape`` are prefixed names (the file's own prefixes, plus ``kgsh:``) or ``<IRIs>``;
``line`` is the 1-based source line of the result (``none`` when it has none) and ``file`` the source
file name (default ``case.txt`` for data, the case file itself for ontology cases).
``# expect: nothing`` says the case must give no result at all. Ontology cases also say
``# check: ontology`` (the file is an ontology) or ``# check: data`` (the file is data, checked with
``ontology/kg.ttl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.rdf.encoded import EncodedGraph
from kg.validation.data import SortedData

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.ttl"
CASES = sorted((HERE / "cases").glob("*.ttl"))
ONTOLOGY_CASES = sorted((HERE / "ontology-cases").glob("*.ttl"))
KGSH = "https://w3id.org/kg/shapes#"

_EXPECT = re.compile(r"^#\s*expect:\s*(?P<spec>.*)$")
_CHECK = re.compile(r"^#\s*check:\s*(?P<what>\w+)\s*$")
_PREFIX = re.compile(r"^@prefix\s+([\w-]*):\s*<([^>]*)>", re.M)


@dataclass(frozen=True)
class Expected:
    severity: str
    shape: str
    focus: str
    source: tuple[str, int] | None


@dataclass(frozen=True)
class Case:
    path: Path
    graph: Graph
    expected: frozenset[Expected]
    check: str | None

    @property
    def id(self) -> str:
        return self.path.stem


def read_case(path: Path, *, default_file: str = "case.txt") -> Case:
    text = path.read_text(encoding="utf-8")
    graph = Graph(bind_namespaces="none").parse(data=text, format="turtle")
    prefixes = dict(_PREFIX.findall(text))
    expected: set[Expected] = set()
    check = None
    header = [line for line in text.splitlines() if line.startswith("#")]
    saw_expect = False
    for line in header:
        if m := _CHECK.match(line):
            check = m["what"]
        if not (m := _EXPECT.match(line)):
            continue
        saw_expect = True
        if m["spec"].strip() == "nothing":
            continue
        fields = dict(item.split("=", 1) for item in m["spec"].split())
        unknown = set(fields) - {"severity", "shape", "focus", "line", "file"}
        assert not unknown, f"{path.name}: unknown expect keys {unknown}"
        line_no = fields.get("line", "none")
        source = None if line_no == "none" else (fields.get("file", default_file), int(line_no))
        expected.add(
            Expected(
                severity=fields["severity"],
                shape=str(_iri(fields["shape"], prefixes)),
                focus=str(_iri(fields["focus"], prefixes)),
                source=source,
            )
        )
    assert saw_expect, f"{path.name}: no '# expect:' line"
    return Case(path=path, graph=graph, expected=frozenset(expected), check=check)


def _iri(text: str, prefixes: dict[str, str]) -> URIRef:
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    prefix, _, local = text.partition(":")
    namespaces = {"kgsh": KGSH, **prefixes}
    assert prefix in namespaces, f"unknown prefix {prefix!r} in expectation {text!r}"
    return URIRef(namespaces[prefix] + local)


def sorted_data(graph: Graph, *, isolate: bool = False) -> SortedData:
    """``graph`` in the form the build validates: its sorted N-Triples rows (the engine given only the
    statements its shapes can read), in this process or, with ``isolate``, in a worker."""
    return SortedData.of_rows(EncodedGraph.of(graph), graph=lambda: graph, isolate=isolate)
