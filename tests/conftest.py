"""Shared fixtures. Real data is read from ../shared at run time and never copied here;
everything else the tests use is written in the tests themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import stages
from pipeline.rulebook import load_rulebook
from pipeline.vocab import DEFAULT_RULES_DIR

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared sits beside the checkout in CI)")
    return path


def resolve_and_export(stage: Path, out: Path, *export_args: str) -> None:
    """The DVC pipeline's last two stages over the tables in `stage` (as `ingest` and
    `extract` name them), the dataset written to `out`; `export_args` adds options."""
    from pipeline.cli import main
    from pipeline.geo.cache import ensure_gazetteer

    assert main(["resolve", str(stage / "mentions.parquet"), "--out", str(stage / "events.parquet"),
                 "--merges", str(stage / "merges.parquet")]) == 0
    book = load_rulebook(DEFAULT_RULES_DIR)
    gazetteer = ensure_gazetteer(book.vocab, book.rules_dir, None)
    assert main(["export", "--articles", str(stage / "articles.parquet"), "--mentions", str(stage / "mentions.parquet"),
                 "--events", str(stage / "events.parquet"), "--merges", str(stage / "merges.parquet"),
                 "--report", str(stage / "ingest.json"), "--gazetteer", str(gazetteer), "--out", str(out),
                 *export_args]) == 0


@pytest.fixture(scope="session")
def rulebook():
    return load_rulebook(DEFAULT_RULES_DIR)


@pytest.fixture(scope="session")
def extractor():
    ex, _ = stages.make_extractor()
    return ex


@pytest.fixture(scope="session", autouse=True)
def _no_mention_cache():
    """Every test extracts for real (a cached rerun would hide the path under test); the
    cache's own tests name their cache folder explicitly."""
    import os

    os.environ["CONFLICT_EVENTS_MENTION_CACHE"] = "off"
    yield
    os.environ.pop("CONFLICT_EVENTS_MENTION_CACHE", None)


@pytest.fixture(scope="session")
def multi_outlet_out(tmp_path_factory):
    """tests/fixtures/multi_outlet.jsonl compiled once, for the tests that read outputs back."""
    from pipeline.cli import main

    out = tmp_path_factory.mktemp("multi_outlet")
    assert main(["compile", str(ROOT / "tests" / "fixtures" / "multi_outlet.jsonl"), "--out", str(out)]) == 0
    return out
