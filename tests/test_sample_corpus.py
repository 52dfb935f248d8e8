"""The embedded sample corpus (our own writing) compiles into a sensible dataset."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.cli import main
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"}
NO_EVENT_TITLES = ["Gor Mahia", "central bank holds", "solar-charged smartphone", "record April heat",
                   "East African leaders", "24-hour economy"]


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    assert main(["compile", str(SAMPLE), "--out", str(out)]) == 0
    return out


def test_every_sample_article_is_accounted_for(sample_out):
    m = json.loads((sample_out / "manifest.json").read_text())
    assert m["counts"]["articles_in"] == 35 and m["counts"]["articles_rejected"] == 0 and m["counts"]["reconciles"]
    assert m["file_errors"] == [] and len(m["inputs"]) == 5
    # The folder's README is no article, but it is named in the manifest rather than passed over.
    assert [(w["code"], w["path"].rsplit("/", 1)[-1]) for w in m["warnings"]] == [("E007", "README.md")]


def test_all_six_event_types_come_out(sample_out):
    ev = pd.read_parquet(sample_out / "events.parquet")
    assert set(ev["event_type"]) >= ACLED_TYPES


def test_articles_without_conflict_yield_no_event(sample_out):
    arts = pd.read_parquet(sample_out / "articles.parquet")
    for title in NO_EVENT_TITLES:
        row = arts[arts["title"].str.contains(title, case=False, regex=False)]
        assert len(row) == 1, title
        assert row.iloc[0]["status"] == "no_events", title


def test_every_current_event_has_a_date_and_a_country(sample_out):
    ev = pd.read_parquet(sample_out / "events.parquet")
    current = ev[ev["tags"].isna()]
    assert current["event_date"].notna().all()
    assert current["country"].notna().mean() >= 0.9
