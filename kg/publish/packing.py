"""One mapped article as compact bytes: what a worker sends back and what the cache keeps.

Pickling a :class:`~kg.publish.articles.MappedArticle` as it is costs the receiving side about half
as much as mapping the article did: rdflib rebuilds every literal through ``Literal.__new__``, whose
normalisation tries each Python type in turn. Here every distinct term is written once, as plain
strings, and the triples as indices into that table; a literal is rebuilt from its (already
normal) lexical form without normalising again, with the same value, datatype, language and
``ill_typed`` as the original, so everything downstream sees the same terms.

The path is not packed: an article's triples depend on its file name only, and the one who
unpacks says where the article is now (a cache entry serves the same file in another folder).
"""

from __future__ import annotations

import gc
import pickle
from array import array
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from kg.core.iris import Ref
from kg.errors import KgError
from kg.mapping.sink import Notice, RefTriple

#: Changes whenever the layout below does, so that older bytes are never read as newer ones.
FORMAT = 1
_REF, _IRI, _LITERAL, _OTHER = 0, 1, 2, 3


def pack(path: Path, triples: list[RefTriple], notices: list[Notice]) -> bytes:
    """The triples and notices of the article at ``path``, as bytes for :func:`unpack`."""
    index: dict[tuple[type, Any], int] = {}
    terms: list[tuple[Any, ...]] = []
    flat = array("I")
    for triple in triples:
        for term in triple:
            key = (type(term), term)
            found = index.get(key)
            if found is None:
                found = index[key] = len(terms)
                terms.append(_term(term))
            flat.append(found)
    told = [(None if n.path == path else str(n.path), n.line, n.message) for n in notices]
    return pickle.dumps((FORMAT, terms, flat.tobytes(), told), protocol=pickle.HIGHEST_PROTOCOL)


def _term(term: object) -> tuple[Any, ...]:
    if type(term) is Ref:
        return (_REF, term.kind, term.key)
    if type(term) is URIRef:
        return (_IRI, str(term))
    if type(term) is Literal:
        datatype = None if term.datatype is None else str(term.datatype)
        return (_LITERAL, str(term), term.language, datatype, term.ill_typed)
    return (_OTHER, term)  # not made by the mapping today; kept exactly, if slowly


def unpack(data: bytes, *, path: Path) -> tuple[list[RefTriple], list[Notice]]:
    """The triples and notices :func:`pack` packed, for the article now at ``path``.

    Bytes that are not a packed article (a truncated or foreign cache file) raise
    :class:`~kg.errors.KgError`; the cache takes that as a miss.
    """
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new tuples, none in a cycle: the collector would only rescan them
    try:
        return _unpack(data, path)
    finally:
        if collecting:
            gc.enable()


def _unpack(data: bytes, path: Path) -> tuple[list[RefTriple], list[Notice]]:
    try:
        version, terms, flat_bytes, told = pickle.loads(data)
    except Exception as exc:  # pickle raises many kinds for bytes that are not a pickle
        raise KgError(f"not a packed article ({type(exc).__name__})") from None
    if version != FORMAT:
        raise KgError(f"a packed article of format {version!r}; expected {FORMAT}")
    flat = array("I")
    flat.frombytes(flat_bytes)
    if len(flat) % 3:
        raise KgError("a packed article whose triples are cut short")
    objects = [_rebuild(t) for t in terms]
    at = iter(flat)
    triples: list[RefTriple] = [(objects[s], objects[p], objects[o]) for s, p, o in zip(at, at, at, strict=True)]
    notices = [Notice(path if where is None else Path(where), line, message) for where, line, message in told]
    return triples, notices


def _rebuild(term: tuple[Any, ...]) -> Any:
    kind = term[0]
    if kind == _IRI:
        return URIRef(term[1])
    if kind == _REF:
        return Ref(term[1], tuple(term[2]))
    if kind == _LITERAL:
        _, lexical, language, datatype, ill_typed = term
        literal = Literal(lexical, lang=language, datatype=datatype, normalize=False)
        literal._ill_typed = ill_typed  # as the original had it (None when made from a Python value)
        return literal
    return term[1]
