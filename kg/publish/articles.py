"""The per-article stage of a build: read and map each source article, independently of the others.

Everything global (minting IRIs, materialising, the shared entities, validation, writing) comes
after, in :mod:`kg.publish.knowledge`; this stage only needs an article, the configuration and the
alias list, so it can run anywhere: in this process, on a pool of processes (``kg build --jobs``)
or on a Dask cluster (``--dask-scheduler``), any :class:`concurrent.futures.Executor`.

The articles are read here (their bytes are what the cache is keyed by, and what is sent, so the
workers need not see the same files), sent in chunks, and mapped articles come back packed
(:mod:`kg.publish.packing`); the results are put back in the order of the paths, so the build is
the same whichever worker finished first. Each worker process loads the lexicon and the field
tables once, not once per article.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kg.core.progress import SILENT, Progress
from kg.errors import SourceError
from kg.mapping.article import checked_field_table, map_article
from kg.mapping.sink import Notice, RefTriple
from kg.publish.cache import ArticleCache, article_key, settings_key
from kg.publish.packing import pack, unpack
from kg.source.aliases import Aliases
from kg.source.config import Config
from kg.source.parse import decode_text, parse_article, parse_text

#: At most this many articles go to a worker at once (fewer for small builds, so all workers get some).
MAX_CHUNK = 64
#: Fewer articles than this to map are mapped here even with a process pool: starting its workers
#: (importing kg in them) costs about as much as mapping a hundred articles.
POOL_FROM = 16


@dataclass(frozen=True)
class MappedArticle:
    """One article's triples (entities still as :class:`~kg.core.iris.Ref`) and warnings."""

    path: Path
    triples: list[RefTriple]
    notices: list[Notice]


@dataclass(frozen=True)
class ArticleStage:
    """How the per-article stage runs: on which executor (None: in this process, one article after
    another) and with which cache folder (None: no cache; entries go to ``cache/articles/``)."""

    executor: Executor | None = None
    cache: Path | None = None
    #: Articles per task sent to the executor (None: by the number of articles, at most :data:`MAX_CHUNK`).
    chunk_size: int | None = None
    #: With fewer articles to map than this, they are mapped here and the executor is not used.
    parallel_from: int = 0
    #: Called once the stage is over, to stop the executor's workers and threads: the later stages
    #: fork processes of their own, which a process with a pool's threads running must not do.
    release: Callable[[], None] | None = None


