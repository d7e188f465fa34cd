"""The ontology's alignment axioms to schema.org hold in schema.org's own vocabulary.

kg materialises every super-class and super-property in the schema: namespace into the data, so a
kgo term that is rdfs:subClassOf / rdfs:subPropertyOf (or owl:equivalent*) a schema.org term puts
that term's statements into the graph. Such an axiom must be one schema.org agrees with:

* the schema.org term exists (in release 30.0), is not superseded, and is of the right kind: a
  class for a class axiom (and not one of schema.org's data types), a property for a property axiom;
* for ``kgo:p ⊑ schema:q``: whatever kgo:p is said of (its rdfs:domain, read as the schema.org
  classes it is a sub-class of, transitively through kgo classes; schema:Thing when it has no
  domain or no schema.org class) is, in schema.org's class hierarchy, a sub-class of one of
  schema:q's schema:domainIncludes; likewise its rdfs:range for schema:rangeIncludes. A domain that
  is an owl:unionOf must pass for each of its members. The ranges of datatype properties are read
  as schema.org data types by the table ``DATATYPES``;
* the check follows the closure, as the materialisation does: kgo:coordinator ⊑ kgo:participant ⊑
  schema:member is checked with kgo:coordinator's own domain and range.

A four-digit year (xsd:gYear) and a year and month (xsd:gYearMonth) count as schema:Date:
schema.org defines Date as "a date value in ISO 8601 date format", and ISO 8601 represents a
calendar date with reduced precision as YYYY or YYYY-MM (ISO 8601-1:2019 §5.2.2.2, 5.2.2.3);
schema.org's stewards read it so (https://github.com/schemaorg/schemaorg/issues/723), and its
JSON-LD context writes such values as "2016"^^schema:Date (issue 1748). kg's shapes hold every
year to four digits without time zone, so no year outside ISO 8601's basic format reaches the data.

The vocabulary is the extract in tests/data/schemaorg/ (see its README.md), so the test reads
nothing outside the repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, OWL, RDF, RDFS
from rdflib.term import Node

from kg.rdf.ontology import load_ontology

SCHEMA = Namespace("http://schema.org/")
KGO = Namespace("https://w3id.org/kg/ontology#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib's XSD, which warns when pytest probes it
EXTRACT = Path(__file__).parent / "data" / "schemaorg" / "schemaorg-extract.ttl"
ALIGNMENTS = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
CLASS_AXIOMS = (RDFS.subClassOf, OWL.equivalentClass)

# How schema.org sees the literal values of a datatype property (see the module's docstring for
# the years). A datatype not listed here is not covered by any schema.org data type.
DATATYPES = {
    XSD.string: SCHEMA.Text,
    RDF.langString: SCHEMA.Text,
    XSD.anyURI: SCHEMA.URL,
    XSD.boolean: SCHEMA.Boolean,
    XSD.integer: SCHEMA.Integer,
    XSD.decimal: SCHEMA.Number,
    XSD.double: SCHEMA.Number,
    XSD.date: SCHEMA.Date,
    XSD.dateTime: SCHEMA.DateTime,
    XSD.gYear: SCHEMA.Date,
    XSD.gYearMonth: SCHEMA.Date,
}
# How schema.org sees classes of other vocabularies that the ontology uses as ranges. A kg
# foaf:Document is a web page named by its http(s) IRI (kgsh:WebsiteShape, kgsh:WikipediaArticleShape):
# a schema:CreativeWork, written as a schema:URL.
FOREIGN = {FOAF.Document: (SCHEMA.CreativeWork, SCHEMA.URL)}


@cache
def schema_org() -> Graph:
    return Graph().parse(EXTRACT, format="turtle")


def short(node: Node) -> str:
    for prefix, ns in (
        ("schema", SCHEMA),
        ("kgo", KGO),
        ("xsd", XSD),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("foaf", FOAF),
        ("owl", OWL),
    ):
        if isinstance(node, URIRef) and str(node).startswith(str(ns)):
            return f"{prefix}:{str(node)[len(str(ns)) :]}"
    return str(node)


def is_schema(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(SCHEMA))


# -- schema.org's side ------------------------------------------------------------------------------


def schema_superclasses(schema: Graph, cls: URIRef) -> set[URIRef]:
    """The class and all its super-classes in schema.org, transitively."""
    seen = {cls}
    stack = [cls]
    while stack:
        for sup in schema.objects(stack.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                stack.append(sup)
    return seen


def is_datatype(schema: Graph, cls: URIRef) -> bool:
    return any((c, RDF.type, SCHEMA.DataType) in schema for c in schema_superclasses(schema, cls))


def covered(schema: Graph, classes: Iterable[URIRef], includes: set[URIRef]) -> bool:
    """Some class of an intersection is, in schema.org, a sub-class of one of ``includes``."""
    return any(schema_superclasses(schema, c) & includes for c in classes)


# -- the ontology's side ----------------------------------------------------------------------------


def closure(ontology: Graph, term: URIRef, relation: URIRef) -> dict[URIRef, list[URIRef]]:
    """Every super-term of ``term`` with the chain of kgo terms it is reached through."""
    found: dict[URIRef, list[URIRef]] = {}
    stack: list[tuple[URIRef, list[URIRef]]] = [(term, [])]
    while stack:
        node, via = stack.pop()
        for sup in ontology.objects(node, relation):
            if isinstance(sup, URIRef) and sup != term and sup not in found:
                found[sup] = via
                stack.append((sup, [*via, sup]))
    return found


def alternatives(ontology: Graph, node: Node) -> list[set[Node]]:
    """A class expression as a union of intersections of named classes: an owl:unionOf gives one
    alternative per member (the domain must hold for each), a named class one alternative."""
    members = ontology.value(node, OWL.unionOf)
    if members is None:
        return [{node}]
    return [alt for member in Collection(ontology, members) for alt in alternatives(ontology, member)]


def declared(ontology: Graph, prop: URIRef, relation: URIRef) -> list[set[Node]]:
    """The alternatives of a property's rdfs:domain or rdfs:range; several statements intersect."""
    result: list[set[Node]] = [set()]
    for value in ontology.objects(prop, relation):
        result = [a | b for a in result for b in alternatives(ontology, value)]
    return result


