from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.ingest import read_inputs
from pipeline.ingest.cues import load_ingest_cues
from pipeline.ingest.pubdate import date_from_text, metadata_date, parse_metadata_date

CUES = load_ingest_cues().pubdate


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("Updated 19 November 2024\nFollow\n\nSEOUL: Talks resumed.", dt.date(2024, 11, 19), "updated-line"),
        ("BOGOTA, 24 SEP 89 (RADIO CADENA) -- [TEXT] GUERRILLAS ATTACKED A POST.", dt.date(1989, 9, 24), "dateline"),
        ("This story is from March 10, 2002\n\nahmedabad: curfew was relaxed.", dt.date(2002, 3, 10), "story-is-from"),
    ],
)
def test_publication_date_from_text(text, expected, rule):
    assert date_from_text(text, CUES) == (expected, rule)


def test_no_date_stays_unknown_never_today():
    assert date_from_text("Gunmen attacked a village on Friday.", CUES) == (None, None)


def test_a_kick_off_time_is_no_year():
    # A fixture line of a sports page: "1500" is the kick-off time, so the page has no dateline date.
    assert date_from_text("Lens v Lille\nStade Bollaert, Lens\nSunday, 12 March  1500 GMT\nRadio 5", CUES) == (None, None)


@pytest.mark.parametrize("value", [None, "", "nan", "NaT"])
def test_empty_metadata_is_no_date(value):
    assert parse_metadata_date(value) is None


def test_metadata_timestamp():
    assert parse_metadata_date("2024-02-03T10:00:00Z") == dt.date(2024, 2, 3)


def _read_one(tmp_path, publication_date: str):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "x", "publication_date": publication_date,
                             "text": "A bomb exploded near a market."}) + "\n", encoding="utf-8")
    records, report = read_inputs([p])
    return records[0], [(w["code"], "in.jsonl:1" in w["message"]) for w in report.warnings]


@pytest.mark.parametrize("value", ["yesterday", "Monday", "3 days ago", "last week", "March 3"])
def test_a_relative_metadata_date_is_refused_never_read_against_the_clock(value, tmp_path):
    record, warnings = _read_one(tmp_path, value)
    assert (record["publication_date"], warnings) == (None, [("E016", True)])
    assert metadata_date(value) == (None, "relative")


@pytest.mark.parametrize("value", ["2091-03-03", "3 March 2091"])
def test_a_future_metadata_date_is_refused(value, tmp_path):
    record, warnings = _read_one(tmp_path, value)
    assert (record["publication_date"], warnings) == (None, [("E017", True)])
    assert metadata_date(value) == (None, "future")


def test_a_stated_date_in_words_is_still_read():
    assert metadata_date("3 March 2024") == (dt.date(2024, 3, 3), None)


def test_a_relative_metadata_date_gives_way_to_the_dateline(tmp_path):
    p = tmp_path / "rel.jsonl"
    text = "KABUL, 12 May 2024 (Reuters) - A bomb exploded near a market."
    p.write_text(json.dumps({"id": "r1", "publication_date": "yesterday", "text": text}) + "\n", encoding="utf-8")
    records, report = read_inputs([p])
    assert records[0]["publication_date"] == dt.date(2024, 5, 12) and records[0]["pubdate_source"] == "dateline"
    assert [w["code"] for w in report.warnings] == ["E016"] and "rel.jsonl:1" in report.warnings[0]["message"]


def test_a_dateline_in_the_future_dates_nothing():
    assert date_from_text("KABUL, 12 May 2091 (Reuters) - A bomb exploded near a market.", CUES) == (None, None)
