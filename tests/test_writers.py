"""kg/serialize.py writes any graph so that other parsers read back exactly that graph.

Property-based: arbitrary strings (control characters, quotes, backslashes, triple quotes, a quote
at the end, non-BMP characters), language tags, datatypes and IRIs are written as Turtle, TriG,
N-Triples and N-Quads and read back with rdflib and with pyoxigraph; the graph read must be the
graph written. Two independent C parsers (raptor's ``rapper`` and ``serdi``) read the nastiest
strings too.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import UnwritableTerm
from kg.rdf.oxterms import from_oxigraph
from kg.rdf.turtle import TurtleWriter, nt, write_nquads, write_ntriples

# rdflib warns about every ill-formed typed literal it is given or reads ("weird numerical");
# those literals are written and read on purpose here.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:rdflib.term")

EX = "http://example.org/"
PREFIXES = {"ex": EX, "exn": EX + "ns#", "exa": EX + "a/", "xsd": str(XSD), "rdf": str(RDF)}
Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]

#: Strings that have broken RDF writers: escapes, quotes where a long string closes, line ends.
NASTY = [
    '"',
    '""',
    '"""',
    '""""',
    "'",
    "'''",
    "\\",
    "\\\\",
    '\\"',
    "\\u0041",
    "\\n",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "\t",
    "\b",
    "\f",
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    "\U0010ffff",
    "@en",
    "^^",
    " .",
    "<x>",
    "{}",
    "#",
    "prefix",
]


def _characters() -> st.SearchStrategy[str]:
    return st.characters(blacklist_categories=("Cs",))  # lone surrogates are not text


strings = st.lists(st.one_of(st.text(_characters(), max_size=6), st.sampled_from(NASTY)), max_size=8).map("".join)

# BCP 47 tags built from their parts (pyoxigraph refuses tags that are not well-formed).
languages = st.builds(
    lambda lang, script, region, variant: "-".join(p for p in (lang, script, region, variant) if p),
    st.from_regex(r"[a-zA-Z]{2,3}", fullmatch=True),
    st.sampled_from(["", "Latn", "cyrl", "HANS"]),
    st.one_of(st.just(""), st.from_regex(r"[a-zA-Z]{2}|[0-9]{3}", fullmatch=True)),
    st.sampled_from(["", "1901", "valencia", "x-private"]),
)

# IRIs that RFC 3987 allows (pyoxigraph checks them): unreserved and sub-delimiter characters,
# non-ASCII characters of the ucschar ranges, percent-encoded octets.
_ucschar = st.one_of(
    st.characters(min_codepoint=0xA0, max_codepoint=0xD7FF),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFDCF),
    st.characters(min_codepoint=0xFDF0, max_codepoint=0xFFEF),
    st.characters(min_codepoint=0x10000, max_codepoint=0x1FFFD),
)
_iri_char = st.one_of(
    st.sampled_from(list("abcxyzABCXYZ0189-._~!$&'()*+,;=:@/")),
    _ucschar,
    st.from_regex(r"%[0-9A-Fa-f]{2}", fullmatch=True),
)
_path = st.lists(_iri_char, max_size=10).map("".join)
iris = st.one_of(
    st.builds(lambda ns, path: URIRef(ns + path), st.sampled_from([EX, EX + "ns#", EX + "a/", EX + "a/b/"]), _path),
    st.builds(lambda path, fragment: URIRef(f"{EX}{path}#{fragment}"), _path, _path),
)
bnodes = st.from_regex(r"[A-Za-z_][A-Za-z0-9_\-]{0,6}(\.[A-Za-z0-9]{1,3})?", fullmatch=True).map(BNode)
datatypes = st.one_of(
    st.sampled_from([XSD.string, XSD.integer, XSD.boolean, XSD.decimal, XSD.date, XSD.gYear]),
    iris,
)
literals = st.one_of(
    strings.map(Literal),
    st.builds(lambda s, lang: Literal(s, lang=lang), strings, languages),
    st.builds(lambda s, dt: Literal(s, datatype=dt), strings, datatypes),
    st.integers().map(lambda n: Literal(str(n), datatype=XSD.integer)),
    st.sampled_from(["true", "false"]).map(lambda b: Literal(b, datatype=XSD.boolean)),
)
triples = st.lists(st.tuples(st.one_of(iris, bnodes), iris, st.one_of(iris, bnodes, literals)), min_size=1, max_size=6)
quads = st.lists(st.tuples(iris, iris, st.one_of(iris, literals), iris), min_size=1, max_size=6)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- helpers ---------------------------------------------------------------------------------------