def schema_classes(ontology: Graph, classes: set[Node]) -> set[URIRef]:
    """The schema.org classes an instance of every one of ``classes`` is (schema:Thing if none)."""
    found: set[URIRef] = set()
    for cls in classes:
        if is_schema(cls):
            found.add(cls)  # type: ignore[arg-type]
        elif cls in DATATYPES:
            found.add(DATATYPES[cls])  # type: ignore[index]
        elif cls in FOREIGN:
            found.update(FOREIGN[cls])  # type: ignore[index]
        elif isinstance(cls, URIRef):
            found |= {s for s in closure(ontology, cls, RDFS.subClassOf) if is_schema(s)}
    return found or {SCHEMA.Thing}


def is_datatype_property(ontology: Graph, prop: URIRef) -> bool:
    return (prop, RDF.type, OWL.DatatypeProperty) in ontology


# -- the check --------------------------------------------------------------------------------------


def misalignments(ontology: Graph, schema: Graph) -> list[str]:
    """Every alignment of a kgo term to a schema.org term that schema.org does not bear out."""
    problems: set[str] = set()
    terms = {s for s, p, _ in ontology if p in ALIGNMENTS and isinstance(s, URIRef) and str(s).startswith(str(KGO))}
    for term in sorted(terms):
        for relation in ALIGNMENTS:
            for target, via in closure(ontology, term, relation).items():
                if is_schema(target):
                    through = f" (through {', '.join(short(v) for v in via)})" if via else ""
                    axiom = f"{short(term)} {short(relation)} {short(target)}{through}"
                    problems.update(f"{axiom}: {p}" for p in check(ontology, schema, term, relation, target))
    return sorted(problems)


