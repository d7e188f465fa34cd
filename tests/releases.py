"""Variants of the seed for the release tests: a copy of sources/ with one thing changed, built.

Each variant is a folder with the seed article (edited or not), ``dataset.toml`` (another version,
a ``[release]`` table) and ``aliases.csv`` (rows added), built in-process into ``dist/`` beside them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.publish.build import build
from kg.publish.knowledge import Inputs

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED = SOURCES / "ecsite.txt"
ARTICLES = ROOT / "tests" / "data" / "articles"
WILD = ROOT / "tests" / "data" / "wild"
WIKIPEDIA = ROOT / "tests" / "data" / "wikipedia"
KGO = "https://w3id.org/kg/ontology#"
ID = "https://w3id.org/kg/id/"

#: The row of one project in the seed's table, and its website.
DOORS_ROW = "| DOORS | 2021-2023 |"
MAKE_IT_OPEN_SITE = "https://makeitopen.eu/"


def sources(
    folder: Path,
    *,
    edit: Callable[[str], str] | None = None,
    version: str = "0.1.0",
    release: str = "",
    aliases: Sequence[str] = (),
    articles: Sequence[Path] = (SEED,),
) -> Path:
    """A sources folder: the ``articles`` (the seed, ``edit``ed), dataset.toml and aliases.csv."""
    folder.mkdir(parents=True)
    for article in articles:
        text = article.read_text(encoding="utf-8")
        if article == SEED and edit is not None:
            text = edit(text)
            assert text != SEED.read_text(encoding="utf-8"), "the edit changed nothing"
        (folder / article.name).write_text(text, encoding="utf-8")
    config = (SOURCES / "dataset.toml").read_text(encoding="utf-8")
    assert 'version = "0.1.0"' in config
    config = config.replace('version = "0.1.0"', f'version = "{version}"')
    (folder / "dataset.toml").write_text(config + (f"\n[release]\n{release}\n" if release else ""), encoding="utf-8")
    shutil.copy(SOURCES / "aliases.csv", folder / "aliases.csv")
    with (folder / "aliases.csv").open("a", encoding="utf-8") as f:
        f.writelines(row + "\n" for row in aliases)
    return folder


def build_variant(folder: Path, **options) -> Path:
    """The variant's sources (:func:`sources`) built into ``folder/dist``."""
    src = sources(folder / "sources", **options)
    out = folder / "dist"
    build(Inputs(source_dir=src), out=out)
    return out


def without_doors(text: str) -> str:
    """The seed without the DOORS row of its projects table."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(DOORS_ROW))


def new_make_it_open_site(text: str) -> str:
    return text.replace(f"| {MAKE_IT_OPEN_SITE} |", "| https://www.makeitopen.eu/ |")


#: Copernicus Science Centre given a longer canonical name: its IRI changes, its old name stays.
COPERNICUS_RENAMED = (
    "Copernicus Science Centre Warsaw,Copernicus Science Centre,full-name,the centre's name with its city"
)
