"""The extract stage over many articles: article records to mention rows."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.extract.article import Extractor


def extract_mentions(articles: Iterable[dict], extractor: Extractor) -> tuple[list[dict], dict[str, str]]:
    """Mentions for every readable article, and each article's status (events / no_events)."""
    mentions: list[dict] = []
    status: dict[str, str] = {}
    for a in articles:
        if a.get("status") == "rejected":
            continue
        result = extractor.extract(a["article_id"], a["text"], a["publication_date"])
        for m in result.mentions:
            m["source"] = a.get("source")
            m["publication_date"] = a["publication_date"]
        mentions.extend(result.mentions)
        status[a["article_id"]] = "events" if result.mentions else "no_events"
    return mentions, status
