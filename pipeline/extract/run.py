"""The extract stage over many articles: article records to mention rows.

Extraction is pure per article, so it parallelises across local processes: the
extractor (rules, automata, gazetteer) is built once in the parent and shared with
forked workers copy-on-write; results come back in input order, so the output does
not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable

from pipeline.extract.article import Extractor

PARALLEL_MIN_ARTICLES = 400  # below this, starting workers costs more than it saves
CHUNK = 64

_WORKER_EXTRACTOR: Extractor | None = None


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _extract_one(article: dict) -> list[dict]:
    result = _WORKER_EXTRACTOR.extract(article["article_id"], article["text"], article["publication_date"])
    for m in result.mentions:
        m["source"] = article.get("source")
        m["publication_date"] = article["publication_date"]
    return result.mentions


def extract_mentions(articles: Iterable[dict], extractor: Extractor, jobs: int = 1) -> tuple[list[dict], dict[str, str]]:
    """Mentions for every readable article, and each article's status (events / no_events)."""
    global _WORKER_EXTRACTOR
    readable = [a for a in articles if a.get("status") != "rejected"]
    _WORKER_EXTRACTOR = extractor
    try:
        if jobs > 1 and len(readable) >= PARALLEL_MIN_ARTICLES and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(jobs) as pool:
                per_article = list(pool.imap(_extract_one, readable, chunksize=CHUNK))
        else:
            per_article = [_extract_one(a) for a in readable]
    finally:
        _WORKER_EXTRACTOR = None
    mentions = [m for ms in per_article for m in ms]
    status = {a["article_id"]: ("events" if ms else "no_events") for a, ms in zip(readable, per_article, strict=True)}
    return mentions, status
