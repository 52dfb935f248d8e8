"""Rows held as an Arrow table and given back, when one is needed, as the dict it was.

A mention as a dict costs about 1.9 KB, as Arrow about 600 B. Extraction's rows are
appended here a batch at a time; resolve and validation read the table, and only a row
that fails validation is turned back into a dict, for the quarantine, which shows a row
as it was: an extracted mention has no admin3, notes, source_scale, tags or timestamp
keys, a mention read from a stage file has them all, empty. So each row's missing
columns are kept with it (the same few tuples shared by every row, 8 bytes a row).
The Arrow round trip is otherwise exact (dates, ints, floats, lists come back as given).
Inside `pipeline.spill.spilling` the table is spilled to files, not held; each row's
shape is then 2 bytes of memory (the number of its shape among the few seen).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

import pyarrow as pa

from pipeline.spill import new_table
from pipeline.tables import SCHEMAS, to_arrow

RowOf = Callable[[int], dict]


class ArrowRows:
    """The rows of one of `pipeline.tables`' tables, appended with `add`."""

    def __init__(self, table: str) -> None:
        self.table = table
        self._names = SCHEMAS[table].names
        self._rows = new_table(SCHEMAS[table])
        self._shape_of_row = array("H")  # per row: the number of its shape in _missing
        self._missing: list[tuple[str, ...]] = []  # per shape: the table's columns a dict of it lacks
        self._shapes: dict[tuple[str, ...], int] = {}  # a dict's keys -> its shape's number

    def add(self, rows: list[dict]) -> None:
        self._rows.append(to_arrow(rows, self.table))
        for r in rows:
            keys = tuple(r)  # rows made alike have the same keys: one look-up, not a test per column
            shape = self._shapes.get(keys)
            if shape is None:
                shape = self._shapes[keys] = len(self._missing)
                self._missing.append(tuple(n for n in self._names if n not in r))
            self._shape_of_row.append(shape)

    def __len__(self) -> int:
        return len(self._shape_of_row)

    def arrow(self) -> pa.Table:
        """Every row, in the order added, one chunk per column; no row can be added after."""
        return self._rows.table()

    def row_of(self, t: pa.Table) -> RowOf:
        """Row i of `t` (this table, or a copy of it in the same order) as the dict it was."""
        def row(i: int) -> dict:
            r = table_row(t, i)
            for name in self._missing[self._shape_of_row[i]]:
                del r[name]
            return r

        return row


def table_row(t: pa.Table, i: int) -> dict:
    return t.slice(i, 1).to_pylist()[0]


def as_table(rows: ArrowRows | pa.Table | list[dict], table: str) -> tuple[pa.Table, RowOf]:
    """The rows as an Arrow table, with how to get row i back as its dict."""
    if isinstance(rows, ArrowRows):
        t = rows.arrow()
        return t, rows.row_of(t)
    if isinstance(rows, pa.Table):
        return rows, lambda i: table_row(rows, i)
    return to_arrow(rows, table), rows.__getitem__
