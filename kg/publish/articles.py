"""The per-article stage of a build: read and map each source article, independently of the others.

Everything global (minting IRIs, materialising, the shared entities, validation, writing) comes
after, in :mod:`kg.publish.knowledge`; this stage only needs an article, the configuration and the
alias list, so it can run anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.core.progress import SILENT, Progress
from kg.errors import SourceError
from kg.mapping.article import map_article
from kg.mapping.sink import Notice, RefTriple
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.parse import parse_article


@dataclass(frozen=True)
class MappedArticle:
    """One article's triples (entities still as :class:`~kg.core.iris.Ref`) and warnings."""

    path: Path
    triples: list[RefTriple]
    notices: list[Notice]


def read_and_map(path: Path, config: Config, aliases: Aliases) -> MappedArticle:
    """Parse one article and map it; an unreadable article raises :class:`~kg.errors.SourceError`."""
    mapped = map_article(parse_article(path), config=config, aliases=aliases)
    return MappedArticle(path=mapped.path, triples=mapped.triples, notices=mapped.notices)


def map_articles(
    paths: Sequence[Path],
    *,
    config: Config,
    aliases: Aliases,
    keep_going: bool = False,
    progress: Progress = SILENT,
) -> tuple[list[MappedArticle], list[SourceError]]:
    """Every readable article mapped, in the order of ``paths``, and the errors of the unreadable ones.

    An unreadable article is an error; with ``keep_going`` it is left out and its error returned.
    """
    mapped: list[MappedArticle] = []
    unreadable: list[SourceError] = []
    progress.stage("reading articles", total=len(paths))
    for path in paths:
        try:
            mapped.append(read_and_map(path, config, aliases))
        except SourceError as exc:
            if not keep_going:
                raise
            unreadable.append(exc)
        progress.advance()
    return mapped, unreadable
