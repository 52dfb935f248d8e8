"""The partitioned copy written a partition at a time is write_dataset's, byte for byte."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipeline import hive
from pipeline.hive import write_hive

BY = ("year", "country")


def _table(n: int) -> pa.Table:
    """n rows over interleaved partitions, runs and lone rows, null keys and odd names,
    dictionary columns as the published tables have them."""
    i = np.arange(n)
    years = pa.array(np.where(i % 97 == 0, -1, 2000 + (i // 5000) % 3)).cast(pa.int64())
    years = pa.compute.if_else(pa.compute.equal(years, -1), pa.scalar(None, pa.int64()), years)
    names = np.array(["Kenya", "Côte d'Ivoire", "a/b c", "Iraq"], dtype=object)
    country = pa.array([None if k % 89 == 0 else names[(k // 700) % 4 if k % 3 else k % 4] for k in range(n)], type=pa.string())
    return pa.table({
        "event_id_cnty": pa.array([f"E{k}" for k in range(n)]),
        "year": years,
        "country": country.dictionary_encode(),
        "fatalities": pa.array(i % 7, type=pa.int64()),
        "rule_ids": pa.array([[f"r{k % 3}"] * (k % 3) for k in range(n)], type=pa.list_(pa.string())),
    }).replace_schema_metadata({"dataset_version": "x"})


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.parquet"))}


@pytest.mark.parametrize("n", [1, 1000, 70_000])  # 70,000: three of write_dataset's exec batches
def test_the_files_are_those_write_dataset_writes(tmp_path, n):
    t = _table(n).combine_chunks()
    partitioning = ds.partitioning(pa.schema([t.schema.field(c) for c in BY]), flavor="hive")
    hive._write_dataset(t, tmp_path / "theirs", partitioning)
    write_hive(t, tmp_path / "ours", BY)
    ours, theirs = _files(tmp_path / "ours"), _files(tmp_path / "theirs")
    assert list(ours) == list(theirs) and ours == theirs
    if n == 70_000:
        assert "year=__HIVE_DEFAULT_PARTITION__/country=__HIVE_DEFAULT_PARTITION__/part-0.parquet" in ours
        import pyarrow.parquet as pq

        assert max(pq.ParquetFile(tmp_path / "ours" / f).num_row_groups for f in ours) > 1


def test_more_partitions_than_write_dataset_keeps_open_are_left_to_it(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(hive, "MAX_PARTITIONS", 3)
    monkeypatch.setattr(hive, "_write_dataset", lambda t, folder, p: calls.append(t.num_rows))
    write_hive(_table(1000).combine_chunks(), tmp_path / "ours", BY)
    assert calls == [1000] and not (tmp_path / "ours").exists()
