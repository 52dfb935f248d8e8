"""The stage functions add what needs the vocabularies: an event's source scale."""

from __future__ import annotations

from pipeline import stages
from pipeline.resolve import ResolveParams
from tests.test_resolve import D, mention


def test_resolved_events_carry_the_scale_of_their_known_sources(rulebook):
    wire, paper = mention("a#m1", "a", D), mention("b#m1", "b", D)
    wire["source"], paper["source"] = "Reuters", "Daily Nation"
    events, _ = stages.resolve([wire, paper], rulebook, ResolveParams())
    assert len(events) == 1 and events[0]["source"] == "Daily Nation; Reuters"
    assert events[0]["source_scale"] == "National-International"
