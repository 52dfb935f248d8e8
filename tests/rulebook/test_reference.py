"""The committed rule reference is regenerated in memory and must match (`make docs`)."""

from __future__ import annotations

from pipeline.rulebook.reference import render_reference
from tests.conftest import ROOT


def test_rule_reference_is_fresh(rulebook):
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_reference(rulebook), "docs/rules.md is stale: run `make docs`"


def test_reference_lists_every_rule(rulebook):
    text = render_reference(rulebook)
    for cr in rulebook.all_rules():
        assert f"`{cr.id}`" in text


def test_reference_lists_every_cue_and_lexicon_fragment(rulebook):
    text = render_reference(rulebook)
    for cue_id in rulebook.cues:
        assert f"`{cue_id}`" in text
    for name in rulebook.fragments:
        assert f"`{{{name}}}`" in text
