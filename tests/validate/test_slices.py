"""Checking a table a slice at a time finds what checking it whole finds."""

from __future__ import annotations

import datetime as dt

from pipeline.tables import arrow_to_frame, to_arrow
from pipeline.validate.schemas import schema_for
from pipeline.validate.slices import SchemaErrors, duplicates, failure_cases
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary
from tests.validate.test_quarantine import row

VOCAB = load_vocabulary(DEFAULT_RULES_DIR)


def _key(f: dict) -> tuple:
    return int(f["index"]), str(f["check"]), str(f["column"]), str(f["failure_case"])


def _whole(t, schema) -> list[dict]:
    try:
        schema.validate(arrow_to_frame(t), lazy=True)
        return []
    except SchemaErrors as exc:
        return exc.failure_cases.to_dict("records")


def test_slices_find_the_failures_of_the_whole_table_duplicates_across_slices_included():
    # m1 repeats in the first and the last slice of 3 rows; m5 fails a row check in the second slice.
    rows = [row("m1"), row("m2"), row("m3"), row("m4"), row("m5", fatalities=-1, fatalities_low=0),
            row("m6", latitude=123.0), row("m1")]
    t, schema = to_arrow(rows, "mentions"), schema_for("mentions", VOCAB)
    whole = sorted(map(_key, _whole(t, schema)))
    assert (0, "field_uniqueness", "mention_id", "m1") in whole and (6, "field_uniqueness", "mention_id", "m1") in whole
    assert sorted(map(_key, failure_cases(t, schema, slice_rows=3))) == whole


def test_duplicates_names_every_row_of_a_repeated_value_and_nothing_else():
    t = to_arrow([row("a"), row("b"), row("a"), row("c"), row("a")], "mentions")
    assert [(f["index"], f["failure_case"]) for f in duplicates(t, "mention_id")] == [(0, "a"), (2, "a"), (4, "a")]
    assert duplicates(to_arrow([row("a"), row("b")], "mentions"), "mention_id") == []


def test_a_clean_table_has_no_failures_whatever_the_slice():
    rows = [row(f"m{i}", event_date=dt.date(2019, 12, 1 + i)) for i in range(10)]
    assert failure_cases(to_arrow(rows, "mentions"), schema_for("mentions", VOCAB), slice_rows=4) == []


def test_duplicates_are_found_across_the_sorting_s_slices_nulls_as_one_value(monkeypatch):
    import pyarrow as pa

    from pipeline.validate import slices

    monkeypatch.setattr(slices, "SLICE_ROWS", 2)
    t = pa.table({"mention_id": pa.chunked_array([["b", "a", None], ["c", "a", None, "d", "b", "e"]])})
    found = [(f["index"], f["failure_case"]) for f in duplicates(t, "mention_id")]
    assert found == [(0, "b"), (1, "a"), (2, None), (4, "a"), (5, None), (7, "b")]
    assert duplicates(pa.table({"mention_id": ["x"]}), "mention_id") == []
