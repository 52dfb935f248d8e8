"""Export: the contract files (Parquet, a spreadsheet-safe CSV, the manifest)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.datapackage import build_descriptor
from pipeline.resolve import EVENT_COLUMNS
from pipeline.tables import write_partitioned, write_published
from pipeline.vocab import Vocabulary

# From this many events on, events/ also holds the events Hive-partitioned by year and country
# beside the single file: a reader of one country or year then opens only its files.
PARTITION_MIN_EVENTS = 10_000
# What each Parquet file says about itself, so a file passed on alone still names its dataset.
FILE_METADATA_KEYS = ("dataset_version", "compiler_version", "ruleset_hash", "schema_hash", "input_hash")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


FORMULA_FIRST = frozenset(FORMULA_START)  # each a single character: a set finds the first one fastest


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


def write_events_csv(events: list[dict], path: Path) -> None:
    # utf-8-sig: spreadsheet programs then read the file as UTF-8, not a local code page.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(EVENT_COLUMNS)
        for e in events:
            w.writerow([csv_cell(e.get(c)) for c in EVENT_COLUMNS])


def file_metadata(manifest: dict) -> dict[str, str]:
    return {k: str(manifest[k]) for k in FILE_METADATA_KEYS}


def write_outputs(out: Path, articles: list[dict], mentions: list[dict], events: list[dict], merges: list[dict],
                  quarantine: list[dict], manifest: dict, vocab: Vocabulary) -> None:
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
