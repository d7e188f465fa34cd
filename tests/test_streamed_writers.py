"""The serialisations a build writes straight into their files are the bytes :func:`render` gives.

A build streams each serialisation into its file a batch at a time instead of making the whole
text, then its bytes, in memory; the published bytes must not change. N-Quads are sorted as tuples
of term forms rather than as lines: the same order, whatever the literals hold.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.rdf.formats import RDF_FORMATS, Format, render, write_file
from kg.rdf.turtle import TermForms, nquads_lines, write_joined, write_nquads_rows
from tests.test_writers import PROPERTY, Quad, quads


@given(st.lists(st.text(max_size=3), max_size=12), st.sampled_from(["", "\n", ",\n"]), st.integers(1, 5))
def test_writing_pieces_in_batches_writes_what_one_join_would(pieces: list[str], separator: str, size: int):
    out = io.StringIO()
    write_joined(pieces, out, separator, size=size)
    assert out.getvalue() == separator.join(pieces)


@PROPERTY
@given(st.lists(quads, min_size=1, max_size=3))
def test_nquads_sorted_as_tuples_of_forms_are_the_sorted_lines(graphs: list[list[Quad]]):
    forms = TermForms()
    encoded: dict[str, set[tuple[str, str, str]]] = {}
    for i, items in enumerate(graphs):  # several graphs, some sharing triples
        for s, p, o, _ in items:
            encoded.setdefault(f"<http://example.org/g{i}>", set()).add(forms.rows([(s, p, o)]).pop())
    sorted_graphs = {g: sorted(rows) for g, rows in sorted(encoded.items())}
    out = io.StringIO()
    write_nquads_rows(sorted_graphs, out)
    assert out.getvalue() == nquads_lines(sorted_graphs)


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("standalone", [False, True], ids=["published", "standalone"])
def test_a_format_streamed_into_its_file_is_the_rendered_bytes(seed, tmp_path, fmt: Format, standalone: bool):
    path = tmp_path / fmt.filename
    write_file(seed, fmt, path, standalone=standalone)
    assert path.read_bytes() == render(seed, fmt, standalone=standalone)


def test_the_rdflib_graph_made_from_the_encoded_rows_is_the_union_of_the_articles_triples(seed):
    union = {t for part in seed.parts.values() for t in part}
    assert set(seed.graph) == union
    assert len(seed.graph) == len(seed.encoded)
