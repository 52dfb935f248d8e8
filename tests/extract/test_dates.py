from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.date_ranges import resolve_range
from pipeline.extract.dates import dateline_spans, is_end_bound, is_report_date, resolve

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


def test_a_day_and_month_soon_after_publication_is_still_to_come():
    # "a strike on 1 November" in an article of 30 October is not last year's 1 November.
    assert resolve("1 November", "relative", 1, dt.date(2024, 10, 30)) is None
    assert resolve("28 December", "relative", 1, dt.date(2024, 1, 4))[0] == dt.date(2023, 12, 28)


def test_a_range_still_to_come_is_not_moved_to_last_year():
    assert resolve_range("talks on 16 and 17 October", dt.date(2024, 10, 10)) is None
    assert resolve_range("fighting from 2 to 4 October", dt.date(2024, 10, 10)) == (dt.date(2024, 10, 2), dt.date(2024, 10, 4))


def test_dateline_and_signature_dates_are_found():
    text = "QUITO, 3 JUN 91 (EFE) -- [TEXT] A BOMB WENT OFF.\n   THE COMMAND, 2 JUNE 1991\n"
    assert [text[s:e] for s, e in dateline_spans(text)] == ["3 JUN 91", "2 JUNE 1991"]
    assert dateline_spans("On 3 June 2021, a bomb went off in Quito.") == []


def test_span_ends_and_report_days_are_recognised():
    text = "The siege lasted until 9 October. Police said today that a mine exploded, killing a boy today."
    assert is_end_bound(text, text.index("9 October"))
    said = text.index("today")
    assert is_report_date(text, said, said + 5)
    killed = text.rindex("today")
    assert not is_report_date(text, killed, killed + 5)


def _dates(extractor, text, pub):
    return [m["event_date"] for m in extractor.extract("t", text, pub).mentions]


def test_a_dateline_does_not_date_the_event(extractor):
    text = "LIMA, 9 MAR 91 (EFE) -- [TEXT] LAST NIGHT REBELS BLEW UP A BRIDGE NEAR HUANTA, KILLING TWO GUARDS."
    assert _dates(extractor, text, dt.date(1991, 3, 9))[0] == dt.date(1991, 3, 8)


def test_the_lead_date_stands_against_a_neighbouring_day_later(extractor):
    text = ("Gunmen killed four traders in a market near Gao on Thursday.\n\n"
            "Residents said a second group of attackers killed two herders nearby on Wednesday night.")
    assert _dates(extractor, text, dt.date(2024, 5, 10))[0] == dt.date(2024, 5, 9)


def test_a_span_end_and_a_report_day_date_nothing(extractor):
    text = "On 2 April 2021, militants attacked Palma, Cabo Delgado. The fighting lasted until 6 April 2021."
    assert _dates(extractor, text, None)[0] == dt.date(2021, 4, 2)
    text = "Officials confirmed on Friday that a bomb killed three soldiers near Kandahar on 12 March."
    assert _dates(extractor, text, dt.date(2024, 3, 16))[0] == dt.date(2024, 3, 12)


def test_a_calendar_date_outranks_a_weekday_in_its_sentence(extractor):
    text = "A landmine killed two deminers near Kismayo on Monday, 6 May, the agency reported."
    assert _dates(extractor, text, dt.date(2024, 5, 15))[0] == dt.date(2024, 5, 6)


def test_a_photo_caption_yields_to_the_earlier_day_it_shows(extractor):
    text = ("Mourners gather at the market in Bamako on June 9, 2024. (AFP)\n"
            "Gunmen opened fire at the market in Bamako on June 8, 2024, killing 12 traders. (REUTERS)\n")
    assert _dates(extractor, text, dt.date(2024, 6, 10))[0] == dt.date(2024, 6, 8)
