"""Contracts between the data files and the code are checked when the files are loaded, with an
error naming the file and the line; the library starts without reading them or loading rdflib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.core.resources import load_lexicon, package_data
from kg.errors import EXIT_BAD_INPUT, SourceError
from kg.mapping.article import checked_field_table
from kg.mapping.fields import check_roles, fields_file, load_fields
from kg.mapping.infobox import INFOBOX_HANDLERS
from kg.mapping.tables import COLUMN_ROLES

HANDLED = {"infobox": set(INFOBOX_HANDLERS), "columns": set(COLUMN_ROLES)}


def test_the_project_s_field_table_names_only_roles_the_mapping_reads():
    table = checked_field_table()
    assert table["infobox"]["founded"] == "founded"
    assert set(table["infobox"].values()) <= HANDLED["infobox"]
    assert set(table["columns"].values()) <= HANDLED["columns"]


def test_a_field_role_without_a_handler_is_an_error_naming_the_file_line_and_key(tmp_path: Path):
    path = tmp_path / "fields.toml"
    text = fields_file().read_text(encoding="utf-8").replace("[columns]", '"Motto" = "motto"\n\n[columns]', 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('"Motto" = "motto"') + 1
    with pytest.raises(SourceError) as caught:
        check_roles(load_fields(path), HANDLED, path=path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert "'motto'" in caught.value.reason and "'motto'" in str(caught.value)
    assert caught.value.exit_code == EXIT_BAD_INPUT


def test_a_field_table_that_is_not_toml_is_an_error_with_its_line(tmp_path: Path):
    path = tmp_path / "fields.toml"
    path.write_text('[infobox]\n"founded" = "founded"\n"type" = \n', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_fields(path)
    assert (caught.value.path, caught.value.line) == (path, 3)
    assert "not valid TOML" in caught.value.reason


def test_a_malformed_lexicon_is_an_error_with_its_file_and_line(tmp_path: Path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[founding]\nstrong_verbs = ["founded"\nweak_verbs = []\n', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.path == path
    assert caught.value.line is not None
    assert "not valid TOML" in caught.value.reason


def test_a_lexicon_entry_the_mapping_needs_and_does_not_find_is_named(tmp_path: Path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[founding]\nstrong_verbs = ["founded"]\n', encoding="utf-8")
    words = load_lexicon(path)
    assert words["founding"]["strong_verbs"] == ["founded"]
    with pytest.raises(SourceError, match=r"has no founding\.weak_verbs"):
        words["founding"]["weak_verbs"]
    with pytest.raises(SourceError, match="has no reach"):
        words["reach"]


def test_a_lexicon_value_that_is_not_words_is_refused(tmp_path: Path):
    path = tmp_path / "lexicon.toml"
    path.write_text("[founding]\nstrong_verbs = [1, 2]\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"founding\.strong_verbs must be a list of words"):
        load_lexicon(path)


def test_the_project_s_lexicon_loads():
    assert load_lexicon(package_data("lexicon.toml"))["founding"]["strong_verbs"]


def _modules_after(code: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(run.stdout.split())


def test_kg_help_loads_no_rdf_library_and_no_data_file():
    loaded = _modules_after("from kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not {m for m in loaded if m.split(".")[0] in ("rdflib", "pyshacl", "pyoxigraph", "pylode")}
    assert "kg.mapping.facts" not in loaded and "kg.publish.build" not in loaded


def test_kg_queries_does_not_read_the_lexicon_or_load_the_mapping():
    loaded = _modules_after("from kg.cli import main\ntry:\n    main(['queries'])\nexcept SystemExit:\n    pass")
    assert "kg.query.catalogue" in loaded
    assert not {m for m in loaded if m.startswith(("kg.mapping", "kg.publish", "pyshacl"))}


def test_the_public_api_names_what_it_exports_and_imports_lazily():
    assert "build" in kg.__all__ and "Inputs" in kg.__all__ and "load" in kg.__all__
    loaded = _modules_after("import kg")
    assert "rdflib" not in loaded
    assert all(callable(getattr(kg, name)) or isinstance(getattr(kg, name), tuple) for name in kg.__all__)
