"""Article text never reaches a regular expression as a pattern or a template: backslashes, group
references and regex syntax in keys and values are kept as written and reported as written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.mark.parametrize(
    ("key", "value"),
    [("Fo\\unded", "2003"), ("Motto", "C:\\dir\\new \\1 \\g<0>"), ("Ke(y)*", "[a-z]+ $1 \\u00e9")],
)
def test_an_unknown_key_or_value_with_regex_syntax_builds_and_is_reported_as_written(tmp_path, key, value):
    article = tmp_path / "hostile.txt"
    article.write_text(f"= Test Network =\n\nTN\n- {key}: {value}\n- Founded: 2001\n\nTest Network is a network.\n")
    result = CliRunner().invoke(
        main, ["build", str(article), "--out", str(tmp_path / "out"), "--source-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"Keeps \"{value}\" under the unrecognised key or column '{key}'" in result.stderr
    assert value.encode() in (tmp_path / "out" / "graph.nt").read_bytes().replace(b"\\\\", b"\\")