def _norm(term: Node) -> Node:
    """RDF 1.1 term equality, which rdflib's differs from in two ways.

    Language tags compare case-insensitively (pyoxigraph lower-cases them, rdflib does not), and a
    string without a datatype is an ``xsd:string`` (rdflib tells the two apart).
    """
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _graph(items: Iterable[Triple]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for s, p, o in items:
        graph.add((_norm(s), _norm(p), _norm(o)))
    return graph


def _turtle(items: Iterable[Triple]) -> str:
    out = io.StringIO()
    TurtleWriter(PREFIXES).write(items, out)
    return out.getvalue()


def _ntriples(items: Iterable[Triple]) -> str:
    out = io.StringIO()
    write_ntriples(items, out)
    return out.getvalue()


def _trig(items: Iterable[Quad]) -> str:
    graphs: dict[URIRef, list[Triple]] = {}
    for s, p, o, g in items:
        graphs.setdefault(g, []).append((s, p, o))
    out = io.StringIO()
    TurtleWriter(PREFIXES).write_trig(graphs, out)
    return out.getvalue()


def _nquads(items: Iterable[Quad]) -> str:
    out = io.StringIO()
    write_nquads(items, out)
    return out.getvalue()


def _rdflib_triples(text: str, fmt: str) -> Graph:
    return _graph(Graph().parse(data=text, format=fmt))


def _oxigraph_triples(text: str, fmt: ox.RdfFormat) -> Graph:
    return _graph(
        (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        for q in ox.parse(text.encode("utf-8"), format=fmt)
    )


def _rdflib_quads(text: str, fmt: str) -> set[tuple[Node, ...]]:
    dataset = Dataset()
    dataset.parse(data=text, format=fmt)
    return {(_norm(s), p, _norm(o), g) for s, p, o, g in dataset.quads((None, None, None, None))}


def _oxigraph_quads(text: str, fmt: ox.RdfFormat) -> set[tuple[Node, ...]]:
    return {
        tuple(_norm(from_oxigraph(t)) for t in (q.subject, q.predicate, q.object, q.graph_name))
        for q in ox.parse(text.encode("utf-8"), format=fmt)
    }


def _expected_quads(items: Iterable[Quad]) -> set[tuple[Node, ...]]:
    return {(_norm(s), p, _norm(o), g) for s, p, o, g in items}


def _same(got: Graph, want: Graph, text: str) -> None:
    assert isomorphic(got, want), f"read back a different graph from:\n{text}"


# -- property-based: any graph, read back by rdflib and pyoxigraph -------------------------------


@PROPERTY
@given(triples)
def test_turtle_reads_back_as_the_same_graph(items: list[Triple]):
    text = _turtle(items)
    want = _graph(items)
    _same(_rdflib_triples(text, "turtle"), want, text)
    _same(_oxigraph_triples(text, ox.RdfFormat.TURTLE), want, text)


@PROPERTY
@given(triples)
def test_ntriples_reads_back_as_the_same_graph(items: list[Triple]):
    text = _ntriples(items)
    want = _graph(items)
    _same(_rdflib_triples(text, "nt"), want, text)
    _same(_oxigraph_triples(text, ox.RdfFormat.N_TRIPLES), want, text)
    assert text.count("\n") == len(want)  # one triple per line, whatever the strings hold


@PROPERTY
@given(quads)
def test_nquads_reads_back_as_the_same_quads(items: list[Quad]):
    text = _nquads(items)
    want = _expected_quads(items)
    assert _rdflib_quads(text, "nquads") == want, text
    assert _oxigraph_quads(text, ox.RdfFormat.N_QUADS) == want, text


@PROPERTY
@given(quads)
def test_trig_reads_back_as_the_same_quads(items: list[Quad]):
    text = _trig(items)
    want = _expected_quads(items)
    assert _rdflib_quads(text, "trig") == want, text
    assert _oxigraph_quads(text, ox.RdfFormat.TRIG) == want, text


# -- the exact escapes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("\t\b\n\r\f", '"\\t\\b\\n\\r\\f"'),
        ("\x00\x07\x0b\x1b\x1f\x7f", '"\\u0000\\u0007\\u000B\\u001B\\u001F\\u007F"'),
        ("é\u2028\U0001f600", '"é\u2028\U0001f600"'),  # other characters are written as they are
    ],
)
def test_ntriples_string_escapes(value: str, written: str):
    assert nt(Literal(value)) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        # the review's case: form feed, backspace and carriage return in a multi-line string
        ("a\fb\nc", '"""a\\fb\nc"""'),
        ("\b\n", '"""\\b\n"""'),
        ("x\r\ny", '"""x\\r\ny"""'),
        ("bell\x07\n", '"""bell\\u0007\n"""'),
        # a quote that could be read as part of the closing (or opening) triple quote is escaped,
        # as is one before another quote (serdi misreads a quote followed by an escaped one)
        ('"quoted"\n', '"""\\"quoted"\n"""'),
        ('ends with a quote\n"', '"""ends with a quote\n\\""""'),
        ('three """ quotes\n', '"""three \\"\\"" quotes\n"""'),
        ('\n""', '"""\n\\"\\""""'),
        ('one " quote\n', '"""one " quote\n"""'),
        ("back\\slash\n", '"""back\\\\slash\n"""'),
    ],
)
def test_turtle_long_string_escapes(value: str, written: str):
    assert TurtleWriter({}).term(Literal(value)) == written


