"""Namespaces used by the mapping. Term definitions live in ``ontology/kg.ttl``, not here."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

KGO = Namespace("https://w3id.org/kg/ontology#")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
EURIO = Namespace("http://data.europa.eu/s66#")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

#: Prefixes written into the Turtle output, in this order.
PREFIXES = {
    "kgo": KGO,
    "schema": SCHEMA,
    "org": ORG,
    "foaf": FOAF,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "eucountry": EU_COUNTRY,
}
