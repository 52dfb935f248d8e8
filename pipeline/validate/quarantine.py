"""Run a pandera schema lazily and split the table into valid rows and quarantine rows."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pyarrow as arrow

from pipeline.errors import Errors
from pipeline.spill import without_rows
from pipeline.tables import BuiltRows, to_arrow
from pipeline.validate.pandera_import import import_pandera

pa = import_pandera()
from pipeline.validate.slices import failure_cases  # noqa: E402 - after pandera's own import, above

KEY_COLUMN = {"articles": "article_id", "mentions": "mention_id", "events": "event_id_cnty"}


def _jsonable(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def validate_rows(rows: list[dict], table: str, schema: pa.DataFrameSchema, stage: str,
                  arrow_table: str | None = None) -> tuple[list[dict], list[dict]]:
    """Return (valid rows, quarantine rows). Row-level failures quarantine their row;
    a failure with no row index (a missing column) quarantines every row."""
    if not rows:
        return [], []
    # Export writes the table validated here: the rows come back carrying it.
    built = BuiltRows(rows, arrow_table or table, to_arrow(rows, arrow_table or table))
    bad, quarantine = check_table(built.arrow, table, schema, stage, rows.__getitem__)
    if not bad:
        return built, []
    return built.subset([i for i in range(len(rows)) if i not in bad]), quarantine


def validate_table(t: arrow.Table, table: str, schema: pa.DataFrameSchema, stage: str,
                   row_of: Callable[[int], dict]) -> tuple[arrow.Table, list[dict], list[int]]:
    """`validate_rows` for rows held as an Arrow table: (the valid rows' table, quarantine
    rows, the indexes of the failing rows). `row_of(i)` is row i as the quarantine shows it."""
    bad, quarantine = check_table(t, table, schema, stage, row_of)
    if not bad:
        return t, [], []
    return without_rows(t, sorted(bad)), quarantine, sorted(bad)


def check_table(t: arrow.Table, table: str, schema: pa.DataFrameSchema, stage: str,
                row_of: Callable[[int], dict]) -> tuple[dict[int, dict], list[dict]]:
    """({failing row index: its failed checks}, quarantine rows, one per row and check)."""
    failures = failure_cases(t, schema) if t.num_rows else []
    if not failures:
        return {}, []
    # One quarantine row per (row, failed check); a table-level check names no single column.
    bad: dict[int, dict[str, tuple[list[str], list[str]]]] = {}
    for f in failures:
        idx = f.get("index")
        targets = range(t.num_rows) if idx is None or (isinstance(idx, float) and pd.isna(idx)) else [int(idx)]
        check = str(f.get("check"))
        table_level = f.get("schema_context") == "DataFrameSchema"
        for i in targets:
            cols, cases = bad.setdefault(i, {}).setdefault(check, ([], []))
            if not table_level:
                cols.append(str(f.get("column")))
                cases.append(str(f.get("failure_case")))
    key = KEY_COLUMN[table]
    quarantine = []
    for i, problems in sorted(bad.items()):
        row = row_of(i)
        for check, (cols, cases) in sorted(problems.items()):
            quarantine.append({
                "stage": stage, "table": table, "row_key": str(row.get(key)),
                "check": f"{Errors.E201.code} {check}", "column": ", ".join(cols) or None,
                "failure_case": "; ".join(cases) or None,
                "row": json.dumps({k: _jsonable(v) for k, v in row.items() if k != "text"}, sort_keys=True, default=str),
            })
    return bad, quarantine
