"""Dataset configuration (``sources/dataset.toml``): base IRI, metadata, language, materialisation."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import ConfigError

DEFAULT_CONFIG = "dataset.toml"
DEFAULT_MATERIALISE = ("https://w3id.org/kg/ontology#", "http://schema.org/", "http://www.w3.org/ns/org#")


@dataclass(frozen=True)
class Config:
    base: str = "https://w3id.org/kg/id/"
    title: str = "Knowledge graph"
    description: str = ""
    license: str = "https://creativecommons.org/licenses/by-sa/4.0/"
    publisher: str = ""
    version: str = "0.0.0"
    issued: str | None = None
    language: str = "en"
    wikipedia: str = "https://en.wikipedia.org/wiki/"
    #: Where the files of dist/ are published; the dataset description's download URLs start here.
    downloads: str = "https://w3id.org/kg/dist/"
    #: Namespaces whose super-classes and super-properties are written into the data.
    materialise: tuple[str, ...] = DEFAULT_MATERIALISE

    def with_base(self, base: str | None) -> Config:
        return self if base is None else replace(self, base=_check_base(base))


def _check_base(base: str) -> str:
    if not base.startswith(("http://", "https://")) or any(c in base for c in ' <>"{}|\\^`'):
        raise ConfigError(f"base IRI {base!r} must be an absolute http(s) IRI without spaces")
    return base if base.endswith(("/", "#")) else base + "/"


def load_config(path: Path | None) -> Config:
    """Read the configuration file; a missing file gives the defaults."""
    if path is None or not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    ds = data.get("dataset", {})
    known = {f for f in Config.__dataclass_fields__ if f != "materialise"}
    unknown = set(ds) - known
    if unknown:
        raise ConfigError(f"{path}: unknown [dataset] keys {sorted(unknown)}; expected some of {sorted(known)}")
    values = {k: v for k, v in ds.items()}
    if "base" in values:
        values["base"] = _check_base(values["base"])
    values["materialise"] = tuple(data.get("materialise", {}).get("namespaces", DEFAULT_MATERIALISE))
    return Config(**values)
