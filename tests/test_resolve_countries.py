"""Resolving one country at a time gives what one run over every mention gives."""

from __future__ import annotations

import datetime as dt
import random

from pipeline.resolve import ResolveParams, resolve_events
from pipeline.resolve_countries import country_partitions, resolve_by_country
from pipeline.tables import to_arrow
from tests.test_resolve import RANK, _repeated_reports


def _mixed_countries(seed: int) -> list[dict]:
    """Repeated reports spread over three countries and over mentions with no country, ids
    shuffled so that the countries interleave in mention-id order; one report spans days."""
    rng = random.Random(seed)
    ms = _repeated_reports(seed)
    for m in ms:
        m["iso3"] = rng.choice(["COD", "NGA", "KEN", None, ""])
        m["mention_id"] = f"{rng.randrange(10**6):06d}-{m['mention_id']}"
    ms[0].update(event_date=dt.date(2024, 4, 1), event_date_end=dt.date(2024, 4, 3), time_precision=1, fatalities=7)
    return ms


def test_by_country_equals_one_run_over_every_mention():
    for seed in range(6):
        ms = _mixed_countries(seed)
        events, merges = resolve_events(ms, ResolveParams(), RANK)
        by_events, by_merges = resolve_by_country(to_arrow(ms, "mentions"), ResolveParams(), RANK)
        assert by_events.equals(to_arrow(events, "events"))
        assert by_merges.equals(to_arrow(merges, "merges"))
        assert by_events.column(0).num_chunks == 1 and by_merges.column(0).num_chunks == 1
        assert any(len(e["article_ids"]) > 1 for e in events)  # reports merged, so the test can fail


def test_each_country_is_one_partition_and_no_country_is_one_more():
    t = to_arrow([{"mention_id": f"m{i}", "iso3": c} for i, c in enumerate(["COD", None, "NGA", "", "COD"])],
                 "mentions")
    parts = sorted(p.to_pylist() for p in country_partitions(t))
    assert parts == [[0, 4], [1, 3], [2]]


def test_finish_events_completes_each_country_s_rows():
    ms = _mixed_countries(1)

    def scale(events):
        for e in events:
            e["source_scale"] = "National"

    events, _ = resolve_by_country(to_arrow(ms, "mentions"), ResolveParams(), RANK, scale)
    assert set(events.column("source_scale").to_pylist()) == {"National"}
