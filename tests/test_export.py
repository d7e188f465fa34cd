"""Every distribution parses back to the same graph; the bytes are sorted and stable."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV

from kg.publish.build import build
from kg.publish.knowledge import Inputs, Knowledge
from kg.rdf.formats import BY_NAME, render
from kg.rdf.formats import RDF_FORMATS as FORMATS

ROOT = Path(__file__).resolve().parent.parent
RDFLIB_FORMAT = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
}


def assert_isomorphic(got: Graph, want: Graph) -> None:
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        raise AssertionError(
            f"only in file:\n{only_got.serialize(format='nt')}\nonly in build:\n{only_want.serialize(format='nt')}"
        )


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "dist"
    build(Inputs(source_dir=ROOT / "sources"), out=out)
    return out


def test_format_table_names_files_and_media_types():
    assert [f.filename for f in FORMATS] == [f"graph.{f.extension}" for f in FORMATS]
    assert len({f.media_type for f in FORMATS}) == len(FORMATS)
    assert BY_NAME["turtle"].media_type == "text/turtle"


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_every_distribution_parses_back_isomorphic(fmt, dist, seed: Knowledge):
    path = dist / fmt.filename
    if fmt.dataset:
        ds = Dataset()
        ds.parse(path, format=RDFLIB_FORMAT[fmt.name])
        union = Graph()
        names = set()
        for s, p, o, g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
            names.add(str(g.identifier if hasattr(g, "identifier") else g))
        assert names == {str(n) for n in seed.parts}  # one named graph per source article, no default graph
        got = union
    else:
        got = Graph().parse(path, format=RDFLIB_FORMAT[fmt.name])
    assert_isomorphic(got, seed.graph)


def test_ntriples_is_sorted_one_triple_per_line(dist):
    lines = (dist / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)


def test_jsonld_uses_the_local_context(dist):
    text = (dist / "graph.jsonld").read_text(encoding="utf-8")
    assert text.startswith('{\n "@context": "context.jsonld"')
    assert "http" not in text.split('"@graph"')[0]


def test_render_is_deterministic(seed):
    for fmt in FORMATS:
        assert render(seed, fmt) == render(seed, fmt)


@pytest.mark.parametrize(
    ("tool", "args", "name"),
    [
        ("rapper", ["-i", "turtle", "-c"], "graph.ttl"),
        ("rapper", ["-i", "ntriples", "-c"], "graph.nt"),
        ("rapper", ["-i", "rdfxml", "-c"], "graph.rdf"),
        ("serdi", ["-i", "turtle", "-o", "ntriples"], "graph.ttl"),
        ("serdi", ["-i", "ntriples", "-o", "ntriples"], "graph.nt"),
        ("serdi", ["-i", "nquads", "-o", "nquads"], "graph.nq"),
        ("serdi", ["-i", "trig", "-o", "nquads"], "graph.trig"),
    ],
)
def test_independent_parsers_accept_the_files(tool, args, name, dist, seed):
    exe = shutil.which(tool)
    assert exe, f"{tool} is not installed (.ci/run installs Debian's raptor2-utils and serdi)"
    path = dist / name
    result = subprocess.run([exe, *args, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    if tool == "rapper":
        assert f"returned {len(seed.graph)} triples" in result.stderr
    else:
        quads = name.endswith((".nq", ".trig"))
        assert len(result.stdout.splitlines()) == (
            sum(len(p) for p in seed.parts.values()) if quads else len(seed.graph)
        )


def test_void_describes_every_file_with_size_and_checksum(dist, seed):
    import hashlib

    from rdflib.namespace import DCAT, RDF, VOID

    spdx = "http://spdx.org/rdf/terms#"
    void = Graph().parse(dist / "void.ttl")
    (ds,) = void.subjects(RDF.type, VOID.Dataset)
    assert int(void.value(ds, VOID.triples)) == len(seed.graph)
    described = {}
    downloads = "https://w3id.org/kg/dist/"
    for dist_iri in void.subjects(RDF.type, DCAT.Distribution):
        name = str(dist_iri).removeprefix(downloads)  # "graph.ttl", "source/ecsite.txt"
        checksum = void.value(dist_iri, URIRef(spdx + "checksum"))
        value = str(void.value(checksum, URIRef(spdx + "checksumValue")))
        described[name] = (int(void.value(dist_iri, DCAT.byteSize)), value)
    on_disk = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and not p.name.startswith(".")}
    # the site's pages are views of the data: only its home page is described (the landing page)
    on_disk = {name for name in on_disk if not name.startswith("site/")} | {"site/index.html"}
    assert set(described) == on_disk - {"void.ttl"}
    # the articles the data was derived from are published, so provenance can be followed
    (document,) = void.objects(ds, PROV.wasDerivedFrom)
    assert void.value(document, URIRef("http://schema.org/contentUrl")) == URIRef(downloads + "source/ecsite.txt")
    for name, (size, digest) in described.items():
        data = (dist / name).read_bytes()
        assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest()), name
    partitions = {
        str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
        for p in void.objects(ds, VOID.classPartition)
    }
    assert partitions["https://w3id.org/kg/ontology#Project"] == 8
    assert "T" not in str(void.value(ds, DCTERMS.issued))  # a date from config, no clock


def test_two_builds_give_identical_files(tmp_path):
    build(Inputs(source_dir=ROOT / "sources"), out=tmp_path / "a")
    build(Inputs(source_dir=ROOT / "sources"), out=tmp_path / "b")
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert "void.ttl" in names and "ontology.html" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