def default_jobs() -> int:
    """The number of CPUs this process may run on: the default of ``--jobs``."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes for this stage, each with the mapping's data loaded once.

    The workers are forked from a fork server that has imported the mapping, not from this process
    (which may be running a progress display's thread: forking a threaded process is unsafe). As
    for any such pool, a script that makes one needs the ``if __name__ == "__main__":`` guard.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=warm_up)


def warm_up() -> None:
    """Load what mapping any article needs (the lexicon, the field tables), once per process."""
    checked_field_table()


def read_and_map(path: Path, config: Config, aliases: Aliases) -> MappedArticle:
    """Parse one article and map it; an unreadable article raises :class:`~kg.errors.SourceError`."""
    mapped = map_article(parse_article(path), config=config, aliases=aliases)
    return MappedArticle(path=mapped.path, triples=mapped.triples, notices=mapped.notices)


#: What a worker returns for an article it could not read: the parts of its :class:`SourceError`.
_Failure = tuple[str, Path, int | None]


def map_chunk(items: Sequence[tuple[Path, bytes]], config: Config, aliases: Aliases) -> list[bytes | _Failure]:
    """Map articles given as (path, bytes), in a worker: each packed, or the error that stopped it."""
    return [m if isinstance(m, tuple) else pack(m.path, m.triples, m.notices) for m in _map(items, config, aliases)]


def _map(items: Sequence[tuple[Path, bytes]], config: Config, aliases: Aliases) -> list[MappedArticle | _Failure]:
    done: list[MappedArticle | _Failure] = []
    for path, data in items:
        try:
            article = parse_text(decode_text(data, path=path), path=path)
            mapped = map_article(article, config=config, aliases=aliases)
        except SourceError as exc:  # sent back as data: SourceError's keyword arguments do not pickle
            done.append((exc.reason, exc.path, exc.line))
        else:
            done.append(MappedArticle(path=path, triples=mapped.triples, notices=mapped.notices))
    return done


def map_articles(
    paths: Sequence[Path],
    *,
    config: Config,
    aliases: Aliases,
    keep_going: bool = False,
    progress: Progress = SILENT,
    executor: Executor | None = None,
    cache: Path | None = None,
    chunk_size: int | None = None,
    parallel_from: int = 0,
) -> tuple[list[MappedArticle], list[SourceError]]:
    """Every readable article mapped, in the order of ``paths``, and the errors of the unreadable ones.

    An unreadable article is an error (the first in the order of ``paths``); with ``keep_going`` it
    is left out and its error returned. Articles are mapped on ``executor`` (None: here), those
    found in the ``cache`` folder are not mapped again; with fewer than ``parallel_from`` to map,
    they are mapped here. The progress is told, besides each article done, the counts ``articles
    mapped`` and ``articles from the cache``.
    """
    progress.stage("reading articles", total=len(paths))
    slots: list[MappedArticle | SourceError | OSError | None] = [None] * len(paths)
    store = ArticleCache(cache) if cache is not None else None
    settings = settings_key(aliases) if store is not None else ""
    keys: dict[int, str] = {}
    todo: list[tuple[int, bytes]] = []
    for i, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:  # raised in its place in the order, as reading it there would have
            slots[i] = exc
            continue
        if store is not None:
            keys[i] = article_key(settings, config, path.name, data)
            slots[i] = _cached(store, keys[i], path)
            if slots[i] is not None:
                progress.advance()
                continue
        todo.append((i, data))
    progress.count("articles from the cache", len(paths) - len(todo) - sum(isinstance(s, OSError) for s in slots))

    def place(chunk: list[tuple[int, bytes]], results: Sequence[MappedArticle | bytes | _Failure]) -> bool:
        """Put a chunk's results in their slots (and the cache); True if an article of it failed."""
        failed = False
        for (i, _), result in zip(chunk, results, strict=True):
            if isinstance(result, bytes):  # packed by a worker
                triples, notices = unpack(result, path=paths[i])
                slots[i] = MappedArticle(path=paths[i], triples=triples, notices=notices)
                if store is not None:
                    store.put(keys[i], result)
            elif isinstance(result, MappedArticle):  # mapped here
                slots[i] = result
                if store is not None:
                    store.put(keys[i], pack(result.path, result.triples, result.notices))
            else:
                reason, where, line = result
                slots[i] = SourceError(reason, path=where, line=line)
                failed = True
        progress.advance(len(chunk))
        return failed

    size = chunk_size or max(1, min(MAX_CHUNK, math.ceil(len(todo) / 32)))
    chunks = [todo[k : k + size] for k in range(0, len(todo), size)]
    if executor is None or len(todo) < parallel_from:
        for chunk in chunks:
            if place(chunk, _map([(paths[i], data) for i, data in chunk], config, aliases)) and not keep_going:
                break  # the first error, in order: the articles after it need not be read
    else:
        _run(executor, chunks, paths, config, aliases, place, keep_going)
    progress.count("articles mapped", sum(len(c) for c in chunks))
    mapped: list[MappedArticle] = []
    unreadable: list[SourceError] = []
    for slot in slots:
        if isinstance(slot, MappedArticle):
            mapped.append(slot)
        elif isinstance(slot, SourceError) and keep_going:
            unreadable.append(slot)
        elif slot is not None:
            raise slot
        else:
            break  # left unmapped after an error, which the loop has raised before reaching here
    return mapped, unreadable


def _cached(store: ArticleCache, key: str, path: Path) -> MappedArticle | None:
    packed = store.get(key)
    if packed is None:
        return None
    try:
        triples, notices = unpack(packed, path=path)
    except Exception:  # a damaged entry is a miss: the article is mapped again and the entry rewritten
        return None
    return MappedArticle(path=path, triples=triples, notices=notices)


def _run(
    executor: Executor,
    chunks: list[list[tuple[int, bytes]]],
    paths: Sequence[Path],
    config: Config,
    aliases: Aliases,
    place: Callable[[list[tuple[int, bytes]], list[bytes | _Failure]], bool],
    keep_going: bool,
) -> None:
    """Map the chunks on ``executor``, placing each as it comes back; without ``keep_going``, once a
    chunk has an error, the chunks after it that have not started are cancelled."""
    futures: dict[Future[list[bytes | _Failure]], int] = {
        executor.submit(map_chunk, [(paths[i], data) for i, data in chunk], config, aliases): n
        for n, chunk in enumerate(chunks)
    }
    first_failed = len(chunks)
    try:
        for future in as_completed(futures):
            if future.cancelled():
                continue
            n = futures[future]
            if place(chunks[n], future.result()) and not keep_going and n < first_failed:
                first_failed = n
                for other, m in futures.items():
                    if m > n:
                        other.cancel()
    except BaseException:
        for other in futures:
            other.cancel()
        raise
