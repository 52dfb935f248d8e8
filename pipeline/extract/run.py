"""The extract stage over many articles: article records to mention rows.

Extraction is pure per article, so it parallelises across local processes: the
extractor (rules, automata, gazetteer) is built once in the parent and shared with
forked workers copy-on-write; results come back in input order, so the output does
not depend on the number of workers. A run takes its articles batch after batch
(the CLI streams them from Parquet) and keeps one pool of workers for all of them.

With a time limit (`max_seconds`, opt-in: it makes the output depend on the machine's
speed), an article whose extraction overruns it yields no mentions and is marked
`rejected` in place with its reason (E023); the run goes on with the next.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator

from pipeline.errors import Errors
from pipeline.extract.article import Extractor
from pipeline.extract.deadline import ArticleTimeout, Deadline

PARALLEL_MIN_ARTICLES = 400  # below this, handing work to the workers costs more than it saves
CHUNK = 64
ORPHAN_CHECK_SECONDS = 0.5  # how soon a worker notices its parent is gone

_WORKER_EXTRACTOR: Extractor | None = None
_WORKER_MAX_SECONDS: float | None = None


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def mentions_of(extractor: Extractor, article: dict, deadline: Deadline | None = None) -> list[dict]:
    """One article's mention rows, carrying the article's source and publication date."""
    result = extractor.extract(article["article_id"], article["text"], article["publication_date"],
                               deadline=deadline)
    for m in result.mentions:
        m["source"] = article.get("source")
        m["publication_date"] = article["publication_date"]
    return result.mentions


def outcome_of(extractor: Extractor, article: dict, max_seconds: float | None = None) -> tuple[list[dict], str | None]:
    """One article's mention rows and None, or no rows and the reason it was rejected:
    its extraction took more than `max_seconds` of CPU time (E023)."""
    if max_seconds is None:
        return mentions_of(extractor, article), None
    try:
        return mentions_of(extractor, article, Deadline(max_seconds)), None
    except ArticleTimeout:
        return [], Errors.E023.format(path=article.get("source_file"), line=article.get("source_line"),
                                      limit=max_seconds)


def apply_outcomes(articles: list[dict], outcomes: Iterable[tuple[list[dict], str | None]]) -> list[dict]:
    """The mention rows of `articles` (in order) from their outcomes; an article rejected
    during extraction is marked so in place."""
    rows: list[dict] = []
    for article, (found, reason) in zip(articles, outcomes, strict=True):
        if reason is not None:
            article["status"], article["reason"] = "rejected", reason
        rows.extend(found)
    return rows


def readable(articles: Iterable[dict]) -> list[dict]:
    return [a for a in articles if a.get("status") != "rejected"]


def _worker_start(parent: int) -> None:
    """Ctrl-C reaches every process of the terminal's group: only the parent acts on it
    (it stops the pool), so no worker dies mid-task and leaves the pool waiting for it.
    A worker that ignores Ctrl-C must still never outlive its parent (an interrupt can
    land while the pool is being forked, before the parent holds it): it exits when
    it finds itself orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="exit-with-parent").start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _extract_one(article: dict) -> tuple[list[dict], str | None]:
    return outcome_of(_WORKER_EXTRACTOR, article, _WORKER_MAX_SECONDS)


class ExtractionRun:
    """One extraction run: `with ExtractionRun(extractor, jobs) as run: run.mentions(batch)`, or
    `run.submit(batch)` now and `run.collect(...)` later to keep the workers busy between batches.

    The workers are forked once, for the first batch large enough to share out, and
    inherit the extractor; a smaller batch is extracted in this process instead, with
    the same result.
    """

    def __init__(self, extractor: Extractor, jobs: int = 1, max_seconds: float | None = None) -> None:
        self.extractor = extractor
        self.jobs = jobs
        self.max_seconds = max_seconds
        self._pool = None

    def __enter__(self) -> ExtractionRun:
        global _WORKER_EXTRACTOR, _WORKER_MAX_SECONDS
        if self.max_seconds is not None:
            self.extractor.warm_up()  # before the fork: no worker's first article pays for it
        _WORKER_EXTRACTOR, _WORKER_MAX_SECONDS = self.extractor, self.max_seconds
        return self

    def __exit__(self, exc_type, *exc) -> None:
        global _WORKER_EXTRACTOR, _WORKER_MAX_SECONDS
        if self._pool is not None:
            # After an error or an interrupt, queued articles are abandoned, not waited for.
            if exc_type is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        _WORKER_EXTRACTOR, _WORKER_MAX_SECONDS = None, None

    def mentions(self, articles: Iterable[dict]) -> list[dict]:
        """Mentions of every readable article of one batch, in input order (an article
        that overran the time limit is marked rejected)."""
        return self.collect(self.submit(articles))

    def submit(self, articles: Iterable[dict]) -> tuple[list[dict], Iterator | None]:
        """Hand one batch to the workers now; `collect` gives its mentions. Submitted before
        the previous batch is collected, a batch queues behind it, so the workers do not
        wait at each batch's end while this process reads the next."""
        todo = readable(articles)
        if self.jobs > 1 and len(todo) >= PARALLEL_MIN_ARTICLES and "fork" in mp.get_all_start_methods():
            if self._pool is None:
                # Built before the fork, the gazetteer's automaton is one copy shared by every
                # worker, not one read by each (see geo/gazetteer.py).
                _ = self.extractor.places.gazetteer.automaton
                self._pool = mp.get_context("fork").Pool(self.jobs, initializer=_worker_start,
                                                         initargs=(os.getpid(),))
            return todo, self._pool.imap(_extract_one, todo, chunksize=CHUNK)
        return todo, None  # extracted in this process, when collected

    def collect(self, pending: tuple[list[dict], Iterator | None]) -> list[dict]:
        todo, per_article = pending
        return apply_outcomes(todo, per_article if per_article is not None else map(_extract_one, todo))


def extract_mentions(articles: Iterable[dict], extractor: Extractor, jobs: int = 1,
                     max_seconds: float | None = None) -> list[dict]:
    """Mentions for every readable article of one in-memory collection."""
    with ExtractionRun(extractor, jobs, max_seconds) as run:
        return run.mentions(articles)
