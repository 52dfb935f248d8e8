"""Publication dates: from metadata, else from the text, else unknown (never the run date)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.dateparse import is_relative, parse_phrase
from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class PubdateCues(CueSet):
    """The lines that state a publication date, each with group `date`: rules/ingest/cues.yaml,
    cue `pubdate-<field>`. Tried in the order of the fields, the most reliable first; the
    field's name, dashed, is the article's `pubdate_source`."""

    PREFIX = "pubdate"
    updated_line: re.Pattern  # a page's own "Updated"/"Published" stamp
    story_is_from: re.Pattern  # a newspaper's "This story is from" banner
    dateline: re.Pattern  # "BOGOTA, 24 SEP 89 --", "KABUL, 12 May 2024 (Reuters) -"


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


def date_from_text(text: str, cues: PubdateCues, updated: str | None = None) -> tuple[dt.date | None, str | None]:
    """Find the publication date in an article's own text; returns (date, rule id): the
    cue's field, dashed ("updated-line"), for a date read from the text."""
    if updated:
        d = parse_metadata_date(updated)
        if d:
            return d, "updated-line"
    head = text[:HEAD_CHARS]
    for f in dataclasses.fields(cues):
        rule_id, pattern = f.name.replace("_", "-"), getattr(cues, f.name)
        m = pattern.search(head)
        if m:
            d = parse_phrase(m.group("date"), None, prefer_past=False)
            if d and not is_future(d):
                return d, rule_id
    return None, None
