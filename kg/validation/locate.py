"""Where a validation result comes from: the source file and line of its focus node, and its label.

The graph records provenance as ``prov:wasDerivedFrom <…/source/FILE#line=A,B>`` (RFC 5147); this
turns it back into a file and a line a curator can open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from kg.core.vocab import KGO, SCHEMA
from kg.errors import KgError
from kg.source.parse import read_text, source_lines
from kg.validation.data import Lookup
from kg.validation.report import curie

_WORD = re.compile(r"\w+")
_LINE_FRAGMENT = re.compile(r"^(?P<doc>[^#]+)#line=(?P<start>\d+)(?:,(?P<end>\d+))?$")


class Locator:
    """Find the source file and line of a focus node, and its label.

    Entities carry ``prov:wasDerivedFrom <…/source/FILE#line=A,B>`` (RFC 5147: the lines after
    position A up to B, i.e. line B for the single-line fragments kg writes). Among several lines
    the one where the offending value stands is preferred: a line the value entity is itself
    derived from, else (with the source files at hand) a line whose text contains the value; else
    the smallest. A class has the location of its first instance; an ontology term, with its
    Turtle file at hand, the line that defines it.
    """

    def __init__(self, data: Lookup, sources: Sequence[Path], *, ontology: Graph | None = None) -> None:
        self.data = data
        self.ontology = ontology
        self.paths = {p.name: p for p in sources}
        self._texts: dict[Path, list[str]] = {}
        self._indexes: dict[Node, dict[str, set[tuple[str, int]]]] = {}
        self._lines: dict[Node, set[tuple[str, int]]] = {}

    def label(self, node: Node | None) -> str | None:
        if node is None:
            return None
        for graph in (self.data, self.ontology):
            if graph is None:
                continue
            labels = [o for p in (RDFS.label, SCHEMA.name) for o in graph.objects(node, p) if isinstance(o, Literal)]
            if labels:
                preferred = [lb for lb in labels if lb.language in (None, "en")] or labels
                return sorted(str(lb) for lb in preferred)[0]
        return None

    def locate(
        self, focus: Node | None, value: Node | None, path: Node | None = None
    ) -> tuple[tuple[str, int] | None, str | None]:
        """The (file name, line) of a result and the file's path if known."""
        if focus is None:
            return None, None
        if value is not None and value != focus:
            values = [value]
        elif isinstance(path, URIRef):  # e.g. sh:maxCount: every value of the path is at fault
            values = list(self.data.objects(focus, path))
        else:
            values = []
        found = self._choose(focus, values) or self._class_location(focus) or self._definition(focus)
        if found is None:
            return None, None
        path = self.paths.get(found[0])
        return found, str(path) if path is not None else None

    def _choose(self, focus: Node, values: list[Node]) -> tuple[str, int] | None:
        lines = self.lines(focus)
        if not lines:
            return None
        shared = {loc for v in values if isinstance(v, URIRef | BNode) for loc in self.lines(v)} & lines
        if shared:
            return min(shared)
        # prefer a line where the value stands as a whole word ("2021" in "| 2021-2023 |", not
        # in "| 20210 |"), then one that merely contains it, then the first line
        texts = [text for v in values if (text := str(v).strip())]
        candidates = self._candidates(focus, texts)
        words = [re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)") for text in texts]
        for pool in (candidates, lines):  # the index first; every line only when it finds nothing
            whole = [loc for loc in pool if any(w.search(self._line_text(loc)) for w in words)]
            written = [loc for loc in pool if any(text in self._line_text(loc) for text in texts)]
            if whole or written:
                return min(whole or written)
        return min(lines)

    def _candidates(self, focus: Node, texts: list[str]) -> set[tuple[str, int]]:
        """The focus's lines that may hold one of ``texts``: those holding all its words, by an
        index of the focus's lines built once, so that many results on one entity (an infobox of
        thousands of keys) cost time in proportion to their number, not its square."""
        index = self._word_index(focus)
        found: set[tuple[str, int]] = set()
        for text in texts:
            tokens = set(_WORD.findall(text.casefold()))
            if not tokens:
                return self.lines(focus)
            found |= set.intersection(*(index.get(token, set()) for token in tokens))
        return found

    def _word_index(self, focus: Node) -> dict[str, set[tuple[str, int]]]:
        if focus not in self._indexes:
            index: dict[str, set[tuple[str, int]]] = {}
            for loc in self.lines(focus):
                for token in set(_WORD.findall(self._line_text(loc).casefold())):
                    index.setdefault(token, set()).add(loc)
            self._indexes[focus] = index
        return self._indexes[focus]

    def _class_location(self, node: Node) -> tuple[str, int] | None:
        first = min(self.data.subjects(RDF.type, node), key=str, default=None)
        return min(self.lines(first), default=None) if first is not None else None

    def _definition(self, node: Node) -> tuple[str, int] | None:
        if not isinstance(node, URIRef):
            return None
        names = {f"<{node}>", curie(node)}
        for name, path in sorted(self.paths.items()):
            if path.suffix != ".ttl":
                continue
            for number, line in enumerate(self._read(path), start=1):
                if line.split(maxsplit=1)[:1] in ([n] for n in names):
                    return name, number
        return None

    @cached_property
    def _documents(self) -> dict[str, str]:
        """Source document IRI → file name (kgo:fileName, else the IRI's last segment)."""
        return {str(d): str(f) for d, f in self.data.subject_objects(KGO.fileName)}

    def lines(self, node: Node) -> set[tuple[str, int]]:
        if node not in self._lines:
            self._lines[node] = self._derived_lines(node)
        return self._lines[node]

    def _derived_lines(self, node: Node) -> set[tuple[str, int]]:
        found = set()
        for derived in self.data.objects(node, PROV.wasDerivedFrom):
            match = _LINE_FRAGMENT.match(str(derived))
            if not match:
                continue
            doc = match["doc"]
            name = self._documents.get(doc) or unquote(doc.rstrip("/").rsplit("/", 1)[-1])
            # RFC 5147: line=A,B selects the lines after position A up to position B; kg writes
            # single lines (A = B - 1), so this is line B. A bare position A points at line A + 1.
            found.add((name, int(match["start"]) + 1))
        return found

    def _line_text(self, location: tuple[str, int]) -> str:
        path = self.paths.get(location[0])
        if path is None or path.suffix == ".ttl":
            return ""
        lines = self._read(path)
        return lines[location[1] - 1] if 0 < location[1] <= len(lines) else ""

    def _read(self, path: Path) -> list[str]:
        if path not in self._texts:
            try:  # numbered as the parser numbers them, so that the lines match provenance
                self._texts[path] = source_lines(read_text(path))
            except (OSError, KgError):
                self._texts[path] = []
        return self._texts[path]
