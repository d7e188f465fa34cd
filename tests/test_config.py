"""The dataset configuration: every value checked when read, with the file, the key and what was expected."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.core.vocab import KGO
from kg.errors import EXIT_BAD_INPUT, ConfigError
from kg.publish.knowledge import Inputs, assemble, knowledge
from kg.source.aliases import Aliases
from kg.source.config import DEFAULT_MATERIALISE, MATERIALISABLE, Config, load_config

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
ARTICLE = ROOT / "tests" / "data" / "articles" / "nordic_festivals.txt"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dataset.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _dataset(tmp_path: Path, line: str) -> Path:
    return _write(tmp_path, f"[dataset]\n{line}\n")


def _refused(path: Path) -> str:
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert exc.value.exit_code == EXIT_BAD_INPUT
    message = str(exc.value)
    assert message.startswith(f"{path}: ")
    return message


# -- good files ------------------------------------------------------------------------------------


def test_the_shipped_configuration_is_valid_and_says_where_it_came_from():
    config = load_config(SOURCES / "dataset.toml")
    assert config.from_file == SOURCES / "dataset.toml"
    assert config.notices == ()
    assert config.base == "https://w3id.org/kg/id/"
    assert config.issued == "2026-11-23"
    assert config.materialise == DEFAULT_MATERIALISE


def test_a_missing_file_gives_the_defaults_and_a_notice_naming_it(tmp_path: Path):
    missing = tmp_path / "dataset.toml"
    config = load_config(missing)
    assert config.from_file is None
    assert (config.base, config.language, config.materialise) == (Config().base, "en", DEFAULT_MATERIALISE)
    (notice,) = config.notices
    assert notice.startswith(f"{missing} not found; using the default configuration")
    assert Config().base in notice


def test_a_build_without_a_configuration_file_still_works_and_knows_it(tmp_path: Path):
    k = knowledge(Inputs(sources=[ARTICLE], source_dir=tmp_path))
    assert k.config.from_file is None
    assert k.config.notices and str(tmp_path / "dataset.toml") in k.config.notices[0]
    assert len(k.graph) > 0


def test_values_of_every_kind_are_accepted(tmp_path: Path):
    path = _write(
        tmp_path,
        """
        [dataset]
        base = "http://127.0.0.1:8080/kg/"
        title = "T"
        description = ""
        license = "urn:example:licence"
        publisher = "P"
        version = "1"
        issued = 2026-11-23
        modified = "2027-02-28"
        language = "sr-Latn-RS"
        wikipedia = "https://sr.wikipedia.org/wiki/"
        downloads = "https://example.org/kg/dist/"

        [materialise]
        namespaces = ["http://schema.org/", "http://schema.org/"]
        """,
    )
    config = load_config(path)
    assert config.issued == "2026-11-23"  # a TOML date is read as its xsd:date text
    assert config.modified == "2027-02-28"
    assert config.language == "sr-Latn-RS"
    assert config.materialise == ("http://schema.org/",)
    assert config.from_file == path


@pytest.mark.parametrize("tag", ["en", "EN-gb", "de-CH-1901", "zh-Hant-TW", "es-419", "x-private", "i-klingon"])
def test_well_formed_language_tags_are_accepted(tmp_path: Path, tag: str):
    assert load_config(_dataset(tmp_path, f'language = "{tag}"')).language == tag


def test_an_empty_materialise_list_writes_no_super_terms(tmp_path: Path):
    assert load_config(_write(tmp_path, "[materialise]\nnamespaces = []\n")).materialise == ()


# -- bad values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('base = "not an iri"', "[dataset] base = 'not an iri' is not an absolute http(s) IRI"),
        ('base = "ftp://example.org/kg/"', "is not an absolute http(s) IRI"),
        ('base = "https://example.org/kg"', "does not end with '/'; expected a base ending in '/'"),
        ('base = "https://example.org/kg#"', "ends with '#'; expected a base ending in '/'"),
        ('base = "https://example.org/a b/"', "contains U+0020"),
        ('base = "https://example.org/?q=/"', "expected a base ending in '/' without '?' or '#'"),
        ("base = 42", "[dataset] base = 42 is an integer; expected a string"),
        ('language = "en_GB"', "[dataset] language = 'en_GB' is not a well-formed BCP 47 language tag"),
        ('language = "english language"', "not a well-formed BCP 47 language tag"),
        ('language = ""', "not a well-formed BCP 47 language tag"),
        ('language = "en-"', "not a well-formed BCP 47 language tag"),
        ('issued = "2026-13-01"', "[dataset] issued = '2026-13-01' is not a date; expected an xsd:date 'YYYY-MM-DD'"),
        ('issued = "23/11/2026"', "is not a date; expected an xsd:date 'YYYY-MM-DD'"),
        ('issued = "2026-11-23T10:00:00"', "is not a date"),
        ("issued = 2026-11-23T10:00:00", "is a datetime; expected a date 'YYYY-MM-DD'"),
        ('modified = "2026-02-30"', "[dataset] modified = '2026-02-30' is not a date"),
        ('license = "CC BY 4.0"', "[dataset] license = 'CC BY 4.0' is not an absolute IRI"),
        ('license = "creativecommons.org/licenses/by/4.0/"', "is not an absolute IRI"),
        (
            'downloads = "https://example.org/dist"',
            "[dataset] downloads = 'https://example.org/dist' is not a folder; expected an http(s) IRI ending in '/'",
        ),
        ('downloads = "file:///tmp/dist/"', "is not an absolute http(s) IRI"),
        ('downloads = "dist/"', "is not an absolute http(s) IRI"),
        ('wikipedia = "en.wikipedia.org/wiki/"', "[dataset] wikipedia = 'en.wikipedia.org/wiki/' is not an absolute"),
        ('title = ""', "[dataset] title = '' is empty; expected some text"),
        ("title = 5", "is an integer; expected a string"),
        ('version = ["1"]', "[dataset] version = ['1'] is an array; expected a string"),
        ('colour = "red"', "unknown key(s) colour in [dataset]; expected some of base, title"),
        ('materialise = ["http://schema.org/"]', "unknown key(s) materialise in [dataset]"),
    ],
)
def test_a_bad_dataset_value_names_file_key_and_what_was_expected(tmp_path: Path, line: str, expected: str):
    assert expected in _refused(_dataset(tmp_path, line))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[materialise]\nnamespaces = "http://schema.org/"\n', "[materialise] namespaces = 'http://schema.org/'"),
        ("[materialise]\nnamespaces = [1]\n", "expected a list of namespace IRIs (strings)"),
        ('[materialise]\nnamespaces = ["http://example.org/mine#"]\n', "namespaces has 'http://example.org/mine#'"),
        (
            '[materialise]\nprefixes = ["schema"]\n',
            "unknown key(s) prefixes in [materialise]; expected some of namespaces",
        ),
        ('title = "at the top"\n', "unknown top-level key(s) title; expected the tables [dataset], [materialise]"),
        ('[datset]\ntitle = "typo"\n', "unknown top-level key(s) datset"),
        ('dataset = "x"\n', "dataset is a string; expected a table [dataset]"),
        ("[dataset\n", "cannot read the configuration"),
    ],
)
def test_a_bad_file_names_the_table_or_key(tmp_path: Path, text: str, expected: str):
    assert expected in _refused(_write(tmp_path, text))


def test_an_unknown_namespace_error_lists_the_known_ones(tmp_path: Path):
    message = _refused(_write(tmp_path, '[materialise]\nnamespaces = ["http://example.org/mine#"]\n'))
    assert all(ns in message for ns in MATERIALISABLE)


# -- --base ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://example.org/kg#", "ends with '#'"),
        ("https://example.org/kg", "does not end with '/'"),
        ("not an iri", "is not an absolute http(s) IRI"),
    ],
)
def test_a_bad_base_option_is_refused_like_the_file(base: str, expected: str):
    with pytest.raises(ConfigError) as exc:
        Config().with_base(base)
    assert str(exc.value).startswith(f"--base: base IRI {base!r} ")
    assert expected in str(exc.value)


def test_a_good_base_option_replaces_the_file(tmp_path: Path):
    config = load_config(SOURCES / "dataset.toml").with_base("https://data.example.org/kg/")
    assert config.base == "https://data.example.org/kg/"
    assert config.from_file == SOURCES / "dataset.toml"


# -- through the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('base = "https://example.org/kg#"', "[dataset] base = 'https://example.org/kg#' ends with '#'"),
        ('language = "en_GB"', "[dataset] language = 'en_GB' is not a well-formed BCP 47 language tag"),
        ('issued = "tomorrow"', "[dataset] issued = 'tomorrow' is not a date"),
    ],
)
def test_kg_build_exits_2_naming_the_file_and_key_and_writes_nothing(tmp_path: Path, line: str, expected: str):
    config = _dataset(tmp_path, line)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(ARTICLE), "--config", str(config), "--out", str(out)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.startswith(f"error: {config}: "), result.stderr
    assert expected in result.stderr
    assert not out.exists()


def test_an_article_can_have_its_own_language_and_wikipedia(tmp_path):
    config = tmp_path / "dataset.toml"
    config.write_text(
        '[dataset]\nlanguage = "en"\n\n[sources."musees.txt"]\nlanguage = "fr"\n'
        'wikipedia = "https://fr.wikipedia.org/wiki/"\n',
        encoding="utf-8",
    )
    article = tmp_path / "musees.txt"
    article.write_text("= Réseau des musées =\n\nRDM\n- Type: Association\n\nLe réseau.\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("= Other Network =\n\nON\n- Type: Network\n\nA network.\n", encoding="utf-8")
    k = assemble([article, other], config=load_config(config), aliases=Aliases())
    types = {str(o): o.language for o in k.graph.objects(None, KGO.organisationType)}
    assert types == {"Association": "fr", "Network": "en"}
    pages = {str(o) for o in k.graph.objects(None, KGO.wikipediaArticle)}
    assert pages == {
        "https://fr.wikipedia.org/wiki/R%C3%A9seau_des_mus%C3%A9es",
        "https://en.wikipedia.org/wiki/Other_Network",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources."a.txt"]\nlanguage = "english language"\n', '[sources."a.txt"] language'),
        ('[sources."a.txt"]\nbase = "https://example.org/"\n', "unknown key(s) base"),
        ('[sources]\n"a.txt" = "fr"\n', "expected a table"),
    ],
)
def test_bad_source_settings_are_refused(tmp_path, text, message):
    config = tmp_path / "dataset.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(config)


# -- [release] -------------------------------------------------------------------------------------


def test_the_previous_release_is_a_path_relative_to_the_configuration_file(tmp_path: Path):
    config = load_config(_write(tmp_path, '[release]\nprevious = "../releases/0.1.0"\nmax_loss = 0.25\n'))
    assert config.previous == tmp_path / "../releases/0.1.0"
    assert config.max_loss == 0.25


def test_without_a_release_table_there_is_no_previous_release_and_the_loss_alarm_is_at_10_percent(tmp_path: Path):
    config = load_config(_dataset(tmp_path, 'version = "1.0"'))
    assert (config.previous, config.max_loss) == (None, 0.1)
    assert (Config().previous, Config().max_loss) == (None, 0.1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[release]\nprevious = ""\n', "[release] previous is empty; expected the path of the previous release's"),
        ("[release]\nprevious = 1\n", "[release] previous is an integer; expected the path"),
        ("[release]\nmax_loss = 1.5\n", "[release] max_loss = 1.5 is not a share; expected 0 to 1 (0.1 for 10%)"),
        ("[release]\nmax_loss = -0.1\n", "max_loss = -0.1 is not a share"),
        ("[release]\nmax_loss = nan\n", "max_loss = nan is not a share"),
        ('[release]\nmax_loss = "10%"\n', "[release] max_loss is a string; expected a number (0.1 for 10%)"),
        ("[release]\nmax_loss = true\n", "[release] max_loss is a boolean; expected a number"),
        ('[release]\nprevius = "x"\n', "unknown key(s) previus in [release]; expected some of previous, max_loss"),
        ('[dataset]\nprevious = "x"\n', "unknown key(s) previous in [dataset]"),
    ],
)
def test_a_bad_release_setting_names_the_key_and_what_was_expected(tmp_path: Path, text: str, expected: str):
    assert expected in _refused(_write(tmp_path, text))
