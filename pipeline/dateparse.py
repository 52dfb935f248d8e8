"""One cached entry point to dateparser for short date phrases.

dateparser is accurate but slow (milliseconds a call) and guesses on noise, so the
compiler only ever hands it short phrases that a rule already recognised as a date,
always in English, and memoises the answer: wire copy repeats the same phrases.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

_SETTINGS_BASE = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": [],
}


# Two days differing in year, month, day and weekday: a phrase that reads the same against
# both states its own date; one that does not ("yesterday", "Monday", "3 March") is relative.
ANCHORS = (dt.date(2001, 1, 1), dt.date(2012, 8, 15))


def parse_phrase(phrase: str, reference: dt.date | None, prefer_past: bool = True) -> dt.date | None:
    """Parse one date phrase; relative phrases resolve against `reference`. Without a
    reference only a phrase that states its own date parses: never against the clock."""
    if reference is not None:
        return _parse(phrase, reference, prefer_past)
    first, second = (_parse(phrase, anchor, prefer_past) for anchor in ANCHORS)
    return first if first == second else None


def is_relative(phrase: str) -> bool:
    """Whether a phrase names a day only relative to another ("yesterday", "3 days ago")."""
    return parse_phrase(phrase, None, prefer_past=False) is None and _parse(phrase, ANCHORS[0], False) is not None


# Month names as the calendar module gives them (the C locale's English), with "sept".
MONTHS = {name.lower(): i for names in (calendar.month_name, calendar.month_abbr) for i, name in enumerate(names) if name}
MONTHS["sept"] = 9
NOT_PLAIN = object()


def month_of(word: str) -> int | None:
    """The month a name or abbreviation ("Sept.", "march") stands for, or None."""
    return MONTHS.get(word.lower().rstrip("."))


def _plain(phrase: str, reference: dt.date, prefer_past: bool):
    """The date of a plain day-month-year phrase ("3 March 2024", "March 3, 2024", "March
    2024", "3 March", "March 3") exactly as dateparser reads it with our settings, without
    the milliseconds dateparser takes; NOT_PLAIN for any other phrase (dateparser reads it).
    Tests check the two readings agree."""
    words = phrase.replace(",", " ").split()
    shape = "".join(_kind(w) for w in words)
    if shape not in PLAIN_SHAPES:
        return NOT_PLAIN
    parts = dict(zip(shape, words, strict=True))
    month = month_of(parts["M"])
    day = int(parts.get("D", 1))
    if not 1 <= day <= calendar.monthrange(2001, month)[1]:  # 29 February: dateparser decides
        return NOT_PLAIN
    if "Y" in parts:
        return dt.date(int(parts["Y"]), month, day)
    this_year = dt.date(reference.year, month, day)
    return this_year.replace(year=reference.year - 1) if prefer_past and this_year > reference else this_year


PLAIN_SHAPES = {"DMY", "MDY", "MY", "DM", "MD"}


def _kind(word: str) -> str:
    """D: a day's number, Y: a year's, M: a month's name, ?: anything else."""
    if word.isascii() and word.isdigit():
        return {1: "D", 2: "D", 4: "Y"}.get(len(word), "?")
    return "M" if month_of(word) else "?"


@lru_cache(maxsize=65536)
def _parse(phrase: str, reference: dt.date, prefer_past: bool) -> dt.date | None:
    plain = _plain(phrase, reference, prefer_past)
    if plain is not NOT_PLAIN:
        return plain
    return _dateparser(phrase, reference, prefer_past)


def _dateparser(phrase: str, reference: dt.date, prefer_past: bool) -> dt.date | None:
    import dateparser  # deferred: importing dateparser costs ~0.5 s

    settings = dict(_SETTINGS_BASE)
    settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day, 12)
    if prefer_past:
        settings["PREFER_DATES_FROM"] = "past"
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
