"""Run a pandera schema lazily and split the table into valid rows and quarantine rows."""

from __future__ import annotations

import json

import pandas as pd

from pipeline.errors import Errors
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
    failures = failure_cases(built.arrow, schema)
    if not failures:
        return built, []
    # One quarantine row per (row, failed check); a table-level check names no single column.
    bad: dict[int, dict[str, tuple[list[str], list[str]]]] = {}
    for f in failures:
        idx = f.get("index")
        targets = range(len(rows)) if idx is None or (isinstance(idx, float) and pd.isna(idx)) else [int(idx)]
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
        row = rows[i]
        for check, (cols, cases) in sorted(problems.items()):
            quarantine.append({
                "stage": stage, "table": table, "row_key": str(row.get(key)),
                "check": f"{Errors.E201.code} {check}", "column": ", ".join(cols) or None,
                "failure_case": "; ".join(cases) or None,
                "row": json.dumps({k: _jsonable(v) for k, v in row.items() if k != "text"}, sort_keys=True, default=str),
            })
    return built.subset([i for i in range(len(rows)) if i not in bad]), quarantine
