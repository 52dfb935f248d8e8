"""A Hive-partitioned dataset written one partition at a time, as `write_dataset` writes it.

`pyarrow.dataset.write_dataset` queues every partition's rows for its writer threads with
no limit that pyarrow lets us set: for the 600,000 events of a million texts it held
about 550 MB. Its files are simple to write ourselves, one partition after another, so
that only one row group's rows are in memory at once. The bytes stay those of
`write_dataset` (with use_threads=False, one file per partition, at most MAX_PARTITIONS
of them): it scans its input in exec batches of EXEC_BATCH_ROWS rows, and each batch
gives every partition it holds one row group of its rows, in order, in that partition's
file `part-0.parquet`, whose columns are the table's less the partition keys. Beyond
MAX_PARTITIONS it closes and reopens files (part-1, ...): `write_dataset` itself is
called then.
"""

from __future__ import annotations

import functools
import operator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

EXEC_BATCH_ROWS = 32_768  # Acero's ExecPlan::kMaxBatchSize, a divisor of the scan's 131,072
MAX_PARTITIONS = 1024  # write_dataset's max_open_files (and max_partitions) by default
COMPRESSION = "zstd"


def write_hive(t: pa.Table, folder: Path, by: tuple[str, ...]) -> None:
    """`t` (one chunk per column) into folder/KEY=VALUE/.../part-0.parquet, as
    `write_dataset(..., partitioning=hive on by, use_threads=False)` writes it."""
    partitioning = ds.partitioning(pa.schema([t.schema.field(c) for c in by]), flavor="hive")
    runs = list(_partitions(t, by))
    if not runs or len(runs) > MAX_PARTITIONS:
        return _write_dataset(t, folder, partitioning)
    file_schema = pa.schema([f for f in t.schema if f.name not in by], metadata=t.schema.metadata)
    body = t.select(file_schema.names)
    for rows in runs:
        key = functools.reduce(operator.and_, (_key(t, c, int(rows[0])) for c in by))
        path = folder / partitioning.format(key)[0] / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(path, file_schema, compression=COMPRESSION) as writer:
            for group in np.split(rows, np.flatnonzero(np.diff(rows // EXEC_BATCH_ROWS)) + 1):
                writer.write_table(body.take(pa.array(group)), row_group_size=len(group))


def _key(t: pa.Table, column: str, row: int) -> ds.Expression:
    value = t.column(column)[row]
    return ds.field(column) == value.as_py() if value.is_valid else ds.field(column).is_null()


def _partitions(t: pa.Table, by: tuple[str, ...]):
    """Each partition's row positions, ascending (a stable sort by the keys, in runs)."""
    keys = pa.table({c: _plain(t.column(c)) for c in by})
    order = pc.sort_indices(keys, sort_keys=[(c, "ascending", "at_end") for c in by]).to_numpy()
    starts = [0]
    for c in by:
        ordered = keys.column(c).take(pa.array(order))
        same = pc.fill_null(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1)), False)
        both_null = pc.and_(pc.is_null(ordered.slice(1)), pc.is_null(ordered.slice(0, len(ordered) - 1)))
        starts += (np.flatnonzero(~pc.or_(same, both_null).to_numpy(zero_copy_only=False)) + 1).tolist()
    bounds = sorted(set(starts)) + [len(order)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end > start:
            yield np.sort(order[start:end])  # the partition's rows in table order


def _plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def _write_dataset(t: pa.Table, folder: Path, partitioning) -> None:
    ds.write_dataset(t, folder, format="parquet", partitioning=partitioning, basename_template="part-{i}.parquet",
                     existing_data_behavior="delete_matching", use_threads=False,
                     file_options=ds.ParquetFileFormat().make_write_options(compression=COMPRESSION))
