"""Typed tables: one Arrow schema per output, so pandas and R read the same types.

Dates are date32, counts are nullable int64, lists are list<string>. Rows are
built from plain Python dicts (the stages' working form) straight into Arrow with
an explicit schema, which also makes the Parquet bytes deterministic.

Large tables stream: `RowWriter` writes a row group every BATCH_ROWS rows and
`iter_row_batches` reads them back a batch at a time, so a stage's memory is
bounded by one batch, not by the corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.atomic_output import partial_file

# Rows per Parquet row group and per streamed batch. A constant, so the bytes of a
# streamed file never depend on how its rows arrived or on the machine.
BATCH_ROWS = 2048

S, INT, F, D, B = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.bool_()
LS = pa.list_(pa.string())

ARTICLE_FIELDS = [
    ("article_id", S), ("source_file", S), ("source_line", INT), ("title", S), ("publication_date", D),
    ("pubdate_source", S), ("source", S), ("url", S), ("n_chars", INT), ("status", S), ("reason", S),
]
ARTICLE_STAGE_FIELDS = ARTICLE_FIELDS + [("text", S)]

EVENT_FIELDS = [
    ("event_date", D), ("year", INT), ("time_precision", INT), ("disorder_type", S), ("event_type", S),
    ("sub_event_type", S), ("actor1", S), ("assoc_actor_1", S), ("inter1", S), ("actor2", S), ("assoc_actor_2", S),
    ("inter2", S), ("interaction", S), ("civilian_targeting", S), ("iso", INT), ("region", S), ("country", S),
    ("admin1", S), ("admin2", S), ("admin3", S), ("location", S), ("latitude", F), ("longitude", F),
    ("geo_precision", INT), ("source", S), ("source_scale", S), ("notes", S), ("fatalities", INT), ("tags", S),
    ("timestamp", INT),
    # Extensions after ACLED's columns, so scripts that select ACLED's columns by position still work.
    ("iso3", S), ("fatalities_low", INT), ("fatalities_high", INT), ("inter1_code", INT), ("inter2_code", INT),
    ("interaction_code", INT),
]
MENTION_FIELDS = [
    ("mention_id", S), ("article_id", S), ("evidence", S), ("char_start", INT), ("char_end", INT),
    ("publication_date", D), ("event_date_end", D), ("injuries", INT), ("background", B),
] + [f for f in EVENT_FIELDS if f[0] not in ("source",)] + [("source", S), ("rule_ids", LS)]
EVENTS_TABLE_FIELDS = [("event_id_cnty", S)] + EVENT_FIELDS + [
    ("article_ids", LS), ("mention_ids", LS), ("n_sources", INT), ("evidence", S), ("rule_ids", LS),
]
MERGE_FIELDS = [("mention_id", S), ("event_id_cnty", S), ("criterion", S), ("article_id", S), ("source", S),
                ("publication_date", D), ("fatalities", INT)]
QUARANTINE_FIELDS = [
    ("stage", S), ("table", S), ("row_key", S), ("check", S), ("column", S), ("failure_case", S), ("row", S),
]

SCHEMAS = {
    "articles": pa.schema(ARTICLE_FIELDS),
    "articles_stage": pa.schema(ARTICLE_STAGE_FIELDS),
    "mentions": pa.schema(MENTION_FIELDS),
    "events": pa.schema(EVENTS_TABLE_FIELDS),
    "merges": pa.schema(MERGE_FIELDS),
    "quarantine": pa.schema(QUARANTINE_FIELDS),
}


# Columns of few distinct values, dictionary-encoded in the published files: pandas reads
# them as categories, R arrow as factors, polars as categoricals, DuckDB as text.
CATEGORICAL = frozenset({
    "status", "pubdate_source", "disorder_type", "event_type", "sub_event_type", "inter1", "inter2", "interaction",
    "civilian_targeting", "region", "country", "iso3", "admin1", "source_scale", "tags", "stage", "table", "criterion",
})
# What pandas, left at its defaults, should make of each Arrow type: (pandas_type, numpy_type) as
# pandas itself records them. "Int64" and "boolean" keep nulls without turning to floats or objects.
PANDAS_TYPES = {INT: ("int64", "Int64"), F: ("float64", "float64"), D: ("date", "date32[day][pyarrow]"),
                B: ("bool", "boolean"), S: ("unicode", "object"), LS: ("list[unicode]", "object")}


def schema_hash() -> str:
    """A fingerprint of every table's columns and types: it changes when the output's shape does."""
    text = "\n".join(f"{name}\n{SCHEMAS[name].to_string()}\n{sorted(CATEGORICAL)}" for name in sorted(SCHEMAS))
    return hashlib.sha256(text.encode()).hexdigest()


class BuiltRows(list):
    """Rows that carry the Arrow table already built from them (validation builds one to check
    them), so that writing them does not build it again: a quarter of a second of a
    10,000-article run's export. The holder must not change the rows afterwards."""

    def __init__(self, rows: Iterable[dict], table: str, arrow: pa.Table) -> None:
        super().__init__(rows)
        self.table, self.arrow = table, arrow


    def subset(self, kept: list[int]) -> BuiltRows:
        """The rows at the positions `kept` (ascending), with their part of the table."""
        return BuiltRows([self[i] for i in kept], self.table, self.arrow.take(pa.array(kept, type=pa.int64())))


