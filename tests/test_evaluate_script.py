"""scripts/evaluate.py scores event dates apart on the rows whose text holds a year or whose
article has a publication date (issue #11), with the shared scorer's own functions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def evaluate():
    spec = importlib.util.spec_from_file_location("evaluate_script", ROOT / "scripts" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not (module.SHARED / "eval" / "score.py").exists():
        pytest.skip("the shared scorer is not on this machine")
    return module


def test_the_dated_rows_are_those_with_a_year_or_a_publication_date(evaluate, tmp_path):
    gold = pd.DataFrame({
        "id": ["a", "b", "c", "d"], "source_dataset": ["acled"] * 4,
        "text": ["On 3 May 2020, a crowd marched.", "On 3 May, a crowd marched.", "On Friday, a crowd marched.",
                 "Strikers met in 1998 and 2004."],
        "publication_date": ["", "", "2020-05-09", ""],
        "gold_event_date": ["2020-05-03", "2020-05-03", "2020-05-08", ""],
        "gold_date_precision": ["1", "1", "1", ""],
    })
    gold.to_csv(tmp_path / "gold.csv", index=False)
    pred = tmp_path / "pred"
    pred.mkdir()
    pd.DataFrame({"article_id": ["a", "b", "c"], "event_date": ["2020-05-03", "2020-05-03", "2020-05-01"]}).to_parquet(
        pred / "mentions.parquet")
    # Row b holds no year and no publication date; row d has no gold date.
    assert evaluate.dated_rows_score(tmp_path / "gold.csv", pred) == {"accuracy": 0.5, "n": 2, "detected": 1.0}


def test_a_source_without_gold_dates_has_no_dated_figure(evaluate, tmp_path):
    pd.DataFrame({"id": ["a"], "source_dataset": ["x"], "text": ["In 2020 a crowd marched."],
                  "publication_date": [""]}).to_csv(tmp_path / "gold.csv", index=False)
    pred = tmp_path / "pred"
    pred.mkdir()
    pd.DataFrame({"article_id": ["a"], "event_date": ["2020-05-03"]}).to_parquet(pred / "mentions.parquet")
    assert evaluate.dated_rows_score(tmp_path / "gold.csv", pred) is None
