"""Dataset configuration (``sources/dataset.toml``): base IRI, metadata, language, materialisation.

Every value is checked when the file is read, so a wrong one is reported with the file and the key
(exit 2) instead of surfacing later as a broken IRI or a crash in a writer.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kg.core.iris import iri_problem
from kg.core.vocab import PREFIXES
from kg.errors import ConfigError

DEFAULT_CONFIG = "dataset.toml"
DEFAULT_MATERIALISE = ("https://w3id.org/kg/ontology#", "http://schema.org/", "http://www.w3.org/ns/org#")
#: Namespaces whose super-terms may be written into the data: the vocabularies the project uses
#: (not XSD datatypes nor the EU country authority, which have no classes or properties to entail).
MATERIALISABLE = tuple(str(ns) for prefix, ns in PREFIXES.items() if prefix not in ("xsd", "eucountry"))
#: The tables a configuration file may have.
TABLES = ("dataset", "materialise", "sources", "release")
#: What ``[sources."FILE"]`` may set for one article: the language of its prose and its encyclopaedia.
SOURCE_KEYS = ("language", "wikipedia")
#: What ``[release]`` may set: the previous release to compare with, the share of a class it may lose.
RELEASE_KEYS = ("previous", "max_loss")
DEFAULT_MAX_LOSS = 0.1


@dataclass(frozen=True)
class Config:
    base: str = "https://w3id.org/kg/id/"
    title: str = "Knowledge graph"
    description: str = ""
    license: str = "https://creativecommons.org/licenses/by-sa/4.0/"
    publisher: str = ""
    version: str = "0.0.0"
    #: Release dates (xsd:date, ``YYYY-MM-DD``), from the configuration, never the clock.
    issued: str | None = None
    modified: str | None = None
    language: str = "en"
    wikipedia: str = "https://en.wikipedia.org/wiki/"
    #: Where the files of dist/ are published; the dataset description's download URLs start here.
    downloads: str = "https://w3id.org/kg/dist/"
    #: Namespaces whose super-classes and super-properties are written into the data.
    materialise: tuple[str, ...] = DEFAULT_MATERIALISE
    #: Per-article overrides (``[sources."FILE"]``): file name → {"language": …, "wikipedia": …}.
    sources: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: ``[release] previous``: the build folder of the previous release (relative to the file), if any.
    previous: Path | None = None
    #: ``[release] max_loss``: the share of a class's entities a release may remove without an alarm.
    max_loss: float = DEFAULT_MAX_LOSS
    #: The file these values were read from; None when there was none and the defaults apply.
    from_file: Path | None = None
    #: Messages for the user about the configuration itself (e.g. that the defaults are in use).
    notices: tuple[str, ...] = ()

    def with_base(self, base: str | None) -> Config:
        """The same configuration under another base IRI (``kg build --base``), checked like the file's."""
        if base is None:
            return self
        problem = _base_problem(base)
        if problem:
            raise ConfigError(f"--base: base IRI {base!r} {problem}")
        return replace(self, base=base)

    def for_source(self, name: str) -> Config:
        """The configuration one article is mapped with: its own language and Wikipedia, if it has them."""
        for file, values in self.sources:
            if file == name:
                return replace(self, **dict(values))
        return self


#: The keys of ``[dataset]``: every field except those filled from elsewhere.
DATASET_KEYS = tuple(
    f.name for f in fields(Config) if f.name not in ("materialise", "sources", "from_file", "notices", *RELEASE_KEYS)
)

_HTTP = re.compile(r"https?://(?:[^/?#@:\[\]\s]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?(?:[/?#]|$)", re.IGNORECASE)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# BCP 47 (RFC 5646, section 2.1) well-formed language tags, matched case-insensitively.
_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, with up to three extlangs
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATE_USE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|"
    "i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|"
    "zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(f"{_LANGTAG}|{_PRIVATE_USE}|{_GRANDFATHERED}", re.IGNORECASE)


def _iri_problem(value: str) -> str | None:
    return iri_problem(value)


def _http_problem(value: str) -> str | None:
    if not _HTTP.match(value):
        return "is not an absolute http(s) IRI; expected one like 'https://example.org/…'"
    return _iri_problem(value)


def _base_problem(value: str) -> str | None:
    problem = _http_problem(value)
    if problem:
        return problem
    if value.endswith("#"):
        return "ends with '#'; expected a base ending in '/' (entity IRIs are {base}{kind}/{slug})"
    if not value.endswith("/"):
        return "does not end with '/'; expected a base ending in '/' (entity IRIs are {base}{kind}/{slug})"
    if "#" in value or "?" in value:
        return "has a query or fragment; expected a base ending in '/' without '?' or '#'"
    return None


def _folder_problem(value: str) -> str | None:
    problem = _http_problem(value)
    if problem:
        return problem
    if not value.endswith("/") or "#" in value or "?" in value:
        return "is not a folder; expected an http(s) IRI ending in '/', without '?' or '#'"
    return None


def _language_problem(value: str) -> str | None:
    if not _BCP47.fullmatch(value):
        return "is not a well-formed BCP 47 language tag; expected one like 'en', 'de-CH' or 'sr-Latn'"
    return None


def _date_problem(value: str) -> str | None:
    try:
        ok = bool(_DATE.fullmatch(value)) and datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        ok = False
    return None if ok else "is not a date; expected an xsd:date 'YYYY-MM-DD' (e.g. 2026-11-23)"


def _text_problem(value: str) -> str | None:
    return None


def _not_empty_problem(value: str) -> str | None:
    return "is empty; expected some text" if not value.strip() else None


