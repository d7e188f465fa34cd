"""The facts a careful reader finds in the articles of tests/data/wikipedia (facts.toml), checked in a
built graph by SPARQL, through schema.org terms wherever schema.org has one.

:func:`found_facts` gives each fact an id ("founded", "person:Jane Doe", "project:DOORS" …) and
whether the graph has it; a fact that must *not* be there ("not_project:1998") is found when absent.
Used by tests/test_wikipedia.py and, by hand, to count the facts before and after a change.
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

FOLDER = Path(__file__).resolve().parent / "data" / "wikipedia"
PREFIXES = """
PREFIX schema: <http://schema.org/>
PREFIX kgo: <https://w3id.org/kg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


@cache
def facts() -> dict[str, dict]:
    return tomllib.loads((FOLDER / "facts.toml").read_text(encoding="utf-8"))["article"]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _values(g: Graph, query: str, **bindings: object) -> set[str]:
    init = {k: (v if isinstance(v, URIRef | Literal) else Literal(v)) for k, v in bindings.items()}
    return {_norm(row[0]) for row in g.query(PREFIXES + query, initBindings=init) if row[0] is not None}


def found_facts(g: Graph, name: str) -> dict[str, bool]:
    """Every fact of article ``name`` → whether graph ``g`` (the article built alone) states it."""
    f = facts()[name]
    (net,) = set(g.objects(None, URIRef("http://xmlns.com/foaf/0.1/primaryTopic")))
    out: dict[str, bool] = {}
    names = _values(g, "SELECT ?n WHERE { ?net schema:name ?n }", net=net)
    out["name"] = _norm(f["name"]) in names
    if f.get("short_name") and f["short_name"] != f["name"]:
        others = _values(g, "SELECT ?n WHERE { ?net schema:alternateName ?n }", net=net)
        out["short_name"] = _norm(f["short_name"]) in others
    if f.get("founded"):
        years = _values(g, "SELECT ?y WHERE { ?net schema:foundingDate ?y }", net=net)
        out["founded"] = f["founded"] in years
    if f.get("city"):
        cities = _values(g, "SELECT ?n WHERE { ?net schema:location ?c . ?c a schema:City ; schema:name ?n }", net=net)
        cities |= _values(g, "SELECT ?n WHERE { ?net kgo:city/schema:name ?n }", net=net)
        out["city"] = _norm(f["city"]) in cities
    if f.get("country"):
        codes = _values(g, "SELECT ?c WHERE { ?net kgo:country/kgo:iso3166Alpha2 ?c }", net=net)
        out["country"] = _norm(f["country"]) in codes
    if f.get("website"):
        sites = _values(g, "SELECT ?w WHERE { ?net schema:url ?w }", net=net)
        out["website"] = _norm(f["website"]).rstrip("/") in {s.rstrip("/") for s in sites}
    people = _values(g, "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }")
    for person in f.get("people", []):
        out[f"person:{person['name']}"] = _norm(person["name"]) in people
        if person.get("post"):
            posts = _values(
                g,
                """SELECT ?r WHERE { ?p schema:name ?n .
                     { ?p kgo:holdsPost/kgo:roleName ?r } UNION { ?t kgo:holder ?p ; kgo:tenureOf/kgo:roleName ?r }
                     UNION { ?org schema:founder ?p BIND("Founder" AS ?r) } }""",
                n=Literal(person["name"]),
            )
            out[f"post:{person['name']}"] = _norm(person["post"]) in posts
    projects = _values(g, "SELECT ?n WHERE { ?p a schema:Project ; schema:name ?n }")
    for project in f.get("projects", []):
        out[f"project:{project}"] = _norm(project) in projects
    partners = _values(g, "SELECT ?n WHERE { ?p a schema:Project ; schema:member ?o . ?o schema:name ?n }")
    for partner in f.get("partners", []):
        out[f"partner:{partner}"] = _norm(partner) in partners
    members = _values(g, "SELECT ?n WHERE { ?net kgo:hasMember ?o . ?o schema:name ?n }", net=net)
    for member in f.get("members", []):
        out[f"member:{member}"] = _norm(member) in members
    if f.get("member_count"):
        counts = _values(g, "SELECT ?v WHERE { ?net kgo:memberCount/schema:value ?v }", net=net)
        counts |= _values(g, "SELECT ?v WHERE { ?net kgo:memberCount/schema:minValue ?v }", net=net)
        out["member_count"] = str(f["member_count"]) in counts
    dates = _values(g, "SELECT ?d WHERE { ?e a kgo:HistoryEvent ; kgo:eventOf ?net ; kgo:date ?d }", net=net)
    for event in f.get("events", []):
        out[f"event:{event['date']}"] = _norm(event.get("iso", event["date"])) in dates
    for wrong in f.get("not_projects", []):
        out[f"not_project:{wrong}"] = _norm(wrong) not in projects
    markup = [o for o in g.objects() if isinstance(o, Literal) and ("[[" in o or "]]" in o or "''" in o)]
    out["no_markup"] = not markup
    return out
