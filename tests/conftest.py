"""Shared fixtures: the seed article built in-process, once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.aliases import load_aliases
from kg.build import Knowledge, assemble
from kg.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


@pytest.fixture(scope="session")
def seed() -> Knowledge:
    return assemble(
        [SOURCES / "ecsite.txt"],
        config=load_config(SOURCES / "dataset.toml"),
        aliases=load_aliases(SOURCES / "aliases.csv"),
    )