#: How each ``[dataset]`` value is checked (after its type: every value is a string).
_CHECKS: dict[str, Callable[[str], str | None]] = {
    "base": _base_problem,
    "title": _not_empty_problem,
    "description": _text_problem,
    "license": _iri_problem,
    "publisher": _text_problem,
    "version": _not_empty_problem,
    "issued": _date_problem,
    "modified": _date_problem,
    "language": _language_problem,
    "wikipedia": _http_problem,
    "downloads": _folder_problem,
}


def _dataset_value(path: Path, key: str, value: Any, table: str = "dataset") -> str:
    """One ``[dataset]`` value, checked; a TOML date (``issued = 2026-11-23``) becomes its text."""
    if key in ("issued", "modified") and type(value) is datetime.date:
        value = value.isoformat()
    if not isinstance(value, str):
        expected = "a date 'YYYY-MM-DD'" if key in ("issued", "modified") else "a string"
        shown = value.isoformat() if isinstance(value, datetime.date | datetime.time) else repr(value)
        raise ConfigError(f"{path}: [{table}] {key} = {shown} is {_toml_type(value)}; expected {expected}")
    problem = _CHECKS[key](value)
    if problem:
        raise ConfigError(f"{path}: [{table}] {key} = {value!r} {problem}")
    return value


def _toml_type(value: Any) -> str:
    """What a TOML value is, with its article: "an integer", "a datetime" …"""
    name = {bool: "boolean", int: "integer", float: "float", list: "array", dict: "table", str: "string"}.get(
        type(value), type(value).__name__
    )
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _table(path: Path, data: dict[str, Any], name: str, known: tuple[str, ...]) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {name} is {_toml_type(table)}; expected a table [{name}]")
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)} in [{name}]; expected some of {', '.join(known)}"
        )
    return table


def _materialise(path: Path, table: dict[str, Any]) -> tuple[str, ...]:
    namespaces = table.get("namespaces", list(DEFAULT_MATERIALISE))
    if not isinstance(namespaces, list) or not all(isinstance(ns, str) for ns in namespaces):
        raise ConfigError(
            f"{path}: [materialise] namespaces = {namespaces!r}; expected a list of namespace IRIs (strings)"
        )
    unknown = [ns for ns in namespaces if ns not in MATERIALISABLE]
    if unknown:
        raise ConfigError(
            f"{path}: [materialise] namespaces has {', '.join(repr(ns) for ns in unknown)}; "
            f"expected some of {', '.join(MATERIALISABLE)}"
        )
    return tuple(dict.fromkeys(namespaces))


def _sources(path: Path, data: dict[str, Any]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """``[sources."ecsite.txt"] language = "fr"``: settings for one article, checked like ``[dataset]``'s."""
    table = data.get("sources", {})
    if not isinstance(table, dict):
        raise ConfigError(f'{path}: sources is {_toml_type(table)}; expected tables [sources."FILE"]')
    found = []
    for name, values in sorted(table.items()):
        if not isinstance(values, dict):
            raise ConfigError(
                f'{path}: sources.{name} is {_toml_type(values)}; expected a table [sources."{name}"] '
                f"with some of {', '.join(SOURCE_KEYS)}"
            )
        unknown = sorted(set(values) - set(SOURCE_KEYS))
        if unknown:
            raise ConfigError(
                f'{path}: unknown key(s) {", ".join(unknown)} in [sources."{name}"]; '
                f"expected some of {', '.join(SOURCE_KEYS)}"
            )
        found.append(
            (name, tuple(sorted((k, _dataset_value(path, k, v, f'sources."{name}"')) for k, v in values.items())))
        )
    return tuple(found)


def _release(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """``[release]``: ``previous`` a folder path (relative to the configuration file), ``max_loss`` a share 0-1."""
    found: dict[str, Any] = {}
    if "previous" in table:
        previous = table["previous"]
        if not isinstance(previous, str) or not previous.strip():
            what = "is empty" if isinstance(previous, str) else f"is {_toml_type(previous)}"
            raise ConfigError(
                f"{path}: [release] previous {what}; expected the path of the previous release's build folder"
            )
        found["previous"] = path.parent / previous
    if "max_loss" in table:
        share = table["max_loss"]
        if isinstance(share, bool) or not isinstance(share, int | float):
            raise ConfigError(f"{path}: [release] max_loss is {_toml_type(share)}; expected a number (0.1 for 10%)")
        if not 0 <= share <= 1:
            raise ConfigError(f"{path}: [release] max_loss = {share!r} is not a share; expected 0 to 1 (0.1 for 10%)")
        found["max_loss"] = float(share)
    return found


def load_config(path: Path | None) -> Config:
    """Read and check the configuration file; a missing file gives the defaults, with a notice saying so."""
    if path is None or not path.exists():
        where = f"{path} not found" if path is not None else "no dataset configuration given"
        defaults = Config()
        return Config(
            notices=(
                f"{where}; using the default configuration (base {defaults.base}, language {defaults.language}, "
                f"licence {defaults.license}, downloads {defaults.downloads})",
            )
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key(s) {', '.join(unknown)}; expected the tables "
            f"{', '.join(f'[{t}]' for t in TABLES)}"
        )
    dataset = _table(path, data, "dataset", DATASET_KEYS)
    values = {key: _dataset_value(path, key, value) for key, value in dataset.items()}
    materialise = _materialise(path, _table(path, data, "materialise", ("namespaces",)))
    release = _release(path, _table(path, data, "release", RELEASE_KEYS))
    return Config(**values, materialise=materialise, sources=_sources(path, data), from_file=path, **release)
