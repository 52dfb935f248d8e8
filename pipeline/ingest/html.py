"""HTML pages reduced to article text with trafilatura (a maintained extractor)."""

from __future__ import annotations


def extract_html(html: str) -> tuple[str, str | None, str | None]:
    """Return (text, title, date string) of the main article on a page."""
    import trafilatura  # deferred: heavy import, only needed for HTML inputs

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta else None
    date = meta.date if meta else None
    return text, title, date