def to_arrow(rows: list[dict] | pa.Table, table: str) -> pa.Table:
    """The rows as the table's Arrow table; given one already (validation keeps only the
    Arrow tables of what it checked), that table."""
    if isinstance(rows, pa.Table) and rows.schema.equals(SCHEMAS[table]):
        return rows
    if isinstance(rows, BuiltRows) and rows.table == table and rows.arrow.num_rows == len(rows):
        return rows.arrow
    return rows_to_arrow(rows, SCHEMAS[table])


def rows_to_arrow(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """What `pa.Table.from_pylist(rows, schema=schema)` builds, each column as `r.get(name)`
    gathers it. The values are gathered a row at a time, then handed over a column at a
    time: from_pylist reads the rows once per column, and rows decoded from the mention
    cache lie scattered in memory, so at 100,000 rows its 50 passes over them took 2 s for
    the mentions table where one pass takes about half of that."""
    names = schema.names
    if not rows:
        return schema.empty_table()
    columns = zip(*[tuple(map(row.get, names)) for row in rows], strict=True)
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)],
                                schema=schema)


def to_frame(rows: list[dict], table: str) -> pd.DataFrame:
    return arrow_to_frame(to_arrow(rows, table))


def arrow_to_frame(t: pa.Table) -> pd.DataFrame:
    """Nullable integers stay integers (Int64), dates stay dates, lists stay lists."""
    return t.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get, date_as_object=True)


def write_parquet(rows: list[dict], table: str, path: Path) -> None:
    """Write a whole table atomically: the previous file stays until the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_file(path)
    try:
        pq.write_table(to_arrow(rows, table), partial, compression="zstd", write_statistics=True)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def published(t: pa.Table, metadata: dict[str, str]) -> pa.Table:
    """The table as users get it: categorical columns dictionary-encoded, pandas metadata so that
    `pandas.read_parquet` with default settings gives nullable integers and dates, and `metadata`
    (dataset version, hashes, compiler version) as the file's key-value metadata."""
    from pipeline.spill import dictionary_encoded

    columns, fields, described = [], [], []
    for f, col in zip(t.schema, t.columns, strict=True):
        if f.name in CATEGORICAL and f.type == S:
            col = dictionary_encoded(col)
            described.append(_pandas_column(f.name, "categorical", str(col.type.index_type),
                                            {"num_categories": len(col.dictionary), "ordered": False}))
        else:
            described.append(_pandas_column(f.name, *PANDAS_TYPES[f.type]))
        columns.append(col)
        fields.append(pa.field(f.name, col.type))
    pandas_meta = {"index_columns": [], "column_indexes": [], "columns": described,
                   "creator": {"library": "pyarrow", "version": pa.__version__}, "pandas_version": pd.__version__}
    kv = {"pandas": json.dumps(pandas_meta), **metadata}
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=kv))