def check(ontology: Graph, schema: Graph, term: URIRef, relation: URIRef, target: URIRef) -> list[str]:
    is_class, is_property = (target, RDF.type, RDFS.Class) in schema, (target, RDF.type, RDF.Property) in schema
    if not (is_class or is_property):
        return [f"{short(target)} is not a schema.org term (or tests/data/schemaorg/ needs extract.py run again)"]
    if (superseded := schema.value(target, SCHEMA.supersededBy)) is not None:
        return [f"{short(target)} is superseded by {short(superseded)}"]
    if relation in CLASS_AXIOMS:
        if not is_class:
            return [f"{short(target)} is a property, not a class"]
        if is_datatype(schema, target):
            return [f"{short(target)} is a schema.org data type, not a class of things"]
        return []
    if not is_property:
        return [f"{short(target)} is a class, not a property"]
    problems = []
    for side, relation_, includes_ in (
        ("domain", RDFS.domain, SCHEMA.domainIncludes),
        ("range", RDFS.range, SCHEMA.rangeIncludes),
    ):
        includes = set(schema.objects(target, includes_))
        for alternative in declared(ontology, term, relation_):
            if side == "range" and not alternative and is_datatype_property(ontology, term):
                problems.append(f"{short(term)} has no rdfs:range, so its values are no schema.org data type")
                continue
            classes = schema_classes(ontology, alternative)
            if not covered(schema, classes, includes):
                what = " and ".join(sorted(short(c) for c in alternative)) or f"(no rdfs:{side})"
                problems.append(
                    f"its {side} {what} is {', '.join(sorted(short(c) for c in classes))} in schema.org, "
                    f"not a sub-class of any of the {short(includes_)} {', '.join(sorted(short(c) for c in includes))}"
                )
    return problems


# -- the ontology -----------------------------------------------------------------------------------


def test_the_ontology_has_alignments_to_check():
    ontology = load_ontology()
    axioms = [(s, o) for s, p, o in ontology if p in ALIGNMENTS and is_schema(o)]
    assert len(axioms) > 30


def test_every_alignment_to_schema_org_holds_in_schema_org():
    assert misalignments(load_ontology(), schema_org()) == []


def test_every_schema_org_term_the_ontology_mentions_exists():
    """Looser correspondences (skos:closeMatch, rdfs:seeAlso) name real terms too."""
    ontology, schema = load_ontology(), schema_org()
    mentioned = {n for triple in ontology for n in triple if is_schema(n)}
    missing = sorted(short(t) for t in mentioned if not set(schema.predicate_objects(t)))
    assert missing == []


