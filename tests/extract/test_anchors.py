"""Office-holders named with their title bound when an undated text was written, unless the
words before the title (rules/vocab/office_holders.yaml, `not_current`) say they left office."""

from __future__ import annotations

import datetime as dt

from pipeline.extract.anchors import TimeAnchors


def test_a_serving_office_holder_bounds_the_text(rulebook):
    window = TimeAnchors(rulebook.vocab).window("President Barack Obama visited the flooded district.")
    assert window == (dt.date(2009, 1, 20), dt.date(2017, 1, 20))


def test_a_former_office_holder_dates_nothing(rulebook):
    anchors = TimeAnchors(rulebook.vocab)
    for text in ("Former President Barack Obama visited the district.", "The ex-President Obama spoke."):
        assert anchors.window(text) == (None, None)
