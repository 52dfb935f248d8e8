from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.article import ArticleCues, _captions
from pipeline.extract.date_ranges import DateRangeCues, resolve_range, resolve_window
from pipeline.extract.dates import (
    DateCues,
    anaphora_offset,
    dateline_spans,
    day_first,
    is_end_bound,
    is_report_date,
    numeric_date,
    resolve,
)
from pipeline.extract.sentences import SentenceCues, split_sentences

SAT = dt.date(2024, 3, 23)  # a Saturday


@pytest.fixture(scope="module")
def cues(rulebook) -> DateCues:
    return rulebook.cue_set(DateCues)


@pytest.fixture(scope="module")
def range_cues(rulebook) -> DateRangeCues:
    return rulebook.cue_set(DateRangeCues)


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
def test_relative_dates_resolve_against_publication(phrase, mode, expected, cues):
    assert resolve(phrase, mode, 1, SAT, cues)[0] == expected


def test_absolute_dates_ignore_publication(cues):
    assert resolve("24 SEP 89", "absolute", 1, None, cues) == (dt.date(1989, 9, 24), 1)
    assert resolve("05/24/2016", "absolute", 1, None, cues) == (dt.date(2016, 5, 24), 1)


def test_relative_date_without_publication_is_unknown(cues):
    assert resolve("Friday", "weekday", 1, None, cues) is None
    assert resolve("14 March", "relative", 1, None, cues) is None


def test_weekday_with_month_day_gives_the_year(cues):
    # Thursday 3 August fell in 2023; the article's latest mentioned year (2022) anchors the search.
    assert resolve("Thursday August 3", "relative", 1, None, cues, context_year=2022) == (dt.date(2023, 8, 3), 1)


def test_year_reference_places_a_day_and_month(cues):
    assert resolve("January 28", "relative", 1, None, cues, year_reference=dt.date(2025, 1, 20))[0] == dt.date(2024, 1, 28)


def test_month_and_year_precisions(cues):
    assert resolve("September 2004", "month", 3, None, cues) == (dt.date(2004, 9, 1), 3)
    assert resolve("in 2002", "year", 4, None, cues) == (dt.date(2002, 1, 1), 4)


def test_a_day_and_month_soon_after_publication_is_still_to_come(cues):
    # "a strike on 1 November" in an article of 30 October is not last year's 1 November.
    assert resolve("1 November", "relative", 1, dt.date(2024, 10, 30), cues) is None
    assert resolve("28 December", "relative", 1, dt.date(2024, 1, 4), cues)[0] == dt.date(2023, 12, 28)


def test_a_range_still_to_come_is_not_moved_to_last_year(range_cues):
    assert resolve_range("talks on 16 and 17 October", dt.date(2024, 10, 10), range_cues) is None
    assert resolve_range("fighting from 2 to 4 October", dt.date(2024, 10, 10), range_cues) == (dt.date(2024, 10, 2), dt.date(2024, 10, 4))


def test_dateline_and_signature_dates_are_found():
    text = "QUITO, 3 JUN 91 (EFE) -- [TEXT] A BOMB WENT OFF.\n   THE COMMAND, 2 JUNE 1991\n"
    assert [text[s:e] for s, e in dateline_spans(text)] == ["3 JUN 91", "2 JUNE 1991"]
    assert dateline_spans("On 3 June 2021, a bomb went off in Quito.") == []


def test_span_ends_and_report_days_are_recognised(cues):
    text = "The siege lasted until 9 October. Police said today that a mine exploded, killing a boy today."
    assert is_end_bound(text, text.index("9 October"), cues)
    said = text.index("today")
    assert is_report_date(text, said, said + 5, cues)
    killed = text.rindex("today")
    assert not is_report_date(text, killed, killed + 5, cues)


def _dates(extractor, text, pub):
    return [m["event_date"] for m in extractor.extract("t", text, pub).mentions]


