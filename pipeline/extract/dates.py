"""Resolve date phrases found by the date rules against the publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.dateparse import month_of, parse_phrase
from pipeline.rulebook.cues import CueSet

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
PART_DAY = {"early": 5, "mid": 15, "late": 25}
YEAR = re.compile(r"\d{4}")
# A wire dateline or a communique's signature line ("SAN SALVADOR, 14 MAR 89 (ACAN) --",
# "KABUL, May 12 (Reuters) -", "MANAGUA, 2 JANUARY 1990."): its date says when the copy was
# filed, which the publication date already holds; it must not date the event in its sentence.
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'’-]{1,40}?(?:\s*\([A-Za-z .'-]+\))?,\s+"
    r"(?P<date>\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{2,4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?)"
    r"(?=[ \t]*(?:\(|--|-|–|—|\.|$)|\s{2,})", re.M)


@dataclass(frozen=True)
class DateCues(CueSet):
    """The words date phrases are read by: rules/cues/dates.yaml, cue `date-<field>`."""

    PREFIX = "date"
    part_of_month: re.Pattern
    end_bound: re.Pattern
    report_before: re.Pattern
    report_after: re.Pattern
    approximate_before: re.Pattern
    approximate_after: re.Pattern
    relative_day: re.Pattern
    anaphora: re.Pattern
    weekday_word: re.Pattern
    month_lead: re.Pattern
    month_word: re.Pattern
    previous_month: re.Pattern
    weekday_to_come: re.Pattern
    weekday_of_last_week: re.Pattern
    weekday_last: re.Pattern
    other_clause_before: re.Pattern


# A day and month this soon after publication is a date still to come, not last year's.
FUTURE_DAYS = 45

# What a phrase was resolved against, as `explain` shows it.
STATED = "the phrase's own year"
PRECISION_NAMES = {1: "day", 2: "week", 3: "month", 4: "year"}


def from_publication(pub: dt.date) -> str:
    return f"publication date {pub.isoformat()}"


def from_text_year(year: int) -> str:
    return f"year in the text {year}"


def from_office_holder(bound: dt.date) -> str:
    return f"office-holder in the text (latest {bound.isoformat()})"


def from_previous(phrase: str, day: dt.date) -> str:
    return f"previous date {' '.join(phrase.split())!r} ({day.isoformat()})"


class Resolved(tuple):
    """(date, precision) as a plain tuple compares, and `anchor`: what the phrase was
    resolved against (its own year, the publication date, a year in the text, ...)."""

    def __new__(cls, day: dt.date, precision: int, anchor: str) -> Resolved:
        self = super().__new__(cls, (day, precision))
        self.anchor = anchor
        return self


APPROXIMATE_REACH = 20  # characters before a date phrase searched for words that make it approximate


def is_approximate(text: str, start: int, end: int, cues: DateCues) -> bool:
    """Whether the day at text[start:end] is told as approximate ("around 6 May 2020", "on
    3 May (as reported)"), which ACLED codes at week precision."""
    return (cues.approximate_before.search(text, max(0, start - APPROXIMATE_REACH), start) is not None
            or cues.approximate_after.match(text, end) is not None)


def is_end_bound(text: str, start: int, cues: DateCues) -> bool:
    """Whether the date phrase starting at `start` closes a span ("until 9 October")."""
    return cues.end_bound.search(text, max(0, start - 20), start) is not None


def is_other_clause_year(text: str, start: int, mode: str, cues: DateCues) -> bool:
    """Whether a bare year ("in 1986") stands in a clause about something else ("which began
    in 1986", "a drive launched in 2012"): then it dates nothing in its sentence."""
    return mode == "year" and cues.other_clause_before.search(text, max(0, start - 40), start) is not None


def is_report_date(text: str, start: int, end: int, cues: DateCues) -> bool:
    """Whether the relative day at text[start:end] ("today", "on Monday") is when something was
    said, not done; a calendar date ("on 6 May") always names the day of the deed."""
    if not cues.relative_day.match(text, start) or any(c.isdigit() for c in text[start:end]):
        return False
    return (cues.report_before.search(text, max(0, start - 30), start) is not None
            or cues.report_after.match(text, end) is not None)


# "05/24/2016", "24/05/2016", "2016-05-24". GTD writes an unknown day as "00" ("07/00/2016").
NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")


def day_first(text: str) -> bool:
    """Whether the text writes numeric dates day first. The first date that reads only one
    way decides ("13/02/2014": 13 cannot be a month); with none, the US order stands."""
    for m in _SLASHED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    return False


def numeric_date(phrase: str, first_is_day: bool = False) -> tuple[dt.date, int] | None:
    """A numeric date as (date, precision); a day written "00" leaves only the month known."""
    m = NUMERIC.fullmatch(phrase)
    if m is None:
        return None
    if m.group(4):
        year, month, day = int(m.group(4)), int(m.group(5)), int(m.group(6))
    else:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        month, day = (b, a) if first_is_day else (a, b)
        if month > 12 >= day:  # read the other way, whatever the text's habit
            month, day = day, month
    if day == 0:
        return (dt.date(year, month, 1), 3) if 1 <= month <= 12 else None
    try:
        return dt.date(year, month, day), 1
    except ValueError:
        return None


def anaphora_offset(phrase: str, cues: DateCues) -> int | None:
    """Days from the date told before, for a phrase that points back at it; None for others."""
    m = cues.anaphora.fullmatch(" ".join(phrase.split()))
    if m is None:
        return None
    return 0 if m.group("same") else 1 if m.group("next") else -1


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the dates that sit in datelines and signature lines."""
    return [m.span("date") for m in DATELINE.finditer(text)]


def _weekday_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def resolve(phrase: str, mode: str, precision: int, pub: dt.date | None, cues: DateCues,
            context_year: int | None = None, year_reference: dt.date | None = None,
            first_is_day: bool = False) -> Resolved | None:
    """Return (date, precision) for one phrase, with the anchor it was resolved against
    (Resolved.anchor), or None when it cannot be placed in time.

    `context_year` (the latest year the article itself mentions) places a weekday with a
    month-day ("Thursday August 3") when the publication date is unknown; `first_is_day`
    reads "04/03/2017" as 4 March (see day_first)."""
    p = " ".join(phrase.split())
    if mode == "absolute" and NUMERIC.fullmatch(p):
        r = numeric_date(p, first_is_day)
        return Resolved(r[0], max(r[1], precision), STATED) if r else None
    if mode == "absolute":
        d = parse_phrase(p, None, prefer_past=False)
        return Resolved(d, precision, STATED) if d else None
    if mode == "year":
        y = int(YEAR.search(p).group(0))
        return Resolved(dt.date(y, 1, 1), precision, STATED) if 1900 <= y <= 2100 else None
    if mode == "month":
        d = parse_phrase(p, None, prefer_past=False)
        return Resolved(d.replace(day=1), precision, STATED) if d else None
    if mode == "weekday":
        if pub is None:
            return None
        r = _weekday(p.lower(), pub, precision, cues)
        return Resolved(*r, from_publication(pub)) if r else None
    # relative: needs a reference date, except "Thursday August 3" and "Sunday [1 June]",
    # whose weekday fixes the year.
    words = [w for w in re.split(r"[\s,\[\]()]+", p.lower()) if w and w != "of"]
    if words and words[0] in WEEKDAYS and len(words) >= 3:
        month_first = month_of(words[1])
        month, day_word = (month_first, words[2]) if month_first else (month_of(words[2]), words[1])
        if month:
            day = int(re.sub(r"\D", "", day_word) or 0)
            return _weekday_month_day(WEEKDAYS[words[0]], month, day, pub, context_year)
    bound_only = pub is None
    anchor = from_publication(pub) if pub is not None else None
    if pub is None:
        # Undated article: a day and month still resolve when the article's own
        # references (office-holders) bound the latest date it can have been written.
        if year_reference is None or not re.search(r"\d", p):
            return None
        pub, anchor = year_reference, from_office_holder(year_reference)
    words_l = p.lower().split()
    if len(words_l) == 2 and month_of(words_l[1]) and cues.month_lead.fullmatch(words_l[0]):
        month = month_of(words_l[1])
        year = pub.year if month <= pub.month else pub.year - 1
        return Resolved(dt.date(year, month, 1), 3, anchor)
    m = cues.part_of_month.fullmatch(p)
    if m and month_of(m.group(2)):
        month = month_of(m.group(2))
        year = pub.year if month <= pub.month else pub.year - 1
        return Resolved(dt.date(year, month, PART_DAY[m.group(1).lower()]), 3, anchor)
    if cues.month_word.search(p.lower()):
        base = pub if not cues.previous_month.search(p.lower()) else (pub.replace(day=1) - dt.timedelta(days=1))
        return Resolved(base.replace(day=1), precision, anchor)
    d = parse_phrase(p, pub, prefer_past=True)
    if d is None:
        return None
    if not bound_only and still_to_come(d, pub):
        return None  # "a strike on 1 November" in an article of 31 October is still to come
    if d > pub:  # "14 March" in an article of 2 March is last year's 14 March
        try:
            d = d.replace(year=d.year - 1)
        except ValueError:
            return None
    return Resolved(d, precision, anchor)


def _weekday(phrase: str, pub: dt.date, precision: int, cues: DateCues) -> tuple[dt.date, int] | None:
    """"Friday" is the latest Friday not after publication (today in Friday's paper); "last
    Friday" the latest before it; "Friday last week" that of the calendar week before; "next
    Friday" is still to come and dates nothing."""
    wd = WEEKDAYS[cues.weekday_word.search(phrase).group(0)]
    if cues.weekday_to_come.match(phrase):
        return None
    if cues.weekday_of_last_week.search(phrase):
        monday = pub - dt.timedelta(days=pub.weekday())
        return monday - dt.timedelta(days=7 - wd), precision
    if cues.weekday_last.match(phrase):
        return _weekday_before(pub - dt.timedelta(days=1), wd), precision
    return _weekday_before(pub, wd), precision


def still_to_come(d: dt.date, pub: dt.date) -> bool:
    """Whether a day and month (which dateparser may have put in the past year) falls in
    the weeks just after publication."""
    try:
        this_year = d.replace(year=pub.year)
    except ValueError:  # 29 February
        return False
    return pub < this_year <= pub + dt.timedelta(days=FUTURE_DAYS)


def _weekday_month_day(weekday: int, month: int, day: int, pub: dt.date | None,
                       context_year: int | None) -> Resolved | None:
    """The year in which month/day falls on weekday: the latest not after publication, or,
    with no publication date, the first from the latest year the article mentions."""
    if pub is not None:
        # This year's or last year's: a weekday that fits neither is a slip, and the day and
        # month alone (the shorter phrase inside) date the event.
        years, anchor = range(pub.year, pub.year - 2, -1), from_publication(pub)
    elif context_year is not None:
        years, anchor = range(context_year, context_year + 7), from_text_year(context_year)
    else:
        return None
    for y in years:
        try:
            d = dt.date(y, month, day)
        except ValueError:
            return None
        if d.weekday() == weekday and (pub is None or d <= pub):
            return Resolved(d, 1, f"{anchor}, the weekday fixing the year")
    return None
