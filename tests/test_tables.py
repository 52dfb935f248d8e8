"""Typed tables and their streamed form: batches in, the same bytes out."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest

from pipeline import tables
from pipeline.tables import RowWriter, iter_row_batches, read_rows, write_parquet


def _articles(n: int) -> list[dict]:
    return [{"article_id": f"a{i}", "source_file": "feed.jsonl", "source_line": i + 1, "title": f"Story {i}",
             "publication_date": dt.date(2024, 3, 1 + i % 28), "n_chars": 10 * i, "status": None,
             "text": f"Story number {i}."} for i in range(n)]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(tables, "BATCH_ROWS", 4)


def test_rows_written_in_any_chunks_give_the_same_bytes(tmp_path, small_batches):
    rows = _articles(11)
    with RowWriter("articles_stage", tmp_path / "whole.parquet") as w:
        w.write(rows)
    with RowWriter("articles_stage", tmp_path / "pieces.parquet") as w:
        for chunk in (rows[:1], rows[1:6], [], rows[6:]):
            w.write(chunk)
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "pieces.parquet").read_bytes()
    assert pq.ParquetFile(tmp_path / "whole.parquet").num_row_groups == 3  # 4 + 4 + 3
    assert w.rows_written == 11


def test_streamed_batches_read_back_every_row_in_order(tmp_path, small_batches):
    rows = _articles(9)
    with RowWriter("articles_stage", tmp_path / "a.parquet") as w:
        w.write(rows)
    batches = list(iter_row_batches(tmp_path / "a.parquet"))
    assert [len(b) for b in batches] == [4, 4, 1]
    assert [r["article_id"] for b in batches for r in b] == [r["article_id"] for r in rows]
    assert batches[0][0]["publication_date"] == dt.date(2024, 3, 1)  # types survive the round trip
    no_text = read_rows(tmp_path / "a.parquet", columns=["article_id", "status"])
    assert set(no_text[0]) == {"article_id", "status"}


def test_an_empty_stream_still_writes_a_typed_table(tmp_path):
    with RowWriter("mentions", tmp_path / "m.parquet"):
        pass
    t = pq.read_table(tmp_path / "m.parquet")
    assert t.num_rows == 0 and t.schema == tables.SCHEMAS["mentions"]


def test_a_failed_stream_leaves_no_table_behind(tmp_path, small_batches):
    path = tmp_path / "a.parquet"
    with pytest.raises(RuntimeError), RowWriter("articles_stage", path) as w:
        w.write(_articles(6))
        raise RuntimeError("extraction failed part-way")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_stream_or_write_leaves_the_previous_table_whole(tmp_path, small_batches, monkeypatch):
    path = tmp_path / "a.parquet"
    write_parquet(_articles(3), "articles_stage", path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError), RowWriter("articles_stage", path) as w:
        w.write(_articles(6))  # a row group is already on disk, beside the table
        raise RuntimeError("killed part-way")
    assert path.read_bytes() == before

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tables.pq, "write_table", disk_full)
    with pytest.raises(OSError):
        write_parquet(_articles(5), "articles_stage", path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet"]


def test_a_streamed_table_holds_the_same_rows_as_one_written_whole(tmp_path, small_batches):
    rows = _articles(10)
    write_parquet(rows, "articles_stage", tmp_path / "whole.parquet")
    with RowWriter("articles_stage", tmp_path / "streamed.parquet") as w:
        w.write(rows)
    assert read_rows(tmp_path / "whole.parquet") == read_rows(tmp_path / "streamed.parquet")


@pytest.mark.parametrize("table", sorted(tables.SCHEMAS))
def test_to_arrow_gives_what_a_column_by_column_get_gives(table):
    # The reference is the column-by-column form to_arrow had before it used from_pylist.
    import pyarrow as pa

    schema = tables.SCHEMAS[table]
    rows = [{}, {"unknown_key": 1}, {f.name: _sample_value(f.type) for f in schema}, {schema.names[0]: None}]
    for chosen in ([], rows):
        reference = pa.Table.from_pydict({f.name: [r.get(f.name) for r in chosen] for f in schema}, schema=schema)
        got = tables.to_arrow(chosen, table)
        assert got.equals(reference) and got.schema == reference.schema
        assert [c.num_chunks for c in got.columns] == [c.num_chunks for c in reference.columns]
        # ... and what from_pylist, which it used before gathering a row at a time, gives.
        assert got.equals(pa.Table.from_pylist(chosen, schema=schema))


def _sample_value(arrow_type):
    import pyarrow as pa

    return {pa.string(): "x", pa.int64(): 3, pa.float64(): 1.5, pa.date32(): dt.date(2024, 3, 1),
            pa.bool_(): True, pa.list_(pa.string()): ["a", "b"]}[arrow_type]


def test_read_table_gives_the_table_s_own_schema_back(tmp_path):
    from pipeline.tables import SCHEMAS, read_table, write_parquet

    rows = [{"mention_id": "m1", "article_id": "a", "rule_ids": ["r1", "r2"]}]
    write_parquet(rows, "mentions", tmp_path / "m.parquet")
    t = read_table(tmp_path / "m.parquet", "mentions")
    assert t.schema.to_string() == SCHEMAS["mentions"].to_string()  # list<item: string>, not <element: ...>
    assert t.to_pylist()[0]["rule_ids"] == ["r1", "r2"]


def test_table_rows_are_to_pylist():
    import datetime as dt

    from pipeline.tables import table_rows, to_arrow

    rows = [{"mention_id": "m1", "event_date": dt.date(2024, 1, 2), "latitude": 1.5, "rule_ids": ["r"]},
            {"mention_id": "m2", "background": True, "fatalities": 3}]
    t = to_arrow(rows, "mentions")
    assert table_rows(t) == t.to_pylist() and table_rows(t.slice(0, 0)) == []