@pytest.mark.parametrize(
    ("iri", "name"),
    [
        ("http://example.org/a b", "U+0020 (a space)"),
        ("http://example.org/a\nb", "U+000A (a control character)"),
        ("http://example.org/<a>", "U+003C"),
        ('http://example.org/"', "U+0022"),
        ("http://example.org/{a}", "U+007B"),
        ("http://example.org/a|b", "U+007C"),
        ("http://example.org/a^b", "U+005E"),
        ("http://example.org/a`b", "U+0060"),
        ("http://example.org/a\\b", "U+005C"),
    ],
)
def test_an_iri_with_a_character_iris_do_not_allow_is_refused(iri: str, name: str):
    for write in (nt, TurtleWriter(PREFIXES).term):
        with pytest.raises(UnwritableTerm) as exc:
            write(URIRef(iri))
        assert name in str(exc.value)
        assert repr(iri) in str(exc.value)
    with pytest.raises(UnwritableTerm):
        nt(Literal("x", datatype=URIRef(iri)))
    with pytest.raises(UnwritableTerm):
        TurtleWriter({"bad": iri}).header()


def test_a_blank_node_label_turtle_cannot_write_is_refused():
    with pytest.raises(UnwritableTerm):
        nt(BNode("a b"))
    assert nt(BNode("b1.x")) == "_:b1.x"


@pytest.mark.parametrize(
    ("iri", "written"),
    [
        (EX + "plain", "ex:plain"),
        (EX + "a.b", "ex:a.b"),
        (EX + "ends.", "<http://example.org/ends.>"),  # a local name does not end with '.'
        (EX + "-dash", "<http://example.org/-dash>"),  # nor start with '-'
        (EX + "1st", "ex:1st"),
        (EX + "é·x", "ex:é·x"),
        (EX + "x²", "<http://example.org/x²>"),  # U+00B2 is a digit to Python, not to Turtle
        (EX + "ª", "<http://example.org/ª>"),  # U+00AA is a letter to Python, not to Turtle
        (EX + "a%20b", "<http://example.org/a%20b>"),
        (EX + "a/b", "exa:b"),
        (EX + "ns#", "exn:"),
    ],
)
def test_turtle_prefixed_names_only_where_the_grammar_allows(iri: str, written: str):
    assert TurtleWriter(PREFIXES).term(URIRef(iri)) == written


