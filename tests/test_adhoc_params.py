"""Ad-hoc parameters: ``-p name=value`` binds ``?name`` in an ``-e`` query (or an .rq file without
a header), on every engine, bound and never pasted; the value's form gives its type."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import ParameterError
from kg.query.engine import run_query
from kg.query.params import ad_hoc_parameters

HOSTILE = [
    'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #',
    "back\\slash",
    "new\nline",
    "} UNION {",
    "\\u0022",
    "'",
    '"""',
]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_ad_hoc_value_comes_back_verbatim(seed, engine, value):
    result = run_query("SELECT ?x WHERE { BIND(?name AS ?x) }", data=seed.graph, params={"name": value}, engine=engine)
    assert result.rows == ((Literal(value),),)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_form_of_a_value_gives_its_type(seed, engine):
    result = run_query(
        "SELECT ?i ?n ?y ?l WHERE { BIND(?iri AS ?i) BIND(?num AS ?n) BIND(?year AS ?y) BIND(?lang AS ?l) }",
        data=seed.graph,
        params={
            "iri": "<https://example.org/a>",
            "num": "3^^xsd:integer",
            "year": "2021^^xsd:gYear",
            "lang": '"Präsident"@de',
        },
        engine=engine,
    )
    assert result.rows == (
        (
            URIRef("https://example.org/a"),
            Literal("3", datatype=XSD.integer),
            Literal("2021", datatype=XSD.gYear),
            Literal("Präsident", lang="de"),
        ),
    )


def test_an_ad_hoc_parameter_must_be_a_variable_name_and_a_typed_value_must_fit_its_type():
    with pytest.raises(ParameterError, match="not a SPARQL variable name"):
        ad_hoc_parameters({"a b": "x"})
    declared, values = ad_hoc_parameters({"n": "three^^xsd:integer"})
    from kg.query.params import bind_parameters

    with pytest.raises(ParameterError, match="not a whole number"):
        bind_parameters(declared, values)
