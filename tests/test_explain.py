"""`explain` shows, for each date phrase, the date it gives, its ACLED precision and the
anchor it was resolved against, or why it dates nothing; and which phrase dated each mention."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.explain import explain, precision_label

SAT = dt.date(2024, 3, 23)  # a Saturday


def _date_lines(out: str) -> list[str]:
    block = out.split("dates (phrase -> date, precision, anchor):\n", 1)[1]
    return block.split("\n\n", 1)[0].splitlines()


def test_a_weekday_is_anchored_to_the_publication_date(extractor):
    out = explain(extractor, "Gunmen shot dead a shopkeeper in Kidal, Mali, on Friday.", SAT)
    assert "  s1 'Friday' -> 2024-03-22, precision 1 (day), anchor: publication date 2024-03-23" in _date_lines(out)
    assert "dated by         'Friday' (s1, weekday), anchor: publication date 2024-03-23" in out


def test_a_stated_date_is_anchored_to_its_own_year(extractor):
    out = explain(extractor, "On 9 June 2021, soldiers clashed with rebels near Beni, killing four fighters.", None)
    assert any("'9 June 2021' -> 2021-06-09, precision 1 (day), anchor: the phrase's own year" in line
               for line in _date_lines(out))


def test_a_month_gives_month_precision(extractor):
    out = explain(extractor, "In October 2019, militants burned a school in the village of Djibo.", None)
    assert any("-> 2019-10-01, precision 3 (month)" in line for line in _date_lines(out))


def test_a_week_phrase_gives_week_precision(extractor):
    out = explain(extractor, "Last week, gunmen kidnapped a priest in Kaduna.", SAT)
    assert any("'Last week' -> 2024-03-16, precision 2 (week), anchor: publication date 2024-03-23" in line
               for line in _date_lines(out))


def test_a_weekday_with_its_day_is_anchored_to_a_year_in_the_text(extractor):
    text = "Protests over fuel prices that began in 2021 went on. On Thursday August 3, police shot dead a student in Kano."
    out = explain(extractor, text, None)
    assert any("'Thursday August 3' -> 2023-08-03, precision 1 (day), anchor: year in the text 2021" in line
               for line in _date_lines(out))


def test_an_anaphora_is_anchored_to_the_date_before_it(extractor):
    text = "On 4 May 2022, rebels raided a camp near Goma. On the following day, they burned a church there."
    out = explain(extractor, text, None)
    assert any("'On the following day' -> 2022-05-05, precision 1 (day), anchor: previous date '4 May 2022'" in line
               for line in _date_lines(out))


def test_a_phrase_that_dates_nothing_says_why(extractor):
    out = explain(extractor, "Gunmen shot dead a shopkeeper in Kidal, Mali, on Friday.", None)
    assert any("'Friday' -> no date: nothing to resolve it against" in line for line in _date_lines(out))
    out = explain(extractor, "Police said today that gunmen shot dead a shopkeeper in Kidal on 3 March.", SAT)
    assert any("'today' -> no date: the day of a report" in line for line in _date_lines(out))


def test_the_publication_date_fallback_is_named(extractor):
    out = explain(extractor, "Gunmen shot dead a shopkeeper in Kidal, Mali.", SAT)
    assert "dated by         publication-date-fallback, anchor: publication date 2024-03-23" in out


def test_json_gives_each_date_its_anchor_and_each_mention_its_dating(extractor):
    out = json.loads(explain(extractor, "Gunmen shot dead a shopkeeper in Kidal, Mali, on Friday.", SAT, as_json=True))
    dates = [h for h in out["hits"] if h["kind"] == "date"]
    assert dates[0]["sets"] == {"date": "2024-03-22", "precision": "1 (day)", "anchor": "publication date 2024-03-23"}
    assert out["mentions"][0]["dated_by"]["phrase"] == "Friday"


@pytest.mark.parametrize(("precision", "label"), [(1, "1 (day)"), (2, "2 (week)"), (3, "3 (month)"), (4, "4 (year)"), (None, "None")])
def test_precision_labels_follow_acled(precision, label):
    assert precision_label(precision) == label
