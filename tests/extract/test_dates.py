from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import resolve

SAT = dt.date(2024, 3, 23)  # a Saturday


@pytest.mark.parametrize(
    ("phrase", "mode", "expected"),
    [
        ("Friday", "weekday", dt.date(2024, 3, 22)),
        ("Saturday", "weekday", SAT),  # "on Saturday" in Saturday's paper is today
        ("Sunday", "weekday", dt.date(2024, 3, 17)),
        ("yesterday", "relative", dt.date(2024, 3, 22)),
        ("14 March", "relative", dt.date(2024, 3, 14)),
        ("December 28", "relative", dt.date(2023, 12, 28)),  # never after publication
        ("mid-October", "relative", dt.date(2023, 10, 15)),
        ("in January", "relative", dt.date(2024, 1, 1)),
    ],
)
def test_relative_dates_resolve_against_publication(phrase, mode, expected):
    assert resolve(phrase, mode, 1, SAT)[0] == expected


def test_absolute_dates_ignore_publication():
    assert resolve("24 SEP 89", "absolute", 1, None) == (dt.date(1989, 9, 24), 1)
    assert resolve("05/24/2016", "absolute", 1, None) == (dt.date(2016, 5, 24), 1)


def test_relative_date_without_publication_is_unknown():
    assert resolve("Friday", "weekday", 1, None) is None
    assert resolve("14 March", "relative", 1, None) is None


def test_weekday_with_month_day_gives_the_year():
    # Thursday 3 August fell in 2023; the article's latest mentioned year (2022) anchors the search.
    assert resolve("Thursday August 3", "relative", 1, None, context_year=2022) == (dt.date(2023, 8, 3), 1)


def test_year_reference_places_a_day_and_month():
    assert resolve("January 28", "relative", 1, None, year_reference=dt.date(2025, 1, 20))[0] == dt.date(2024, 1, 28)


def test_month_and_year_precisions():
    assert resolve("September 2004", "month", 3, None) == (dt.date(2004, 9, 1), 3)
    assert resolve("in 2002", "year", 4, None) == (dt.date(2002, 1, 1), 4)
