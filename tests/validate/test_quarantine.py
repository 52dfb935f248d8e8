"""Rows that fail a pandera check are quarantined with the check and stage, never lost."""

from __future__ import annotations

import datetime as dt

from pipeline.validate.quarantine import validate_rows
from pipeline.validate.schemas import schema_for
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

VOCAB = load_vocabulary(DEFAULT_RULES_DIR)


def row(mid, **kw):
    base = {"mention_id": mid, "article_id": "a", "evidence": "Gunmen attacked.", "char_start": 0, "char_end": 16,
            "event_date": dt.date(2020, 1, 1), "year": 2020, "time_precision": 1, "event_type": "Battles",
            "sub_event_type": "Armed clash", "disorder_type": "Political violence", "fatalities": 3,
            "fatalities_low": 3, "fatalities_high": 3, "rule_ids": ["r"], "publication_date": dt.date(2020, 1, 2),
            "latitude": 1.0, "longitude": 2.0, "geo_precision": 1}
    base.update(kw)
    return base


def _validate(rows):
    return validate_rows(rows, "mentions", schema_for("mentions", VOCAB), "extract")


def test_valid_rows_pass_untouched():
    rows = [row("m1"), row("m2")]
    assert _validate(rows) == (rows, [])


def test_each_failing_row_is_quarantined_with_its_check():
    rows = [row("ok"), row("neg", fatalities=-1, fatalities_low=0), row("lat", latitude=123.0),
            row("future", event_date=dt.date(2021, 1, 1), year=2021),
            row("vocab", sub_event_type="Attack")]
    valid, quarantine = _validate(rows)
    assert [r["mention_id"] for r in valid] == ["ok"]
    by_key = {}
    for q in quarantine:
        by_key.setdefault(q["row_key"], []).append(q["check"])
        assert q["stage"] == "extract" and q["table"] == "mentions" and q["row"]
    assert any("greater_than_or_equal_to" in c for c in by_key["neg"])
    assert any("less_than_or_equal_to" in c for c in by_key["lat"])
    assert any("not_after_publication" in c for c in by_key["future"])
    assert any("event_type_in_vocabulary" in c for c in by_key["vocab"])


def test_articles_schema_requires_a_reason_for_rejections():
    arts = [{"article_id": "a", "source_file": "f", "title": None, "publication_date": None, "n_chars": 0,
             "status": "rejected", "reason": None}]
    valid, quarantine = validate_rows(arts, "articles", schema_for("articles", VOCAB), "ingest")
    assert valid == [] and "rejected_has_reason" in quarantine[0]["check"]


def _parquet_bytes(table, tmp_path, name):
    import pyarrow.parquet as pq

    path = tmp_path / name
    pq.write_table(table, path, compression="zstd", write_statistics=True)
    return path.read_bytes()


def test_valid_rows_carry_the_table_validation_built(tmp_path):
    from pipeline.tables import BuiltRows, to_arrow

    for rows in ([row("m1"), row("m2")], [row("ok"), row("lat", latitude=123.0), row("ok2", fatalities=None)]):
        valid, _ = _validate(rows)
        assert isinstance(valid, BuiltRows) and valid.arrow.num_rows == len(valid)
        fresh = to_arrow(list(valid), "mentions")  # a plain list: built anew
        assert to_arrow(valid, "mentions") is valid.arrow
        assert valid.arrow.equals(fresh)
        assert _parquet_bytes(valid.arrow, tmp_path, "kept") == _parquet_bytes(fresh, tmp_path, "fresh")


def test_carried_table_is_used_only_for_its_own_schema_and_rows():
    from pipeline.tables import BuiltRows, to_arrow

    valid, _ = _validate([row("m1"), row("m2")])
    assert to_arrow(valid, "mentions") is valid.arrow
    assert to_arrow(BuiltRows(valid[:1], "mentions", valid.arrow), "mentions").num_rows == 1  # rows changed: built anew