# One article each: the event date(s) its mentions carry. Each case names the dating habit it pins down.
ARTICLE_DATES = [
    pytest.param("LIMA, 9 MAR 91 (EFE) -- [TEXT] LAST NIGHT REBELS BLEW UP A BRIDGE NEAR HUANTA, KILLING TWO GUARDS.",
                 dt.date(1991, 3, 9), [dt.date(1991, 3, 8)], id="a-dateline-does-not-date-the-event"),
    pytest.param("Gunmen killed four traders in a market near Gao on Thursday.\n\n"
                 "Residents said a second group of attackers killed two herders nearby on Wednesday night.",
                 dt.date(2024, 5, 10), [dt.date(2024, 5, 9)], id="the-lead-date-stands-against-a-neighbouring-day-later"),
    pytest.param("On 2 April 2021, militants attacked Palma, Cabo Delgado. The fighting lasted until 6 April 2021.",
                 None, [dt.date(2021, 4, 2)], id="a-span-end-dates-nothing"),
    pytest.param("Officials confirmed on Friday that a bomb killed three soldiers near Kandahar on 12 March.",
                 dt.date(2024, 3, 16), [dt.date(2024, 3, 12)], id="a-report-day-dates-nothing"),
    pytest.param("A landmine killed two deminers near Kismayo on Monday, 6 May, the agency reported.",
                 dt.date(2024, 5, 15), [dt.date(2024, 5, 6)], id="a-calendar-date-outranks-a-weekday-in-its-sentence"),
    pytest.param("Raiders stole cattle and killed a herder in Baringo on 05/04/2018. "
                 "Police recovered the cattle on 19/04/2018.",
                 None, [dt.date(2018, 4, 5)], id="day-first-numeric-dates-in-an-article"),
    pytest.param("05/00/2019: Sometime between May 10, 2019 and May 16, 2019, assailants burned a school in Kumba, Cameroon.",
                 None, [dt.date(2019, 5, 13)], id="an-uncertain-window-outranks-a-month-only-numeric-date"),
    # The second sentence's own month ("in June 2020") qualifies an older protest, not the detention.
    pytest.param("On 14 October 2021, traders marched against a tax in Kumasi. "
                 "Police detained their leader on the same day over a protest he led in June 2020.",
                 None, [dt.date(2021, 10, 14)], id="an-anaphoric-day-takes-the-date-told-before-it"),
    pytest.param("Rebels burned a clinic near Beni the following day, killing two nurses.",
                 dt.date(2024, 3, 23), [dt.date(2024, 3, 23)],  # the publication fallback
                 id="an-anaphoric-day-with-nothing-before-it-dates-nothing"),
    pytest.param("Rebels ambushed a patrol near Usulutan on 18 December, 18 of the soldiers were killed.",
                 dt.date(1989, 12, 20), [dt.date(1989, 12, 18)], id="a-count-after-a-day-and-month-is-no-year"),
    pytest.param("Troops killed 12 rebels near Chalatenango today. Rebels vowed to attack the capital by 15 February 1990.",
                 dt.date(1989, 12, 9), [dt.date(1989, 12, 9)], id="a-full-date-after-publication-dates-no-event"),
]


@pytest.mark.parametrize(("text", "publication", "expected"), ARTICLE_DATES)
def test_article_event_dates(extractor, text, publication, expected):
    assert _dates(extractor, text, publication) == expected


def test_a_photo_caption_yields_to_the_earlier_day_it_shows(extractor):
    # The caption (its credit hung on the next sentence by the splitter) comes first, carries a
    # trigger and the day the photo was taken; the report's own sentence dates the attack.
    text = ("Smoke rises over a fuel depot in Goma after militiamen shelled it on July 4, 2024. (AFP)\n"
            "Militiamen shelled the fuel depot in Goma on July 3, 2024, killing five guards, the governor said.\n")
    assert _captions(text, split_sentences(text, extractor.book.cue_set(SentenceCues)), extractor.book.cue_set(ArticleCues)) == {0}
    assert _dates(extractor, text, dt.date(2024, 7, 6))[0] == dt.date(2024, 7, 3)


def test_a_gallery_of_captions_is_recognised(rulebook):
    text = "Rescuers dig in the rubble. (Reuters)\nA boy waits outside a clinic. (AFP)\nThe town was shelled at dawn.\n"
    spans = split_sentences(text, rulebook.cue_set(SentenceCues))
    caps = _captions(text, spans, rulebook.cue_set(ArticleCues))
    assert all(i in caps for i, (s, e) in enumerate(spans) if "Rescuers" in text[s:e] or "boy" in text[s:e])
    assert not any(i in caps for i, (s, e) in enumerate(spans) if "shelled" in text[s:e])


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last Friday", dt.date(2024, 3, 22)),
        ("last Saturday", dt.date(2024, 3, 16)),  # in Saturday's paper: a week ago
        ("Wednesday last week", dt.date(2024, 3, 13)),
        ("Monday of last week", dt.date(2024, 3, 11)),
    ],
)
def test_a_weekday_with_a_relative_word(phrase, expected, cues):
    assert resolve(phrase, "weekday", 1, SAT, cues) == (expected, 1)


def test_a_weekday_still_to_come_dates_nothing(cues):
    assert resolve("next Tuesday", "weekday", 1, SAT, cues) is None
    assert resolve("this coming Sunday", "weekday", 1, SAT, cues) is None


def test_a_day_reported_late_or_early_is_a_report_date(cues):
    text = "The army said late on Monday that rebels had burned a clinic near Beni on Sunday."
    monday = text.index("Monday")
    assert is_report_date(text, monday, monday + 6, cues)
    sunday = text.index("Sunday")
    assert not is_report_date(text, sunday, sunday + 6, cues)


