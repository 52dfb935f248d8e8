"""Date ranges ("between 3 and 5 March", "from 12 to 14 May 2024", "3-5 March"): the
first day dates the event and the last day is kept, so resolve can split it per day."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dateparse import parse_phrase
from pipeline.extract.dates import still_to_come

RANGE = re.compile(
    r"(?:between|from)?\s*(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|and|to|until)\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+"
    r"(?P<month>[A-Za-z]+\.?)(?:,?\s+(?P<year>\d{4}))?", re.I)


def resolve_range(phrase: str, pub: dt.date | None) -> tuple[dt.date, dt.date] | None:
    m = RANGE.search(phrase)
    if not m:
        return None
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not 1 <= d1 < d2 <= 31:
        return None
    year = m.group("year")
    ref = None if year else pub
    if year is None and pub is None:
        return None
    end = parse_phrase(f"{d2} {m.group('month')} {year or ''}".strip(), ref, prefer_past=True)
    if end is None:
        return None
    if pub is not None and year is None and still_to_come(end, pub):
        return None  # "talks on 16 and 17 October" in an article of 10 October are still to come
    if pub is not None and year is None and end > pub:
        end = end.replace(year=end.year - 1)
    start = end.replace(day=d1)
    return start, end
