"""Rows held as Arrow come back as the dicts they were, missing keys and all."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from pipeline.arrow_rows import ArrowRows, as_table
from pipeline.tables import to_arrow


def _rows():
    # As extraction makes them: no admin3, notes, source_scale, tags or timestamp key.
    full = {"mention_id": "a#m1", "article_id": "a", "event_date": dt.date(2024, 3, 1), "latitude": 9.05,
            "fatalities": 3, "rule_ids": ["r1", "r2"], "background": False, "admin3": None}
    lean = {"mention_id": "b#m1", "article_id": "b", "event_date": None, "latitude": None, "fatalities": 0,
            "rule_ids": []}
    return [full, lean, dict(full, mention_id="c#m1")]


def test_rows_come_back_as_they_were_added():
    rows = _rows()
    held = ArrowRows("mentions")
    held.add(rows[:2])
    held.add(rows[2:])
    t = held.arrow()
    assert len(held) == 3 and t.equals(to_arrow(rows, "mentions"))
    back = [held.row_of(t)(i) for i in range(3)]
    assert back == rows
    assert "admin3" in back[0] and "admin3" not in back[1]  # a key given as None stays; one never given does not


def test_rows_come_back_from_a_copy_of_the_table_in_the_same_order():
    rows = _rows()
    held = ArrowRows("mentions")
    held.add(rows)
    copy = held.arrow().combine_chunks()
    assert held.row_of(copy)(1) == rows[1]


def test_as_table_takes_rows_a_table_or_held_rows():
    rows = _rows()
    t, row_of = as_table(rows, "mentions")
    assert t.equals(to_arrow(rows, "mentions")) and row_of(1) is rows[1]
    t2, row_of2 = as_table(t, "mentions")
    assert t2 is t and row_of2(1) == t.to_pylist()[1]
    empty, _ = as_table(ArrowRows("mentions"), "mentions")
    assert isinstance(empty, pa.Table) and empty.num_rows == 0