def test_numeric_dates_follow_the_texts_own_order():
    assert day_first("Clashes on 14/06/2019 and 02/07/2019 in Isiolo.")
    assert not day_first("Clashes on 06/14/2019 and 07/02/2019 in Isiolo.")
    assert not day_first("Clashes on 06/07/2019 in Isiolo.")  # nothing decides: US order
    assert numeric_date("02/07/2019", first_is_day=True) == (dt.date(2019, 7, 2), 1)
    assert numeric_date("02/07/2019") == (dt.date(2019, 2, 7), 1)
    assert numeric_date("21/03/2018") == (dt.date(2018, 3, 21), 1)  # 21 cannot be a month
    assert numeric_date("2018-03-21") == (dt.date(2018, 3, 21), 1)


def test_a_numeric_date_with_day_00_knows_only_the_month(cues):
    assert resolve("09/00/2017", "absolute", 1, None, cues) == (dt.date(2017, 9, 1), 3)


def test_an_uncertain_window_is_dated_to_its_middle(range_cues):
    assert resolve_window("Sometime between 10 and 16 May 2019", None, range_cues) == (dt.date(2019, 5, 13), 2)
    assert resolve_window("sometime between April 20, 2018 and May 9, 2018", None, range_cues) == (dt.date(2018, 4, 29), 3)
    assert resolve_window("sometime between November 28 and December 4, 2017", None, range_cues) == (dt.date(2017, 12, 1), 2)
    assert resolve_window("sometime between December 28, 2016 and January 3, 2017", None, range_cues) == (dt.date(2016, 12, 31), 2)
    assert resolve_window("sometime between 3 and 9 March", None, range_cues) is None  # no year, no publication date
    assert resolve_window("sometime between 3 and 9 March", SAT, range_cues) == (dt.date(2024, 3, 6), 2)


@pytest.mark.parametrize(
    ("phrase", "offset"),
    [("on the same day", 0), ("later that day", 0), ("the following day", 1), ("a day later", 1),
     ("the previous day", -1), ("in March", None)],
)
def test_anaphoric_days_count_from_the_date_before(phrase, offset, cues):
    assert anaphora_offset(phrase, cues) == offset




def test_each_resolved_date_names_its_anchor(cues):
    assert resolve("Friday", "weekday", 1, SAT, cues).anchor == "publication date 2024-03-23"
    assert resolve("14 March", "relative", 1, SAT, cues).anchor == "publication date 2024-03-23"
    assert resolve("3 May 2020", "absolute", 1, None, cues).anchor == "the phrase's own year"
    assert resolve("September 2004", "month", 3, None, cues).anchor == "the phrase's own year"
    thursday = resolve("Thursday August 3", "relative", 1, None, cues, context_year=2022)
    assert thursday == (dt.date(2023, 8, 3), 1) and thursday.anchor.startswith("year in the text 2022")
    office = resolve("January 28", "relative", 1, None, cues, year_reference=dt.date(2025, 1, 20))
    assert office.anchor.startswith("office-holder in the text")


@pytest.mark.parametrize(
    ("phrase", "pub", "context_year", "expected"),
    [
        ("Sunday [7 June]", None, 2011, dt.date(2015, 6, 7)),  # the first year from the text's on which 7 June is a Sunday
        ("Sunday, 7 June", dt.date(2015, 6, 9), None, dt.date(2015, 6, 7)),
        ("Sunday 7 June", None, None, None),  # no year anywhere: the weekday alone cannot pick one
        ("Monday, 7 June", dt.date(2015, 6, 9), None, None),  # fits neither this year nor last: the day and month decide
    ],
)
def test_a_weekday_with_day_and_month_fixes_the_year(phrase, pub, context_year, expected, cues):
    r = resolve(phrase, "relative", 1, pub, cues, context_year=context_year)
    assert (r[0] if r else None) == expected


def test_a_year_beside_a_day_that_cannot_be_placed_is_background(extractor):
    text = "On May 10, nurses in Ouagadougou staged a sit-in over pay promised back in 2017."
    result = extractor.extract("t", text, None)
    assert len(result.mentions) == 1 and result.mentions[0]["event_date"] is None
    # With a publication date the day is placed and the year stays a reference to the past.
    result = extractor.extract("t", text, dt.date(2019, 5, 12))
    assert result.mentions[0]["event_date"] == dt.date(2019, 5, 10)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Around 6 May 2021, militants burned a school near Djibo.", 2),
        ("As reported on 6 May 2021, militants burned a school near Djibo.", 2),
        ("On 6 May 2021 (as reported), militants burned a school near Djibo.", 2),
        ("On 6 May 2021, around 40 militants burned a school near Djibo.", 1),  # "around" counts people, not days
        ("On 6 May 2021, militants burned a school near Djibo.", 1),
    ],
)
def test_an_approximate_day_gets_week_precision(text, precision, extractor):
    mention = extractor.extract("t", text, None).mentions[0]
    assert mention["event_date"] == dt.date(2021, 5, 6) and mention["time_precision"] == precision
