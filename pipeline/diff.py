"""What changed between two versions of the dataset, event by event.

Events are matched by event_id_cnty, which is derived from the mentions an event merges,
so an event nobody re-reported keeps its id and only real changes show. Each change is
one row: an event added or removed, or one field of an event changed with its old and
new value (as text, so every field fits one column).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

KEY = "event_id_cnty"
CHANGES_SCHEMA = pa.schema([("event_id_cnty", pa.string()), ("change", pa.string()), ("field", pa.string()),
                            ("old", pa.string()), ("new", pa.string())])


def as_text(value) -> str | None:
    """A value as the diff shows it: dates in ISO form, lists as JSON, empty as None."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def diff_events(old: list[dict], new: list[dict]) -> list[dict]:
    """Changes from `old` to `new`, ordered by event id, then field."""
    before, after = {e[KEY]: e for e in old}, {e[KEY]: e for e in new}
    changes = []
    for eid in sorted(before.keys() | after.keys()):
        if eid not in before:
            changes.append(_change(eid, "added"))
        elif eid not in after:
            changes.append(_change(eid, "removed"))
        else:
            changes += _changed_fields(eid, before[eid], after[eid])
    return changes


def _change(eid: str, change: str, field: str | None = None, old=None, new=None) -> dict:
    return {"event_id_cnty": eid, "change": change, "field": field, "old": old, "new": new}


def _changed_fields(eid: str, old: dict, new: dict) -> list[dict]:
    out = []
    for field in [f for f in new if f != KEY] + [f for f in old if f not in new]:
        a, b = as_text(old.get(field)), as_text(new.get(field))
        if a != b:
            out.append(_change(eid, "changed", field, a, b))
    return out


def summary(changes: list[dict]) -> dict[str, int]:
    return {
        "added": sum(c["change"] == "added" for c in changes),
        "removed": sum(c["change"] == "removed" for c in changes),
        "changed": len({c["event_id_cnty"] for c in changes if c["change"] == "changed"}),
    }


def render_table(changes: list[dict], width: int = 40) -> str:
    """The changes as an aligned text table, long values cut to `width` characters."""
    s = summary(changes)
    head = f"{s['added']} events added, {s['removed']} removed, {s['changed']} changed"
    if not changes:
        return head + "\n"
    cols = ["event_id_cnty", "change", "field", "old", "new"]
    rows = [[_cut(c[k], width) for k in cols] for c in changes]
    widths = [max(len(r[i]) for r in [cols, *rows]) for i in range(len(cols))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in [cols, *rows]]
    return "\n".join([head, "", lines[0], "  ".join("-" * w for w in widths), *lines[1:]]) + "\n"


def _cut(value: str | None, width: int) -> str:
    text = "" if value is None else " ".join(value.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_changes(changes: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(changes, schema=CHANGES_SCHEMA)
    pq.write_table(table, path, compression="zstd")


def read_events(source: str, path_in_repo: str = "output/events.parquet") -> list[dict]:
    """The events of an output folder, or of `path_in_repo` at a git revision (its data read
    through DVC from the local cache)."""
    folder = Path(source)
    if folder.is_dir():
        return pq.read_table(folder / "events.parquet").to_pylist()
    import dvc.api

    with dvc.api.open(path_in_repo, rev=source, mode="rb") as f:
        return pq.read_table(pa.BufferReader(f.read())).to_pylist()
