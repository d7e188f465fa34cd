"""A SHACL engine in a process of its own, for a graph too large to validate beside the build's copy of it.

In the build's process the data is already held once, as encoded rows; validating there adds the
N-Triples text pyshacl-turbo parses and its own graph in Rust, roughly doubling the build's peak
memory. Here the rows are streamed, as N-Triples, into a fresh Python process (started, not forked,
so it holds none of the build's memory), which validates and answers with its raw report as
N-Triples. The report is the same as in-process validation gives (``tests/test_shacl_engines.py``).
pyshacl runs there too, on an rdflib graph the worker reads from the text (with pyoxigraph's parser),
when :func:`~kg.validation.targets.engine_for` picks it.

``python -m kg.validation.isolated SHAPES ONLY ENGINE`` is the worker: the data on standard input, the
report on standard output; a problem with the shapes is exit 2 with the reason on standard error.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from rdflib import Graph

from kg.core.workers import run_module
from kg.errors import ShapesError
from kg.rdf.read import ntriples_graph

#: The exit status of a worker that was given shapes it cannot validate with (the reason on stderr).
BAD_SHAPES = 2


def isolated_report(
    write_data: Callable[[IO[str]], None], shapes: Graph, *, only: list[str] | None, engine: str = "turbo"
) -> Graph:
    """An engine's raw report on the N-Triples ``write_data`` writes, validated in a worker process."""

    def feed(binary: IO[bytes]) -> None:
        with io.TextIOWrapper(binary, encoding="utf-8", newline="") as text:
            write_data(text)

    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        shapes_file = Path(tmp) / "shapes.nt"
        shapes.serialize(shapes_file, format="nt", encoding="utf-8")
        done = run_module("kg.validation.isolated", [str(shapes_file), json.dumps(only), engine], feed)
    if done.status == BAD_SHAPES:
        raise ShapesError(f"cannot validate with these shapes: {done.errors}")
    if done.status != 0:
        raise done.failure("the validation process")
    # read by pyoxigraph's parser, as the .nt files are: linear in a literal's length, and quicker
    return ntriples_graph(done.output)


#: The SHACL engines, by name (``--shacl-engine``), the default first.
SHACL_ENGINES = ("turbo", "pyshacl")


def engine_function(name: str) -> Callable[..., tuple[bool, Any, str]]:
    """The ``validate`` function of a SHACL engine by name (``turbo`` or ``pyshacl``), with pyshacl's
    signature; each is imported when used."""
    if name == "pyshacl":
        import pyshacl

        return pyshacl.validate  # type: ignore[no-any-return]
    if name == "turbo":
        import pyshacl_turbo

        return pyshacl_turbo.validate  # type: ignore[no-any-return]
    raise ShapesError(f"unknown SHACL engine {name!r}; expected one of {', '.join(SHACL_ENGINES)}")


def turbo_input(ntriples: str) -> object:
    """N-Triples text as pyshacl-turbo's native input, parsed in Rust (its ``Input``, the form its own
    loaders make); failing that (another version), a pyoxigraph store, which it also takes."""
    try:
        from pyshacl_turbo.rdf import Input

        return Input(ntriples, "nquads", None, {}, {}, preserve_ids=True)
    except (ImportError, TypeError):  # pragma: no cover - another pyshacl-turbo
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(ntriples.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
        return store


def run_engine(
    run: Callable[..., tuple[bool, Any, str]], given: object, shapes: Graph, *, only: list[str] | None
) -> Graph:
    """An engine's raw report (``run`` has pyshacl's signature), run as the build runs it: no
    inference, no SHACL-AF, no owl:imports; a problem with the shapes is a :class:`ShapesError`."""
    try:
        _, raw, _ = run(
            given,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
            use_shapes=only,
        )
    except Exception as exc:  # pyshacl reports bad shapes with several exception types
        reason = str(getattr(exc, "message", None) or exc).strip().splitlines()[0]
        raise ShapesError(f"cannot validate with these shapes: {reason}") from None
    if not isinstance(raw, Graph):
        raise ShapesError(f"the SHACL engine returned no report graph: {raw}")
    return raw


def main(argv: list[str]) -> int:
    """The worker: shapes file, selected shapes and engine from ``argv``, data on stdin, report on stdout."""
    shapes_file, only_text, engine = argv
    only: Any = json.loads(only_text)
    shapes = Graph(bind_namespaces="none")
    shapes.parse(shapes_file, format="nt")
    data = sys.stdin.buffer.read()
    if engine == "pyshacl":
        from kg.validation.reference import reference_input

        given: object = reference_input(ntriples_graph(data))
    else:
        text = data.decode("utf-8")
        del data  # one copy of the graph's text at a time, beside the engine's own graph
        given = turbo_input(text)
        del text
    try:
        raw = run_engine(engine_function(engine), given, shapes, only=only)
    except ShapesError as exc:
        print(str(exc).removeprefix("cannot validate with these shapes: "), file=sys.stderr)
        return BAD_SHAPES
    sys.stdout.buffer.write(raw.serialize(format="nt", encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
