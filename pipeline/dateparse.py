"""One cached entry point to dateparser for short date phrases.

dateparser is accurate but slow (milliseconds a call) and guesses on noise, so the
compiler only ever hands it short phrases that a rule already recognised as a date,
always in English, and memoises the answer: wire copy repeats the same phrases.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

_SETTINGS_BASE = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": [],
}


@lru_cache(maxsize=65536)
def parse_phrase(phrase: str, reference: dt.date | None, prefer_past: bool = True) -> dt.date | None:
    """Parse one date phrase; relative phrases resolve against `reference`."""
    import dateparser  # deferred: importing dateparser costs ~0.5 s

    settings = dict(_SETTINGS_BASE)
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day, 12)
    if prefer_past:
        settings["PREFER_DATES_FROM"] = "past"
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
