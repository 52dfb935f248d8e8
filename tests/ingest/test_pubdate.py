from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.pubdate import date_from_text, parse_metadata_date


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("Updated 19 November 2024\nFollow\n\nSEOUL: Talks resumed.", dt.date(2024, 11, 19), "updated-line"),
        ("BOGOTA, 24 SEP 89 (RADIO CADENA) -- [TEXT] GUERRILLAS ATTACKED A POST.", dt.date(1989, 9, 24), "dateline"),
        ("This story is from March 10, 2002\n\nahmedabad: curfew was relaxed.", dt.date(2002, 3, 10), "story-is-from"),
    ],
)
def test_publication_date_from_text(text, expected, rule):
    assert date_from_text(text) == (expected, rule)


def test_no_date_stays_unknown_never_today():
    assert date_from_text("Gunmen attacked a village on Friday.") == (None, None)


def test_a_kick_off_time_is_no_year():
    # A fixture line of a sports page: "1500" is the kick-off time, so the page has no dateline date.
    assert date_from_text("Lens v Lille\nStade Bollaert, Lens\nSunday, 12 March  1500 GMT\nRadio 5") == (None, None)


@pytest.mark.parametrize("value", [None, "", "nan", "NaT"])
def test_empty_metadata_is_no_date(value):
    assert parse_metadata_date(value) is None


def test_metadata_timestamp():
    assert parse_metadata_date("2024-02-03T10:00:00Z") == dt.date(2024, 2, 3)
