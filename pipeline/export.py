"""Export: the contract files (Parquet, a spreadsheet-safe CSV, the manifest)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from pipeline.datapackage import build_descriptor
from pipeline.resolve import EVENT_COLUMNS
from pipeline.tables import iter_slices, write_partitioned, write_published
from pipeline.vocab import Vocabulary

# From this many events on, events/ also holds the events Hive-partitioned by year and country
# beside the single file: a reader of one country or year then opens only its files.
PARTITION_MIN_EVENTS = 10_000
# What each Parquet file says about itself, so a file passed on alone still names its dataset.
FILE_METADATA_KEYS = ("dataset_version", "compiler_version", "ruleset_hash", "schema_hash", "input_hash")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


FORMULA_FIRST = frozenset(FORMULA_START)  # each a single character: a set finds the first one fastest
NEEDS_QUOTES = re.compile('[,"\r\n]')  # what makes csv.writer quote a cell (QUOTE_MINIMAL, CRLF lines)


def csv_cell(v) -> str:
    """A cell a spreadsheet shows as text: lists joined, formulas defused."""
    if v is None:
        return ""
    if type(v) is str:  # most cells are text: they skip the type tests below
        s = v
    elif isinstance(v, (list, tuple)):
        s = "; ".join(str(x) for x in v)
    elif hasattr(v, "isoformat"):
        s = str(v.isoformat())
    else:
        s = str(v)
    if s[:1] in FORMULA_FIRST and not _is_number(s):
        s = "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def column_cells(values: Iterable) -> list[str]:
    """`csv_cell` of each value, with the common kinds inline: a function call per cell was
    most of the CSV's time (0.15 s for 8,000 events). Text that cannot start a formula is
    itself; an int or a float is its str (a leading minus always makes a number)."""
    return ["" if v is None
            else v if type(v) is str and v[:1] not in FORMULA_FIRST
            else str(v) if type(v) is int or type(v) is float
            else csv_cell(v)
            for v in values]


def quoted_minimal(cells: list[str]) -> list[str]:
    """The cells as csv.writer with QUOTE_MINIMAL writes them: one holding a comma, a double
    quote or a line break is quoted, its quotes doubled (no other character makes Python's
    writer quote; a test checks every code point). Most columns hold none of them, which
    one search over the whole column finds."""
    if not NEEDS_QUOTES.search("".join(cells)):
        return cells
    return ['"' + c.replace('"', '""') + '"' if NEEDS_QUOTES.search(c) else c for c in cells]


def csv_text(header: list[str], columns: list[list[str]]) -> str:
    """The rows of a table given by its columns of cells, as csv.writer writes them with
    QUOTE_MINIMAL and CRLF line ends, built a column at a time: Python's writer took 0.12 s
    for the 6 MB of 8,000 events. Two columns at least: csv.writer quotes a row that is a
    single empty cell, which this does not."""
    if len(header) < 2:
        raise ValueError("csv_text needs two columns or more")
    return csv_lines([header]) + csv_lines(columns, transpose=True)


def csv_lines(rows_or_columns: list[list[str]], transpose: bool = False) -> str:
    """CRLF lines of cells quoted as `quoted_minimal` quotes them; with `transpose`, the
    argument holds columns and each line is one position across them. Quoting is decided
    cell by cell, so a table written in slices gives the same bytes as written whole."""
    if transpose:
        lines = zip(*(quoted_minimal(c) for c in rows_or_columns), strict=True)
    else:
        lines = (quoted_minimal(r) for r in rows_or_columns)
    return "".join(",".join(line) + "\r\n" for line in lines)


# Events per slice of events.csv: the cells of one slice are built, written and dropped
# before the next, so the file's size, not the run's, never sits in memory.
CSV_SLICE_ROWS = 2048


def write_events_csv(events: list[dict] | pa.Table, path: Path) -> None:
    """events.csv of event rows, or of the events' Arrow table (read a slice at a time)."""
    slices = (iter_slices(events, CSV_SLICE_ROWS) if isinstance(events, pa.Table)
              else (events[start:start + CSV_SLICE_ROWS] for start in range(0, len(events), CSV_SLICE_ROWS)))
    # utf-8-sig: spreadsheet programs then read the file as UTF-8, not a local code page.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_lines([EVENT_COLUMNS]))
        for rows in slices:
            f.write(csv_lines(_event_columns(rows), transpose=True))


def _event_columns(events: list[dict]) -> list[list[str]]:
    """The CSV cells of some events, a column at a time. Gathered a row at a time first:
    reading each column over all the events visits every event dict once per column, slow
    when they lie scattered in memory."""
    return [column_cells(v) for v in zip(*[tuple(map(e.get, EVENT_COLUMNS)) for e in events], strict=True)]


def file_metadata(manifest: dict) -> dict[str, str]:
    return {k: str(manifest[k]) for k in FILE_METADATA_KEYS}


def write_outputs(out: Path, articles, mentions, events, merges, quarantine: list[dict], manifest: dict,
                  vocab: Vocabulary) -> None:
    """The contract files into `out`; each table given as rows or as its Arrow table."""
    out.mkdir(parents=True, exist_ok=True)
    meta = file_metadata(manifest)
    for name, rows in (("articles", articles), ("mentions", mentions), ("events", events), ("merges", merges),
                       ("quarantine", quarantine)):
        write_published(rows, name, out / f"{name}.parquet", meta)
    if len(events) >= PARTITION_MIN_EVENTS:
        write_partitioned(events, "events", out / "events", meta)
    write_events_csv(events, out / "events.csv")
    _write_json(out / "manifest.json", manifest)
    _write_json(out / "datapackage.json", build_descriptor(vocab, manifest))


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