def test_the_extract_says_where_it_comes_from():
    text = EXTRACT.read_text(encoding="utf-8")
    assert "Creative Commons Attribution-ShareAlike 3.0" in text and "release 30.0" in text
    readme = (EXTRACT.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in readme and "extract.py" in readme


# -- the checker can fail ---------------------------------------------------------------------------


def with_axioms(*triples: tuple[Node, Node, Node]) -> Graph:
    ontology = load_ontology()
    for t in triples:
        ontology.add(t)
    return ontology


def test_a_property_of_roles_on_posts_is_reported():
    """kgo:Post is a schema:Intangible; schema:roleName is a property of schema:Role."""
    wrong = KGO.madeUpRoleName
    ontology = with_axioms(
        (wrong, RDF.type, OWL.DatatypeProperty),
        (wrong, RDFS.domain, KGO.Post),
        (wrong, RDFS.range, RDF.langString),
        (wrong, RDFS.subPropertyOf, SCHEMA.roleName),
    )
    assert misalignments(ontology, schema_org()) == [
        "kgo:madeUpRoleName rdfs:subPropertyOf schema:roleName: its domain kgo:Post is schema:Intangible in "
        "schema.org, not a sub-class of any of the schema:domainIncludes schema:Role"
    ]


def test_a_sub_property_inherits_the_check():
    """kgo:p ⊑ kgo:founder ⊑ schema:founder is checked with kgo:p's own domain and range: a project
    is a schema:Project, an Organization (fine); a place founds nothing."""
    wrong = KGO.madeUpFounder
    ontology = with_axioms(
        (wrong, RDF.type, OWL.ObjectProperty),
        (wrong, RDFS.domain, KGO.Project),
        (wrong, RDFS.range, KGO.Place),
        (wrong, RDFS.subPropertyOf, KGO.founder),
    )
    assert misalignments(ontology, schema_org()) == [
        "kgo:madeUpFounder rdfs:subPropertyOf schema:founder (through kgo:founder): its range kgo:Place is "
        "schema:Place in schema.org, not a sub-class of any of the schema:rangeIncludes schema:Organization, "
        "schema:Person"
    ]


@pytest.mark.parametrize(
    ("triples", "expected"),
    [
        pytest.param(
            [(KGO.Thing1, RDF.type, OWL.Class), (KGO.Thing1, RDFS.subClassOf, SCHEMA.Organisation)],
            "kgo:Thing1 rdfs:subClassOf schema:Organisation: schema:Organisation is not a schema.org term",
            id="misspelt-class",
        ),
        pytest.param(
            [(KGO.Thing1, RDF.type, OWL.Class), (KGO.Thing1, RDFS.subClassOf, SCHEMA.Text)],
            "kgo:Thing1 rdfs:subClassOf schema:Text: schema:Text is a schema.org data type",
            id="class-is-a-datatype",
        ),
        pytest.param(
            [(KGO.Thing1, RDF.type, OWL.Class), (KGO.Thing1, RDFS.subClassOf, SCHEMA.founder)],
            "kgo:Thing1 rdfs:subClassOf schema:founder: schema:founder is a property, not a class",
            id="class-is-a-property",
        ),
        pytest.param(
            [
                (KGO.p, RDF.type, OWL.ObjectProperty),
                (KGO.p, RDFS.range, KGO.Person),
                (KGO.p, RDFS.subPropertyOf, SCHEMA.founder),
            ],
            "kgo:p rdfs:subPropertyOf schema:founder: its domain (no rdfs:domain) is schema:Thing",
            id="no-domain-is-thing",
        ),
        pytest.param(
            [
                (KGO.p, RDF.type, OWL.DatatypeProperty),
                (KGO.p, RDFS.domain, KGO.Organisation),
                (KGO.p, RDFS.range, XSD.gYear),
                (KGO.p, RDFS.subPropertyOf, SCHEMA.alternateName),
            ],
            "kgo:p rdfs:subPropertyOf schema:alternateName: its range xsd:gYear is schema:Date",
            id="a-year-is-not-text",
        ),
        pytest.param(
            [
                (KGO.p, RDF.type, OWL.DatatypeProperty),
                (KGO.p, RDFS.domain, KGO.Organisation),
                (KGO.p, RDFS.range, XSD.integer),
                (KGO.p, RDFS.subPropertyOf, SCHEMA.foundingDate),
            ],
            "kgo:p rdfs:subPropertyOf schema:foundingDate: its range xsd:integer is schema:Integer",
            id="a-number-is-not-a-date",
        ),
        pytest.param(
            [
                (KGO.p, RDF.type, OWL.ObjectProperty),
                (KGO.p, RDFS.domain, BNode("u")),
                (BNode("u"), OWL.unionOf, BNode("l1")),
                (BNode("l1"), RDF.first, KGO.Organisation),
                (BNode("l1"), RDF.rest, BNode("l2")),
                (BNode("l2"), RDF.first, KGO.Person),
                (BNode("l2"), RDF.rest, RDF.nil),
                (KGO.p, RDFS.range, KGO.Place),
                (KGO.p, RDFS.subPropertyOf, SCHEMA.foundingLocation),
            ],
            "kgo:p rdfs:subPropertyOf schema:foundingLocation: its domain kgo:Person is schema:Person",
            id="each-member-of-a-union",
        ),
    ],
)
def test_the_checker_reports(triples, expected):
    problems = misalignments(with_axioms(*triples), schema_org())
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_superseded_term_is_reported():
    schema = Graph()
    for t in schema_org():
        schema.add(t)
    schema.add((SCHEMA.founder, SCHEMA.supersededBy, SCHEMA.funder))
    problems = misalignments(load_ontology(), schema)
    assert problems == ["kgo:founder rdfs:subPropertyOf schema:founder: schema:founder is superseded by schema:funder"]


def test_datatypes_and_years():
    """xsd:gYear and xsd:gYearMonth are read as schema:Date; a plain literal is no data type."""
    schema = schema_org()
    assert covered(schema, schema_classes(Graph(), {XSD.gYear}), {SCHEMA.Date})
    assert covered(schema, schema_classes(Graph(), {XSD.integer}), {SCHEMA.Number})
    assert not covered(schema, schema_classes(Graph(), {XSD.integer}), {SCHEMA.Text})
    assert not covered(schema, schema_classes(Graph(), {RDFS.Literal}), {SCHEMA.Text})
    assert Literal("1989", datatype=XSD.gYear).datatype in DATATYPES
