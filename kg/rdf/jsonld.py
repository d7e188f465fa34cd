"""Compacted JSON-LD with a local context file, written and read without any network access.

The context only declares the graph's prefixes, so compaction is a plain CURIE rewrite; the
published document refers to it by a relative path (``context.jsonld``) that resolves beside the
file, and a standalone document (``kg export``) carries it inline. Reading a document inlines its
relative context files from disk and refuses every other context reference, because a JSON-LD
parser would otherwise fetch it from the network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from rdflib import URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import SourceError
from kg.rdf.compact import CompactIris

CONTEXT_FILE = "context.jsonld"
#: A context file larger than this is refused (a context is a few kilobytes; this bounds what a
#: hostile document can make kg read).
MAX_CONTEXT_BYTES = 4 * 1024 * 1024


def context(prefixes: Mapping[str, str]) -> dict:
    return {"@context": dict(prefixes)}


def _key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def write_jsonld(
    triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str], out: IO[str], *, inline: bool = False
) -> None:
    """``{"@context": "context.jsonld", "@graph": [...]}``; nodes, keys and values sorted.

    With ``inline`` the context is written into the document, which then needs no other file.
    """
    c = CompactIris(prefixes)
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        subject = c.iri(str(s)) if isinstance(s, URIRef) else f"_:{s}"
        if p == RDF.type and isinstance(o, URIRef):
            nodes[subject]["@type"].append(c.iri(str(o)))
        else:
            nodes[subject][c.iri(str(p))].append(c.value(o))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, object] = {"@id": subject}
        for key in sorted(nodes[subject], key=lambda k: (k != "@type", k)):
            values = sorted(nodes[subject][key], key=_key)
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    ctx: object = context(prefixes)["@context"] if inline else CONTEXT_FILE
    json.dump({"@context": ctx, "@graph": graph}, out, ensure_ascii=False, indent=1, sort_keys=False)
    out.write("\n")


# -- reading -----------------------------------------------------------------------------------------


def local_document(path: Path) -> object:
    """The JSON of a JSON-LD file with every context reference replaced by the local file it names.

    A context given by a relative path (``"@context": "context.jsonld"``, also in a list, a scoped
    context or an ``@import``) is read from the folder of the file that refers to it; any other
    reference (``https://…``, ``file:…``, ``//host/…``) is a :class:`~kg.errors.SourceError`, so
    the parser is never left to fetch one.
    """
    return _inline(_read_json(path, referrer=None), path=path, folder=path.parent, seen=(path.resolve(),))


def _read_json(path: Path, *, referrer: Path | None) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if referrer is None:
            raise SourceError("no such file", path=path) from None
        raise SourceError(f"its JSON-LD context {path.name!r} is not found at {path}", path=referrer) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the file: {exc}", path=path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON ({exc.msg}, column {exc.colno})", path=path, line=exc.lineno) from None


def _inline(value: object, *, path: Path, folder: Path, seen: tuple[Path, ...]) -> object:
    """``value`` with each ``@context`` / ``@import`` reference in it replaced by the local context it names."""
    if isinstance(value, list):
        return [_inline(v, path=path, folder=folder, seen=seen) for v in value]
    if not isinstance(value, dict):
        return value
    found: dict[str, object] = {}
    for key, item in value.items():
        if key == "@context":
            found[key] = _context(item, path=path, folder=folder, seen=seen)
        elif key == "@import" and isinstance(item, str):
            continue  # merged below
        else:
            found[key] = _inline(item, path=path, folder=folder, seen=seen)
    imported = value.get("@import")
    if isinstance(imported, str):
        base = _context(imported, path=path, folder=folder, seen=seen)
        if not isinstance(base, dict):
            raise SourceError(f"the context {imported!r} it imports is not a JSON object", path=path)
        found = {**base, **found}  # the importing context's own definitions win
    return found


def _context(value: object, *, path: Path, folder: Path, seen: tuple[Path, ...]) -> object:
    if isinstance(value, list):
        return [_context(v, path=path, folder=folder, seen=seen) for v in value]
    if not isinstance(value, str):
        return _inline(value, path=path, folder=folder, seen=seen)
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.query or not parts.path:
        raise SourceError(
            f"refers to the JSON-LD context {value!r}, which is not a relative path to a local file; "
            "kg never fetches a context from the network: save it beside the file and refer to it "
            'by its name (e.g. "@context": "context.jsonld")',
            path=path,
        )
    target = (folder / unquote(parts.path)).resolve()
    root = seen[0].parent
    if not target.is_relative_to(root):
        raise SourceError(
            f"refers to the JSON-LD context {value!r}, which is outside the document's folder {root}; "
            "kg reads a context only from beside the document",
            path=path,
        )
    if target.exists() and not target.is_file():
        raise SourceError(f"refers to the JSON-LD context {value!r}, which is not a regular file", path=path)
    if target.is_file() and target.stat().st_size > MAX_CONTEXT_BYTES:
        raise SourceError(
            f"refers to the JSON-LD context {value!r} of {target.stat().st_size} bytes; a context over "
            f"{MAX_CONTEXT_BYTES} bytes is refused",
            path=path,
        )
    if target in seen:
        raise SourceError(f"its JSON-LD context {value!r} includes itself", path=path)
    document = _read_json(target, referrer=path)
    if not isinstance(document, dict) or "@context" not in document:
        raise SourceError(f'the context file {target} is not a JSON object with an "@context" member', path=path)
    return _context(document["@context"], path=target, folder=target.parent, seen=(*seen, target))
