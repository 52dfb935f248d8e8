"""Date ranges ("between 3 and 5 March", "from 12 to 14 May 2024", "3-5 March"): the
first day dates the event and the last day is kept, so resolve can split it per day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.dateparse import parse_phrase
from pipeline.extract.dates import still_to_come
from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class DateRangeCues(CueSet):
    """The words of date spans and windows: rules/cues/date_ranges.yaml, cue `date-range-<field>`."""

    PREFIX = "date-range"
    span: re.Pattern
    window: re.Pattern


def resolve_range(phrase: str, pub: dt.date | None, cues: DateRangeCues) -> tuple[dt.date, dt.date] | None:
    m = cues.span.search(phrase)
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


_YEAR = re.compile(r"\d{4}")
WINDOW_WEEK_DAYS = 14  # a window this short is dated to the week (precision 2), a longer one to the month


def is_window(phrase: str, cues: DateRangeCues) -> bool:
    """Whether the phrase is a window on a day nobody reported ("sometime between 14 and 20
    August"): one event on an unknown day, not a multi-day event."""
    return cues.window.match(phrase.strip()) is not None


def resolve_window(phrase: str, pub: dt.date | None, cues: DateRangeCues) -> tuple[dt.date, int] | None:
    """The middle day of an uncertain window, which is off by at most half the window, with the
    precision the window allows."""
    m = cues.window.match(" ".join(phrase.split()))
    if m is None:
        return None
    a, b = m.group("a").strip(" ,"), m.group("b").strip(" ,")
    if _YEAR.search(b):
        end = parse_phrase(b, None, prefer_past=False)
    elif pub is not None:
        end = parse_phrase(b, pub, prefer_past=True)
        if end is not None and end > pub:
            end = None  # a window still open or to come dates nothing
    else:
        return None
    if end is None:
        return None
    if a.rstrip("stndrh").isdigit():  # "between 14 and 20 August"
        start = _replace_day(end, int(a.rstrip("stndrh")))
    elif _YEAR.search(a):
        start = parse_phrase(a, None, prefer_past=False)
    else:  # "between August 14 and August 20, 2016": the year the window ends in
        start = parse_phrase(f"{a} {end.year}", None, prefer_past=False)
        if start is not None and start > end:
            start = _replace_day(start.replace(day=1, year=start.year - 1), start.day)
    if start is None or not start <= end or (end - start).days > 62:
        return None
    span = (end - start).days
    return start + dt.timedelta(days=span // 2), 2 if span <= WINDOW_WEEK_DAYS else 3


def _replace_day(d: dt.date, day: int) -> dt.date | None:
    try:
        return d.replace(day=day)
    except ValueError:
        return None
