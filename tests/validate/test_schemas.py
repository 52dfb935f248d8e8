"""The table schemas: every check named as the codebook names it, built without importing
dataframe libraries the compiler does not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.validate.schemas import schema_for
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

VOCAB = load_vocabulary(DEFAULT_RULES_DIR)


@pytest.mark.parametrize("table", ["mentions", "events"])
def test_event_tables_share_the_event_field_checks_under_their_names(table):
    schema = schema_for(table, VOCAB)
    table_checks = {c.name for c in schema.checks}
    assert {"fatality_interval_holds_figure", "coordinates_paired", "event_type_in_vocabulary",
            "inter_labels_match_codes"} <= table_checks
    assert [c.name for c in schema.columns["event_date"].checks] == ["is_date", "not_in_future"]


def test_a_mention_carries_every_event_field():
    mentions, events = schema_for("mentions", VOCAB), schema_for("events", VOCAB)
    shared = [c for c in events.columns if c in mentions.columns]
    assert shared[: len(shared) - 1] == list(mentions.columns)[: len(shared) - 1]  # rule_ids closes both
    assert {"mention_id", "evidence", "char_start", "char_end"} <= set(mentions.columns)
    assert {"event_id_cnty", "article_ids", "mention_ids", "n_sources"} <= set(events.columns)


def test_building_the_schemas_does_not_import_dask():
    # pandera's model classes import dask.dataframe (about a second) when dask is installed.
    code = ("import sys\nfrom pipeline.validate.schemas import schema_for\nfrom pipeline.vocab import DEFAULT_RULES_DIR, "
            "load_vocabulary\nv = load_vocabulary(DEFAULT_RULES_DIR)\n[schema_for(t, v) for t in ('articles', 'mentions', "
            "'events')]\nprint('dask.dataframe' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
