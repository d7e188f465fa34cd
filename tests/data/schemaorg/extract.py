"""Write the extract of schema.org that tests/test_alignment.py checks the ontology against.

Run by hand when the ontology starts to mention another schema.org term, or for a new schema.org
release (see README.md beside this file)::

    .venv/bin/python tests/data/schemaorg/extract.py ../shared/vocab/schemaorg-current-http-30.0.ttl

The extract holds every schema.org term that ontology/kg.ttl mentions (in an axiom, a
skos:closeMatch or an rdfs:seeAlso), the classes their schema:domainIncludes and
schema:rangeIncludes name, schema.org's data types, and every super-class of these, transitively:
for each class its types, label, rdfs:subClassOf and schema:supersededBy; for each property its
types, label, rdfs:subPropertyOf, schema:domainIncludes, schema:rangeIncludes and
schema:supersededBy. A term the ontology mentions that schema.org does not define is left out, so
the test reports it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

SCHEMA = Namespace("http://schema.org/")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CLASS_FACTS = (RDF.type, RDFS.label, RDFS.subClassOf, SCHEMA.supersededBy, SCHEMA.isPartOf)
PROPERTY_FACTS = (
    RDF.type,
    RDFS.label,
    RDFS.subPropertyOf,
    SCHEMA.domainIncludes,
    SCHEMA.rangeIncludes,
    SCHEMA.supersededBy,
    SCHEMA.isPartOf,
)
HEADER = """\
# An extract of the schema.org vocabulary, release {release}, in its http://schema.org/ form: the
# terms ontology/kg.ttl mentions, with their class hierarchy, domains and ranges, for
# tests/test_alignment.py. Made by tests/data/schemaorg/extract.py from {source};
# do not edit, run the script again.
#
# Schema.org (https://schema.org), by the schema.org community; the vocabulary definitions are
# published under the Creative Commons Attribution-ShareAlike 3.0 licence
# (https://creativecommons.org/licenses/by-sa/3.0/), and so is this extract.

"""


def is_schema(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(SCHEMA))


def extract(vocabulary: Graph, ontology: Graph) -> Graph:
    mentioned = {n for triple in ontology for n in triple if is_schema(n)}
    classes: set[URIRef] = set()
    properties: set[URIRef] = set()
    for term in mentioned:
        if (term, RDF.type, RDF.Property) in vocabulary:
            properties.add(term)
            for p in (SCHEMA.domainIncludes, SCHEMA.rangeIncludes):
                classes |= {c for c in vocabulary.objects(term, p) if is_schema(c)}
        elif (term, RDF.type, RDFS.Class) in vocabulary:
            classes.add(term)
    # schema.org's data types and their sub-classes (Integer, URL ...), onto which the test maps XSD
    classes |= {c for c in vocabulary.subjects(RDF.type, RDFS.Class) if is_schema(c) and is_datatype(vocabulary, c)}
    stack = list(classes)
    while stack:  # every super-class, transitively
        for sup in vocabulary.objects(stack.pop(), RDFS.subClassOf):
            if is_schema(sup) and sup not in classes:
                classes.add(sup)
                stack.append(sup)
    out = Graph(bind_namespaces="none")
    out.bind("schema", SCHEMA)
    out.bind("rdf", RDF)
    out.bind("rdfs", RDFS)
    for terms, facts in ((classes, CLASS_FACTS), (properties, PROPERTY_FACTS)):
        for term in terms:
            for p in facts:
                for o in vocabulary.objects(term, p):
                    if p in (RDFS.subClassOf, RDFS.subPropertyOf) and not is_schema(o):
                        continue  # schema.org's links to other vocabularies are not needed
                    out.add((term, p, o))
    return out


def is_datatype(vocabulary: Graph, cls: URIRef) -> bool:
    """A schema:DataType, or a sub-class of one (schema:Integer, schema:URL)."""
    seen: set[URIRef] = set()
    stack = [cls]
    while stack:
        c = stack.pop()
        if (c, RDF.type, SCHEMA.DataType) in vocabulary:
            return True
        seen.add(c)
        stack.extend(o for o in vocabulary.objects(c, RDFS.subClassOf) if isinstance(o, URIRef) and o not in seen)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vocabulary", type=Path, help="schema.org's schemaorg-current-http.ttl of one release")
    parser.add_argument("--release", default="30.0")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology" / "kg.ttl")
    parser.add_argument("--out", type=Path, default=HERE / "schemaorg-extract.ttl")
    args = parser.parse_args()
    vocabulary = Graph().parse(args.vocabulary, format="turtle")
    ontology = Graph().parse(args.ontology, format="turtle")
    graph = extract(vocabulary, ontology)
    header = HEADER.format(release=args.release, source=args.vocabulary.name)
    args.out.write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
    print(f"{args.out}: {len(graph)} triples")


if __name__ == "__main__":
    main()
