"""Reading what the user hands `kg validate` and `kg query`: every format, nothing fetched, no redirect followed."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EXIT_BAD_INPUT, SourceError, StoreError
from kg.query.ask import ask
from kg.rdf.formats import RDF_FORMATS as FORMATS
from kg.rdf.formats import format_for_path
from kg.rdf.read import read_rdf
from kg.store.client import Store

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
EXTENSIONS = [f.extension for f in FORMATS]
#: Stored queries that need no parameter, and one run with a parameter.
QUERIES = [("largest-consortia", ()), ("dataset-statistics", ()), ("projects-active-in-year", ("year=2022",))]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# -- every format reads as the same graph ------------------------------------------------------------


@pytest.fixture(scope="module")
def turtle_report(built) -> str:
    result = invoke("validate", str(built / "graph.ttl"), "--source-dir", str(SOURCES), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout), "the seed has warnings: the comparison must see them"
    return result.stdout


@pytest.mark.parametrize("ext", EXTENSIONS)
def test_validate_reads_every_format_as_the_turtle(ext, built, turtle_report):
    """N-Quads and TriG are read as the union of their named graphs, not as an empty default graph."""
    result = invoke("validate", str(built / f"graph.{ext}"), "--source-dir", str(SOURCES), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(turtle_report)


@pytest.mark.parametrize("ext", EXTENSIONS)
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_query_reads_every_format_as_the_turtle(ext, engine, built):
    for name, params in QUERIES:
        want = invoke("query", name, *(a for p in params for a in ("-p", p)), "--graph", str(built / "graph.ttl"))
        got = invoke(
            "query",
            name,
            *(a for p in params for a in ("-p", p)),
            "--graph",
            str(built / f"graph.{ext}"),
            "--engine",
            engine,
        )
        assert want.exit_code == 0 and got.exit_code == 0, got.output
        assert len(want.stdout.splitlines()) > 1, f"{name}: the comparison must see rows"
        assert got.stdout == want.stdout, name


def test_a_dataset_keeps_its_named_graphs_for_graph_patterns(built):
    """The default graph is the union, and GRAPH ?g still finds each article's graph."""
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    for engine in ("rdflib", "oxigraph"):
        answer = ask(expression=text, graph=built / "graph.nq", engine=engine)
        assert [str(row[0]) for row in answer.result.rows] == ["https://w3id.org/kg/id/graph/ecsite.txt"]
        total = ask(expression="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph=built / "graph.nq", engine=engine)
        assert int(total.result.rows[0][0]) == int(answer.result.rows[0][1]) > 1000


def test_the_format_table_is_the_one_lookup(tmp_path):
    assert format_for_path(Path("a/graph.TRIG")).name == "trig"
    assert format_for_path(Path("x.jsonld")).media_type == "application/ld+json"
    with pytest.raises(SourceError) as info:
        format_for_path(tmp_path / "graph.n3")
    message = str(info.value)
    assert str(tmp_path / "graph.n3") in message
    assert ".n3" in message and ".ttl, .nt, .nq, .trig, .jsonld, .rdf" in message
    assert info.value.exit_code == EXIT_BAD_INPUT


@pytest.mark.parametrize("command", ["validate", "query"])
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_empty_and_unknown_files_are_bad_input(command, engine, tmp_path, built):
    unknown = tmp_path / "graph.data"
    shutil.copy(built / "graph.ttl", unknown)  # good Turtle, but nothing says so
    empty = tmp_path / "graph.ttl"
    empty.write_text("@prefix ex: <http://example.org/> .\n", encoding="utf-8")
    empty_quads = tmp_path / "graph.nq"
    empty_quads.write_bytes(b"")
    for path, fragment in (
        (unknown, "cannot tell its RDF format: extension '.data'; expected one of .ttl, .nt, .nq"),
        (empty, "holds no RDF triples"),
        (empty_quads, "holds no RDF triples"),
    ):
        if command == "validate":
            if engine == "oxigraph":
                continue  # validate has one reader
            result = invoke("validate", str(path), "--source-dir", str(SOURCES))
        else:
            result = invoke("query", "dataset-statistics", "--graph", str(path), "--engine", engine)
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert f"error: {path}: " in result.stderr
        assert fragment in result.stderr
        assert "Traceback" not in result.output


def test_malformed_quads_name_the_file_and_line(tmp_path):
    path = tmp_path / "graph.nq"
    path.write_text("<http://e.org/a> <http://e.org/b> <http://e.org/c> <http://e.org/g> .\n<oops\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_rdf(path)
    assert info.value.path == path
    assert "not valid N-Quads" in str(info.value)


# -- JSON-LD contexts are read from disk, never fetched ----------------------------------------------


@contextmanager
def http_server(respond) -> Iterator[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    """A local HTTP server on a free port; yields its URL and the requests it got (method, path, headers)."""
    seen: list[tuple[str, str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            seen.append((self.command, self.path, dict(self.headers)))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            respond(self)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, format: str, *args: object) -> None:  # quiet: no request log on stderr
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve_context(handler: BaseHTTPRequestHandler) -> None:
    """A valid context: had it been fetched, the document would have parsed."""
    body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/ld+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def remote_documents(url: str) -> dict[str, object]:
    node = {"@id": "http://example.org/a", "@type": "http://schema.org/Organization", "name": "A"}
    return {
        "plain": {"@context": f"{url}/ctx", **node},
        "in-a-list": {"@context": [{"kgo": "https://w3id.org/kg/ontology#"}, f"{url}/ctx"], **node},
        "imported": {"@context": {"@version": 1.1, "@import": f"{url}/ctx"}, **node},
        "scoped": {
            "@context": {"org": {"@id": "http://example.org/org", "@context": f"{url}/ctx"}},
            "@id": "http://example.org/b",
            "org": node,
        },
        "nested-node": {"@graph": [{"@context": f"{url}/ctx", **node}]},
    }


@pytest.mark.parametrize("case", ["plain", "in-a-list", "imported", "scoped", "nested-node"])
def test_a_remote_context_is_refused_and_never_fetched(case, tmp_path):
    with http_server(serve_context) as (url, seen):
        path = tmp_path / "data.jsonld"
        path.write_text(json.dumps(remote_documents(url)[case]), encoding="utf-8")
        results = [
            invoke("validate", str(path), "--source-dir", str(SOURCES)),
            invoke("query", "dataset-statistics", "--graph", str(path)),
            invoke("query", "dataset-statistics", "--graph", str(path), "--engine", "oxigraph"),
        ]
        for result in results:
            assert result.exit_code == EXIT_BAD_INPUT, result.output
            assert f"error: {path}: refers to the JSON-LD context '{url}/ctx'" in result.stderr
            assert "never fetches a context from the network" in result.stderr
        assert seen == []  # not one request reached the server


def test_a_file_iri_context_is_refused_too(tmp_path, built):
    path = tmp_path / "data.jsonld"
    document = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    document["@context"] = (built / "context.jsonld").as_uri()
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SourceError, match="not a relative path to a local file"):
        read_rdf(path)


def test_the_published_relative_context_is_read_from_the_files_folder(tmp_path, built, monkeypatch):
    """``"@context": "context.jsonld"`` resolves beside the file, whatever the working directory."""
    folder = tmp_path / "published"
    folder.mkdir()
    for name in ("graph.jsonld", "context.jsonld"):
        shutil.copy(built / name, folder / name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    got = read_rdf(folder / "graph.jsonld")
    assert len(got) == len(read_rdf(built / "graph.ttl"))


def test_a_missing_relative_context_is_a_clear_error(tmp_path, built):
    path = tmp_path / "graph.jsonld"
    shutil.copy(built / "graph.jsonld", path)  # without its context.jsonld
    result = invoke("validate", str(path), "--source-dir", str(SOURCES))
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"{path}: its JSON-LD context 'context.jsonld' is not found at {tmp_path / 'context.jsonld'}" in (
        result.stderr
    )


def test_a_context_that_includes_itself_is_an_error(tmp_path):
    (tmp_path / "ctx.jsonld").write_text('{"@context": "ctx.jsonld"}', encoding="utf-8")
    path = tmp_path / "data.jsonld"
    path.write_text('{"@context": "ctx.jsonld", "@id": "http://e.org/a", "http://e.org/p": 1}', encoding="utf-8")
    with pytest.raises(SourceError, match="includes itself"):
        read_rdf(path)


def test_malformed_json_names_the_line(tmp_path):
    path = tmp_path / "data.jsonld"
    path.write_text('{\n "@id": "http://e.org/a",\n "http://e.org/p": [1,\n}\n', encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_rdf(path)
    assert info.value.line == 4
    assert "not valid JSON" in str(info.value)


# -- the store client follows no redirect ------------------------------------------------------------


def test_a_redirect_is_an_error_not_followed(tmp_path, built):
    """A store answering 302 to another host: no request (and no credential) goes there."""
    with http_server(serve_context) as (target, at_target):

        def redirect(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(302)
            handler.send_header("Location", f"{target}/elsewhere")
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        with http_server(redirect) as (endpoint, at_endpoint):
            store = Store(endpoint=endpoint, user="curator", password="secret", timeout=5)
            with pytest.raises(StoreError) as info:
                store.count("https://w3id.org/kg/id/graph/ecsite.txt")
            message = str(info.value)
            assert "HTTP 302" in message and f"{target}/elsewhere" in message
            assert "does not follow redirects" in message

            result = invoke("load", "--endpoint", endpoint, "--dist", str(built), "--user", "u", "--password", "p")
            assert result.exit_code == EXIT_BAD_INPUT, result.output
            assert "HTTP 302" in result.stderr and f"{target}/elsewhere" in result.stderr

            result = invoke("query", "dataset-statistics", "--endpoint", endpoint, "--graph", str(built))
            assert result.exit_code == EXIT_BAD_INPUT, result.output
            assert "HTTP 302" in result.stderr
            assert at_endpoint  # the store was asked
        assert at_target == []  # and nothing followed the redirect


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:x", "http://127.0.0.1:99999"])
def test_a_bad_port_is_bad_input(endpoint, built):
    """Once an unanticipated `http.client.InvalidURL` traceback."""
    result = invoke("query", "dataset-statistics", "--endpoint", endpoint, "--graph", str(built))
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: endpoint {endpoint!r} has a bad port" in result.stderr
