"""Plain day-month-year phrases are read without dateparser, and read exactly as it would."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import dateparse
from pipeline.dateparse import NOT_PLAIN, parse_phrase

REFERENCES = (dt.date(2024, 3, 3), dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2019, 7, 15))
MONTH_WORDS = ("January", "February", "Mar", "April", "May", "Jun", "July", "Aug.", "Sept", "October", "Nov",
               "December")


def _phrases():
    for month in MONTH_WORDS:
        for day in (1, 3, 15, 30, 31):
            yield from (f"{day} {month} 2021", f"{month} {day}, 2021", f"{day} {month}", f"{month} {day}")
        yield f"{month} 2021"


@pytest.mark.parametrize("reference", REFERENCES)
def test_plain_phrases_read_as_dateparser_reads_them(reference):
    checked = 0
    for phrase in _phrases():
        for prefer_past in (True, False):
            fast = dateparse._plain(phrase, reference, prefer_past)
            if fast is NOT_PLAIN:
                continue
            checked += 1
            assert fast == dateparse._dateparser(phrase, reference, prefer_past), (phrase, reference, prefer_past)
    assert checked > 300


def test_the_day_of_publication_itself_is_not_last_year():
    assert parse_phrase("3 March", dt.date(2024, 3, 3)) == dt.date(2024, 3, 3)
    assert parse_phrase("4 March", dt.date(2024, 3, 3)) == dt.date(2023, 3, 4)


@pytest.mark.parametrize("phrase", ["yesterday", "last Friday", "31 February 2021", "29 February", "3rd March 2021",
                                    "3 March 2021 and 4 March", "March 2021 12", "١٢ March 2021"])
def test_anything_else_is_left_to_dateparser(phrase):
    assert dateparse._plain(phrase, dt.date(2024, 3, 3), True) is NOT_PLAIN


def test_a_phrase_without_its_year_needs_a_reference():
    assert parse_phrase("3 March", None) is None
    assert parse_phrase("3 March 2021", None) == dt.date(2021, 3, 3)
    assert parse_phrase("March 2021", None) == dt.date(2021, 3, 1)