def _pandas_column(name: str, pandas_type: str, numpy_type: str, metadata: dict | None = None) -> dict:
    return {"name": name, "field_name": name, "pandas_type": pandas_type, "numpy_type": numpy_type, "metadata": metadata}


def write_published(rows: list[dict], table: str, path: Path, metadata: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(published(to_arrow(rows, table), metadata), path, compression="zstd", write_statistics=True)


def write_partitioned(rows: list[dict], table: str, folder: Path, metadata: dict[str, str],
                      by: tuple[str, ...] = ("year", "country")) -> None:
    """The table as a Hive-partitioned dataset (folder/year=2024/country=Kenya/part-0.parquet),
    so a reader of a large dataset opens only the years and countries it asks for. Rows keep
    their order within a partition and file names are fixed, so the bytes are deterministic
    (those of pyarrow's write_dataset, written a partition at a time: see pipeline.hive)."""
    from pipeline.hive import write_hive

    write_hive(published(to_arrow(rows, table), metadata), folder, by)


def iter_slices(t: pa.Table, rows: int = BATCH_ROWS) -> Iterator[list[dict]]:
    """The rows of an Arrow table as dicts, `rows` at a time: only one slice's Python
    objects exist at once."""
    for start in range(0, t.num_rows, rows):
        yield table_rows(t.slice(start, rows))


def table_rows(t: pa.Table) -> list[dict]:
    """`t.to_pylist()`, built a column at a time and zipped: about twice as fast, which
    counts where every mention of a run is read back (resolve, events.csv)."""
    names = t.schema.names
    return [dict(zip(names, values, strict=True)) for values in zip(*(c.to_pylist() for c in t.columns), strict=True)]


def read_table(path: Path, table: str) -> pa.Table:
    """A Parquet file of the table whole, as one Arrow chunk per column, with the table's
    own schema (Parquet names a list's items "element", Arrow "item": the published files
    would record the other name). Read a batch at a time into a `pipeline.spill` table:
    inside `spilling`, the table is never in memory."""
    from pipeline.spill import new_table

    whole = new_table(SCHEMAS[table])
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
        whole.append(pa.Table.from_batches([batch]).cast(SCHEMAS[table]))
    return whole.table()


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    return pq.read_table(path, columns=columns).to_pylist()


def count_rows(path: Path) -> int:
    """Rows in a Parquet file, from its footer alone."""
    return pq.ParquetFile(path).metadata.num_rows


def iter_row_batches(path: Path, columns: list[str] | None = None) -> Iterator[list[dict]]:
    """The rows of a Parquet file, BATCH_ROWS at a time, in file order."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=columns):
        yield batch.to_pylist()


class RowWriter:
    """Writes one typed table a row group at a time: `with RowWriter("mentions", path) as w: w.write(rows)`.

    Rows are buffered to exactly BATCH_ROWS per row group whatever the size of each
    `write`, so the same rows give the same bytes. A table with no rows is still written.
    """

    def __init__(self, table: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.table, self.path = table, path
        self.rows_written = 0
        self._buffer: list[dict] = []
        # Written beside the target and renamed over it when complete: a stage that fails or
        # is killed leaves the previous table whole, never a half-written one.
        self._partial = partial_file(path)
        self._writer = pq.ParquetWriter(self._partial, SCHEMAS[table], compression="zstd", write_statistics=True)

    def write(self, rows: Iterable[dict]) -> None:
        self._buffer.extend(rows)
        while len(self._buffer) >= BATCH_ROWS:
            self._flush(self._buffer[:BATCH_ROWS])
            del self._buffer[:BATCH_ROWS]

    def _flush(self, rows: list[dict]) -> None:
        self._writer.write_table(to_arrow(rows, self.table))
        self.rows_written += len(rows)

    def close(self) -> None:
        if self._buffer or not self.rows_written:
            self._flush(self._buffer)
            self._buffer = []
        self._writer.close()
        os.replace(self._partial, self.path)

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
            return
        # A run that failed part-way leaves the previous table as it was.
        self._writer.close()
        self._partial.unlink(missing_ok=True)