def test_integers_and_booleans_are_bare_only_when_their_text_is_the_turtle_token():
    writer = TurtleWriter(PREFIXES)
    assert writer.term(Literal("42", datatype=XSD.integer)) == "42"
    assert writer.term(Literal("-7", datatype=XSD.integer)) == "-7"
    assert writer.term(Literal("true", datatype=XSD.boolean)) == "true"
    # an ill-formed integer stays a typed string (a bare token would not parse, or change its text)
    assert writer.term(Literal("4 2", datatype=XSD.integer)) == '"4 2"^^xsd:integer'
    assert writer.term(Literal("٣", datatype=XSD.integer, normalize=False)) == '"٣"^^xsd:integer'


# -- independent parsers ---------------------------------------------------------------------------


def _nasty_graph() -> list[Triple]:
    """Every nasty string, alone and in a multi-line string, plain, language-tagged and typed."""
    items: list[Triple] = []
    for i, piece in enumerate(NASTY):
        s = URIRef(f"{EX}s{i}")
        for j, value in enumerate((piece, f"a{piece}b", f"line\n{piece}", f"{piece}\n{piece}", f"x\n{piece}")):
            p = URIRef(f"{EX}ns#p{j}")
            items.append((s, p, Literal(value)))
            items.append((s, p, Literal(value, lang="en-GB")))
            items.append((s, p, Literal(value, datatype=URIRef(EX + "a/type"))))
    # local names of every shape the grammar allows, and IRIs with characters Unicode calls space
    names = ["é·x", "a.b", "_x", "1st", "συνεργατεσ", "中文", "\U00010000x", "x\u00a0y", "\u2028", "\u3000z"]
    for name in names:
        items.append((URIRef(EX + name), RDF.type, URIRef(EX + "a/b/ü%20")))
        items.append((URIRef(EX + "s"), URIRef(EX + "ns#" + name), URIRef(EX + "a/" + name)))
    return items


#: Characters raptor 2 cannot hold in a literal: it cuts a string at U+0000 and drops the
#: noncharacters U+FFFE and U+FFFF, from any input. serdi, rdflib and pyoxigraph read them.
RAPTOR_LOSES = "\x00\ufffe\uffff"


@pytest.mark.parametrize(
    ("tool", "args", "fmt"),
    [
        ("rapper", ["-q", "-i", "turtle", "-o", "ntriples"], "turtle"),
        ("rapper", ["-q", "-i", "ntriples", "-o", "ntriples"], "ntriples"),
        ("serdi", ["-i", "turtle", "-o", "ntriples"], "turtle"),
        ("serdi", ["-i", "ntriples", "-o", "ntriples"], "ntriples"),
    ],
)
def test_rapper_and_serdi_read_the_nastiest_strings(tool: str, args: list[str], fmt: str, tmp_path: Path):
    exe = shutil.which(tool)
    assert exe is not None, f"{tool} is not installed (Debian packages raptor2-utils and serdi; .ci/run installs them)"
    items = _nasty_graph()
    if tool == "rapper":
        items = [t for t in items if not any(c in str(t[2]) for c in RAPTOR_LOSES)]
    path = tmp_path / ("nasty.ttl" if fmt == "turtle" else "nasty.nt")
    path.write_text(_turtle(items) if fmt == "turtle" else _ntriples(items), encoding="utf-8")
    result = subprocess.run([exe, *args, str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    # what the tool read, written back as N-Triples, is the graph that was written
    got = _graph(Graph().parse(data=result.stdout.decode("utf-8"), format="nt"))
    want = _graph(items)
    assert len(want) > 500
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(f"{tool} read {sorted(only_got)}\ninstead of {sorted(only_want)}")
