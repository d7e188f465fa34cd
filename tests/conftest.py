"""Shared fixtures: the seed article built in-process, once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from kg.publish.knowledge import Knowledge, assemble
from kg.source.aliases import load_aliases
from kg.source.config import load_config

# Property tests judge what a function returns, not how fast: no per-example deadline, which a
# loaded machine (CI on two cores) would trip at random.
settings.register_profile("kg", deadline=None, print_blob=True)
settings.load_profile("kg")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


@pytest.fixture(scope="session")
def seed() -> Knowledge:
    return assemble(
        [SOURCES / "ecsite.txt"],
        config=load_config(SOURCES / "dataset.toml"),
        aliases=load_aliases(SOURCES / "aliases.csv"),
    )


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory):
    from tests.stores import oxigraph

    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as store:
        yield store


@pytest.fixture(scope="session")
def virtuoso_store(tmp_path_factory):
    from tests.stores import virtuoso

    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as store:
        yield store


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def store(request):
    """Each real store in turn."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def built(tmp_path_factory, seed) -> Path:
    """The seed built into a dist folder (all distributions)."""
    from kg.publish.build import build
    from kg.publish.knowledge import Inputs

    out = tmp_path_factory.mktemp("built") / "dist"
    build(Inputs(source_dir=SOURCES), out=out)
    return out
