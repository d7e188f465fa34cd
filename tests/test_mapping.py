"""Mapping decisions checked on small articles written in the test."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import PROV

from kg.aliases import Aliases
from kg.build import assemble
from kg.config import Config
from kg.vocab import KGO, SCHEMA

ARTICLE = """= Test Network of Museums =

TNM
- Key People: Ada Lovelace,, Charles Babbage
- Motto: Science for all

Test Network of Museums is a network.
"""


def build(tmp_path, text: str):
    path = tmp_path / "test.txt"
    path.write_text(text, encoding="utf-8")
    return assemble([path], config=Config(base="https://example.org/id/"), aliases=Aliases())


def test_people_without_a_role_hold_posts_of_their_own(tmp_path):
    g = build(tmp_path, ARTICLE).graph
    posts = {p for p in g.subjects(KGO.roleName, Literal("Key person", lang="en"))}
    assert len(posts) == 2
    assert all(len(set(g.objects(p, KGO.heldBy))) == 1 for p in posts)


def test_unmapped_values_keep_their_line(tmp_path):
    k = build(tmp_path, ARTICLE)
    (network,) = k.graph.subjects(SCHEMA.name, Literal("Test Network of Museums"))
    lines = {str(o).rsplit("=", 1)[-1].split(",")[-1] for o in k.graph.objects(network, PROV.wasDerivedFrom)}
    assert "5" in lines  # the Motto line
    assert any("'Motto'" in n.message and n.line == 5 for n in k.notices)
