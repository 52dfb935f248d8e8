"""The committed codebook is regenerated in memory and must match (`make docs`); it documents
every published column from the schemas and vocabularies."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.codebook import column_specs, readr_col_types, render_html, render_markdown
from pipeline.columns import COLUMN_DOCS
from pipeline.tables import SCHEMAS
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary(DEFAULT_RULES_DIR)


def test_codebook_is_fresh(vocab):
    md = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "codebook.html").read_text(encoding="utf-8")
    assert md == render_markdown(vocab) and page == render_html(vocab), "docs/codebook.* is stale: run `make docs`"


def test_every_events_column_has_a_meaning_and_the_caveats_are_there(vocab):
    assert {f.name for f in SCHEMAS["events"]} <= set(COLUMN_DOCS)
    md = render_markdown(vocab)
    for phrase in ("lowest credible figure", "Background events", "How reports merge", "4 only the year",
                   "3 only a province"):
        assert phrase in md, phrase


def test_allowed_values_come_from_the_schemas_and_vocabularies(vocab):
    specs = {s.name: s for s in column_specs(vocab)}
    assert specs["time_precision"].allowed == [1, 2, 3, 4] and specs["geo_precision"].allowed == [1, 2, 3]
    assert "Rebel group" in specs["inter1"].allowed and specs["event_id_cnty"].unique
    assert specs["fatalities"].required and specs["fatalities"].minimum == 0


def test_readr_types_give_one_letter_per_csv_column(vocab):
    types = readr_col_types(vocab)
    assert len(types) == len(SCHEMAS["events"]) and types[:3] == "cDi"


def test_codebook_command_writes_both_files(tmp_path):
    assert main(["codebook", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "codebook.md").exists() and "<table>" in (tmp_path / "codebook.html").read_text()
