"""Publication dates: from metadata, else from the text, else unknown (never the run date)."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dateparse import is_relative, parse_phrase

MONTHS = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
# A year of this or the last century: "Saturday, 26 February 1600 GMT" is a kick-off time.
YEAR = r"(?:19|20)\d\d"
DAY_MONTH_YEAR = rf"\d{{1,2}}\s+{MONTHS}\s+(?:{YEAR}|\d{{2}})(?![\d:])"
MONTH_DAY_YEAR = rf"{MONTHS}\s+\d{{1,2}},?\s+{YEAR}(?![\d:])"
ISO = rf"{YEAR}-\d{{2}}-\d{{2}}"
ANY_DATE = rf"(?:{DAY_MONTH_YEAR}|{MONTH_DAY_YEAR}|{ISO})"

# Ordered by reliability: a page's own "Updated" stamp, then the newspaper's
# "This story is from" banner, then a dateline ("BOGOTA, 24 SEP 89 --", "KABUL, 12 May 2024 (Reuters) -").
TEXT_PATTERNS = [
    ("updated-line", re.compile(rf"^\s*(?:updated|published|posted)\s*:?\s+(?P<date>{ANY_DATE})", re.I | re.M)),
    ("story-is-from", re.compile(rf"this story is from\s+(?P<date>{ANY_DATE})", re.I)),
    ("dateline", re.compile(rf"^\s*[A-Z][A-Za-z .'\-]{{1,40}},\s+(?P<date>{ANY_DATE})\b", re.M)),
]
HEAD_CHARS = 600  # datelines and banners sit at the top of an article
# A wire's date may run a day ahead of the reader's clock across time zones.
CLOCK_SLACK = dt.timedelta(days=1)


def parse_metadata_date(value: object) -> dt.date | None:
    """A metadata value (ISO string, timestamp or free text) as a date, or None."""
    return metadata_date(value)[0]


def metadata_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None) for a metadata value that states a date; (None, problem) for one that
    is "relative" ("yesterday", "Monday": it would change with the day of the run) or in
    the "future"; (None, None) for no value or one that names no date."""
    d, problem = _absolute_date(value)
    if d is not None and is_future(d):
        return None, "future"
    return d, problem


def _absolute_date(value: object) -> tuple[dt.date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    s = str(value).strip()
    if not s or s.lower() in {"nan", "none", "null", "nat"}:
        return None, None
    try:
        return dt.date.fromisoformat(s[:10]), None
    except ValueError:
        pass
    d = parse_phrase(s[:60], None, prefer_past=False)
    return (d, None) if d is not None else (None, "relative" if is_relative(s[:60]) else None)


def is_future(d: dt.date) -> bool:
    """Whether a date lies after today (the only use of the clock: nothing is dated by it)."""
    return d > dt.datetime.now(dt.UTC).date() + CLOCK_SLACK


def date_from_text(text: str, updated: str | None = None) -> tuple[dt.date | None, str | None]:
    """Find the publication date in an article's own text; returns (date, rule id)."""
    if updated:
        d = parse_metadata_date(updated)
        if d:
            return d, "updated-line"
    head = text[:HEAD_CHARS]
    for rule_id, pattern in TEXT_PATTERNS:
        m = pattern.search(head)
        if m:
            d = parse_phrase(m.group("date"), None, prefer_past=False)
            if d and not is_future(d):
                return d, rule_id
    return None, None
