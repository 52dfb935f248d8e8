"""pandera's failure cases of an Arrow table, checked a slice of rows at a time.

pandera checks a pandas frame, in which every string is a Python object: the frame of a
whole table was the largest thing a run held (300 MB for 90,000 mentions). A slice's
frame is dropped before the next is built. Every check of our schemas looks at one row
at a time, except a column's `unique`, which no slice can decide alone: it is checked
here over the whole Arrow column, and reported as pandera reports it (every row whose
value occurs more than once), so the failures are those of the whole table at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as pc

from pipeline.page_dropper import drop_pages_of, page_maps
from pipeline.tables import arrow_to_frame
from pipeline.validate.pandera_import import import_pandera

pa = import_pandera()
from pandera.errors import SchemaErrors  # noqa: E402 - after pandera's own import, above

# Rows per checked slice: large enough that pandera's fixed cost per call (tens of
# milliseconds) stays small beside the checks, small enough that a frame stays small.
SLICE_ROWS = 16_384
UNIQUENESS_CHECK = "field_uniqueness"  # the name pandera gives a failed `unique`

_RELAXED: dict[int, tuple[pa.DataFrameSchema, pa.DataFrameSchema]] = {}


def failure_cases(t: arrow.Table, schema: pa.DataFrameSchema, slice_rows: int = SLICE_ROWS) -> list[dict]:
    """The failure cases (pandera's records: check, column, failure_case, index,
    schema_context) of `t` against `schema`, indexes counted from the table's first row."""
    per_slice = _without_uniqueness(schema)
    failures: list[dict] = []
    table_wide: dict[tuple, dict] = {}
    for start in range(0, t.num_rows, slice_rows):
        for f in _slice_failures(t.slice(start, slice_rows), start, per_slice):
            if _has_row(f):
                failures.append(f)
            else:  # a failure of the whole table (a missing column) shows in every slice: once
                table_wide.setdefault(tuple(map(str, (f.get("check"), f.get("column"), f.get("failure_case")))), f)
    for name, column in schema.columns.items():
        if column.unique:
            failures += duplicates(t, name)
    return [*table_wide.values(), *failures]


def duplicates(t: arrow.Table, name: str) -> list[dict]:
    """A uniqueness failure for every row of `t` whose `name` occurs more than once (nulls
    count as one value), in row order. Found by sorting the column and comparing
    neighbours a slice at a time: a hash table of every value took ~100 B a row."""
    col = t.column(name)
    if len(col) < 2:
        return []
    order = pc.sort_indices(col)
    maps = page_maps(t)
    rows: set[int] = set()
    for start in range(0, len(col) - 1, SLICE_ROWS):
        at = order.slice(start, SLICE_ROWS + 1)
        values = col.take(at)
        ahead, behind = values.slice(0, len(values) - 1), values.slice(1)
        same = pc.or_(pc.fill_null(pc.equal(ahead, behind), False), pc.and_(pc.is_null(ahead), pc.is_null(behind)))
        pairs = np.flatnonzero(same.to_numpy(zero_copy_only=False))
        positions = at.to_numpy()
        rows.update(positions[pairs].tolist() + positions[pairs + 1].tolist())
        drop_pages_of(maps)
    found = sorted(rows)
    values = col.take(arrow.array(found, type=arrow.int64())).to_pylist()
    return [{"schema_context": "Column", "column": name, "check": UNIQUENESS_CHECK, "failure_case": value,
             "index": i} for i, value in zip(found, values, strict=True)]


def _slice_failures(part: arrow.Table, start: int, schema: pa.DataFrameSchema) -> list[dict]:
    frame = arrow_to_frame(part)
    frame.index = pd.RangeIndex(start, start + part.num_rows)  # failures name the row in the whole table
    try:
        schema.validate(frame, lazy=True)
        return []
    except SchemaErrors as exc:
        return exc.failure_cases.to_dict("records")


def _has_row(f: dict) -> bool:
    idx = f.get("index")
    return not (idx is None or (isinstance(idx, float) and pd.isna(idx)))


def _without_uniqueness(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """`schema` with no column required unique, built once per schema (kept beside it, so
    its id is never reused)."""
    if id(schema) not in _RELAXED:
        unique = {name: {"unique": False} for name, c in schema.columns.items() if c.unique}
        _RELAXED[id(schema)] = (schema, schema.update_columns(unique) if unique else schema)
    return _RELAXED[id(schema)][1]
