"""The dataset diff: events added, removed and changed by stable id, with old and new values."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.diff import diff_events, render_table, summary
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "multi_outlet.jsonl"
# An invented report of an unrelated event, far from the fixture's places and days.
EXTRA = {"id": "extra-1", "publication_date": "2024-07-02", "source": "Wire One",
         "text": "Police fired tear gas at protesters in Mombasa, Kenya, on Monday, injuring four people."}


def _event(eid: str, **fields) -> dict:
    return {"event_id_cnty": eid, "event_date": dt.date(2024, 5, 1), "fatalities": 2, "rule_ids": ["r"], **fields}


def test_added_removed_and_changed_fields_with_old_and_new_values():
    old = [_event("A1"), _event("B1"), _event("C1", fatalities=3)]
    new = [_event("A1"), _event("C1", fatalities=5, rule_ids=["r", "s"]), _event("D1")]
    changes = diff_events(old, new)
    assert [(c["event_id_cnty"], c["change"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("B1", "removed", None, None, None),
        ("C1", "changed", "fatalities", "3", "5"),
        ("C1", "changed", "rule_ids", '["r"]', '["r", "s"]'),
        ("D1", "added", None, None, None),
    ]
    assert summary(changes) == {"added": 1, "removed": 1, "changed": 1}
    table = render_table(changes)
    assert table.startswith("1 events added, 1 removed, 1 changed") and "fatalities  3" in table


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff")
    bigger = root / "bigger.jsonl"
    shutil.copy(FIXTURE, bigger)
    with bigger.open("a", encoding="utf-8") as f:
        f.write(json.dumps(EXTRA) + "\n")
    assert main(["compile", str(FIXTURE), "--out", str(root / "v1")]) == 0
    assert main(["compile", str(bigger), "--out", str(root / "v2")]) == 0
    return root


def test_an_added_article_adds_its_event_and_every_other_event_keeps_its_id(two_versions, capsys):
    root = two_versions
    assert main(["diff", str(root / "v1"), str(root / "v2"), "--out", str(root / "changes.parquet")]) == 0
    out = capsys.readouterr().out
    changes = pq.read_table(root / "changes.parquet").to_pylist()
    assert {c["change"] for c in changes} == {"added"} and len(changes) >= 1
    assert out.startswith(f"{len(changes)} events added, 0 removed, 0 changed")
    assert pq.read_schema(root / "changes.parquet").names == ["event_id_cnty", "change", "field", "old", "new"]


def test_a_missing_old_version_is_an_error_unless_missing_is_ok(two_versions, capsys):
    root = two_versions
    assert main(["diff", str(root / "nowhere"), str(root / "v1")]) == 3
    assert "E022" in capsys.readouterr().err
    assert main(["diff", str(root / "nowhere"), str(root / "v1"), "--missing-ok"]) == 0
    assert "0 removed" in capsys.readouterr().out


def test_a_revision_is_read_through_dvc(monkeypatch, tmp_path):
    import io

    import dvc.api

    from pipeline.diff import read_events
    from pipeline.tables import write_parquet

    write_parquet([_event("A1")], "events", tmp_path / "events.parquet")
    seen = {}

    def fake_open(path, rev, mode):
        seen.update(path=path, rev=rev)
        return io.BytesIO((tmp_path / "events.parquet").read_bytes())

    monkeypatch.setattr(dvc.api, "open", fake_open)
    assert [e["event_id_cnty"] for e in read_events("HEAD~1")] == ["A1"]
    assert seen == {"path": "output/events.parquet", "rev": "HEAD~1"}
