"""People and the posts they hold, as the infobox and office-holder tables name them.

People and posts are scoped to their article: two people of one name in two articles are not one
person, and a post ("President") is the post of that article's network.
"""

from __future__ import annotations

import re

from rdflib import Literal

from kg.core.iris import Ref
from kg.core.resources import lexicon
from kg.core.text import squash_spaces
from kg.core.vocab import KGO
from kg.mapping.facts import honorific
from kg.mapping.sink import ArticleGraph

_WORD = re.compile(r"[\w.'’-]+")


def person(out: ArticleGraph, scope: str, name: str, line: int) -> Ref:
    """The person ``name`` (a title such as "Dr." kept apart, as kgo:honorificPrefix)."""
    name = squash_spaces(name)  # non-breaking and doubled spaces
    prefix = None
    if (title := honorific().match(name)) and title.end() < len(name):  # "Dr. Wendy Pollock"
        prefix, name = title.group().strip(), name[title.end() :].strip()
    ref = out.entity(Ref("person", (scope, name)), KGO.Person, name, line)
    if prefix:
        out.add(ref, KGO.honorificPrefix, Literal(prefix))
    return ref


def post(out: ArticleGraph, scope: str, network: Ref, label: str, role: str, line: int, *, own: str = "") -> Ref:
    """The post ``role`` in ``network`` (``own``: a post that is one person's, "Key person")."""
    key = (scope, "key person", own) if own else (scope, role)
    ref = out.entity(Ref("post", key), KGO.Post, f"{role} of {label}", line)
    out.add(ref, KGO.roleName, out.text(role))
    out.add(ref, KGO.postIn, network)
    out.add(network, KGO.hasPost, ref)
    return ref


def post_name(text: str) -> str | None:
    """The post a heading or column names ("Past presidents" → "President"), if it names one."""
    posts: dict[str, str] = lexicon()["offices"]["posts"]
    folded = squash_spaces(text.casefold().replace("_", " "))
    for words in sorted(posts, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(words)}(?!\w)", folded):
            return posts[words]
    return None


def looks_like_person(text: str) -> bool:
    """A name of two to six words, capitalised, with no word that makes it an organisation's."""
    words = _WORD.findall(honorific().sub("", squash_spaces(text)))
    if not 2 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    organisation = set(lexicon()["offices"]["organisation_words"])
    if any(w.casefold().strip(".") in organisation for w in words):
        return False
    return sum(w[0].isupper() for w in words) >= 2
