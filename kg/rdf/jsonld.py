"""Compacted JSON-LD with a local context file, written and read without any network access.

The context only declares the graph's prefixes, so compaction is a plain CURIE rewrite; the
published document refers to it by a relative path (``context.jsonld``) that resolves beside the
file, and a standalone document (``kg export``) carries it inline. Reading a document inlines its
relative context files from disk and refuses every other context reference, because a JSON-LD
parser would otherwise fetch it from the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring as _string  # what json.dumps writes for a str
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import SourceError
from kg.rdf.compact import CompactIris
from kg.rdf.turtle import Row, TermForms, write_joined

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
    forms = TermForms()
    write_jsonld_rows(forms.rows(triples), forms.terms, prefixes, out, inline=inline)


def write_jsonld_rows(
    rows: Iterable[Row], terms: Mapping[str, Node], prefixes: Mapping[str, str], out: IO[str], *, inline: bool = False
) -> None:
    """:func:`write_jsonld` of distinct rows of N-Triples forms, which ``terms`` maps back to terms.

    The text is what ``json.dump(document, indent=1, ensure_ascii=False)`` writes; each distinct
    value is encoded once.
    """
    c = CompactIris(prefixes)
    ids = _Forms(lambda form: c.iri(str(terms[form])) if form.startswith("<") else form)
    values = _Forms(lambda form: c.value(terms[form]))
    keys = _Forms(lambda form: _key(values[form]))
    nodes: dict[str, dict[str, list[str]]] = {}
    rdf_type = _RDF_TYPE
    for s, p, o in rows:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {}
        key = "@type" if p == rdf_type and o.startswith("<") else p
        objects = node.get(key)
        if objects is None:
            node[key] = [o]
        else:
            objects.append(o)
    # a value's text, at the depth of a single value (under its key) and of a list item
    single = _Forms(lambda form: _encode(values[form], 3))
    listed = _Forms(lambda form: _encode(values[form], 4))
    type_single = _Forms(lambda form: _encode(ids[form], 3))
    type_listed = _Forms(lambda form: _encode(ids[form], 4))

    def node_texts() -> Iterator[str]:
        for subject, s in sorted((ids[s], s) for s in nodes):
            node = nodes[s]
            members = [f'\n   "@id": {_string(subject)}']
            for name, k in sorted(((k != "@type", k if k == "@type" else ids[k]), k) for k in node):
                objects = node[k]
                if k == "@type":
                    one, many, by = type_single, type_listed, lambda form: _key(ids[form])
                else:
                    one, many, by = single, listed, keys.__getitem__
                head = f"\n   {_string(name[1])}: "
                if len(objects) == 1:
                    members.append(head + one[objects[0]])
                else:
                    items = ",\n    ".join(many[o] for o in sorted(objects, key=by))
                    members.append(f"{head}[\n    {items}\n   ]")
            yield "  {" + ",".join(members) + "\n  }"

    ctx: object = context(prefixes)["@context"] if inline else CONTEXT_FILE
    out.write(f'{{\n "@context": {_encode(ctx, 1)},\n "@graph": ')
    if nodes:
        out.write("[\n")
        write_joined(node_texts(), out, ",\n")
        out.write("\n ]")
    else:
        out.write("[]")
    out.write("\n}\n")


class _Forms(dict[str, Any]):
    """A value computed once per N-Triples form."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, form: str) -> Any:
        value = self[form] = self.make(form)
        return value


def _encode(value: object, level: int) -> str:
    """``value`` as ``json.dump(..., indent=1, ensure_ascii=False)`` writes it at nesting ``level``."""
    if isinstance(value, str):
        return _string(value)
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * level) if level else text


_RDF_TYPE = f"<{RDF.type}>"


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
