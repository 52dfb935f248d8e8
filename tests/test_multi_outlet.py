"""The same events reported by several outlets, with different tolls and wording
(tests/fixtures/multi_outlet.jsonl, written for this test), become one event each."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cli import main
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def events(multi_outlet_out):
    return pd.read_parquet(multi_outlet_out / "events.parquet"), pd.read_parquet(multi_outlet_out / "merges.parquet")


def _event(events, article):
    ev, _ = events
    rows = ev[ev["article_ids"].map(lambda ids: article in list(ids))]
    assert len(rows) == 1, article
    return rows.iloc[0]


def test_one_event_per_real_event(events):
    ev, _ = events
    current = ev[ev["tags"].isna()]
    assert len(current) == 3


def test_bombing_reported_three_times_keeps_the_conservative_toll_and_range(events):
    e = _event(events, "wire-1")
    assert sorted(e["article_ids"]) == ["paper-1", "radio-1", "wire-1"] and e["n_sources"] == 3
    assert e["fatalities"] == 7 and e["fatalities_high"] >= 12
    assert str(e["event_date"]) == "2024-02-16" and e["country"] == "Nigeria"


def test_protest_and_attack_merge_across_wording(events):
    assert sorted(_event(events, "wire-2")["article_ids"]) == ["paper-2", "wire-2"]
    attack = _event(events, "wire-3")
    assert sorted(attack["article_ids"]) == ["agency-3", "wire-3"] and attack["fatalities"] == 11


def test_merge_log_names_the_criterion_and_keeps_each_toll(events):
    _, merges = events
    kano = merges[merges["article_id"].isin(["wire-1", "paper-1", "radio-1"])]
    assert set(kano["criterion"]) <= {"merge-anchor", "same-day-same-place"} and len(kano) == 3
    assert sorted(kano["fatalities"]) == [7, 9, 12]


def test_adding_an_unrelated_article_changes_no_event_id(events, tmp_path):
    ev, _ = events
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "other-1", "publication_date": "2024-07-01", "text": "Rebels shelled a market in '
                     'Kidal, Mali, on Sunday, killing four traders."}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compile", str(ROOT / "tests" / "fixtures" / "multi_outlet.jsonl"), str(extra), "--out", str(out)]) == 0
    after = pd.read_parquet(out / "events.parquet")
    assert set(ev["event_id_cnty"]) < set(after["event_id_cnty"])
