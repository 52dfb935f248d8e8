"""Mentions of one event from several outlets become one event; ids are stable."""

from __future__ import annotations

import datetime as dt
import random

from pipeline import resolve
from pipeline.resolve import ResolveParams, _candidate_pairs, _same_day, event_id, resolve_events
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

RANK = load_vocabulary(DEFAULT_RULES_DIR).rank


def mention(mid, article, day, place="Goma", fatalities=0, sub="Attack", etype="Violence against civilians",
            lat=-1.68, lon=29.22, pub=None, background=False, low=None, high=None):
    return {
        "mention_id": mid, "article_id": article, "event_date": day, "time_precision": 1, "iso3": "COD",
        "event_type": etype, "sub_event_type": sub, "location": place, "latitude": lat, "longitude": lon,
        "geo_precision": 1, "fatalities": fatalities, "fatalities_low": low if low is not None else fatalities,
        "fatalities_high": high if high is not None else fatalities, "source": f"outlet-{article}",
        "publication_date": pub or day, "background": background, "evidence": f"text {mid}", "rule_ids": ["r"],
    }


D = dt.date(2024, 4, 3)


def test_same_day_same_place_from_two_outlets_is_one_event_with_the_conservative_toll():
    ms = [mention("a#m1", "a", D, fatalities=12, high=20), mention("b#m1", "b", D, fatalities=9)]
    events, merges = resolve_events(ms, ResolveParams(), RANK)
    assert len(events) == 1
    e = events[0]
    assert e["fatalities"] == 9 and e["fatalities_high"] == 20 and e["fatalities_low"] <= 9
    assert e["n_sources"] == 2 and e["article_ids"] == ["a", "b"]
    assert {m["criterion"] for m in merges} == {"same-day-same-place"}


def test_latest_policy_keeps_the_latest_report():
    ms = [mention("a#m1", "a", D, fatalities=12, pub=D + dt.timedelta(days=2)), mention("b#m1", "b", D, fatalities=9)]
    [e], _ = resolve_events(ms, ResolveParams(fatalities_policy="latest"), RANK)
    assert e["fatalities"] == 12


def test_nearby_places_merge_within_the_distance():
    ms = [mention("a#m1", "a", D), mention("b#m1", "b", D, place="Sake", lat=-1.57, lon=29.04)]
    assert len(resolve_events(ms, ResolveParams(merge_distance_km=25), RANK)[0]) == 1
    assert len(resolve_events(ms, ResolveParams(merge_distance_km=5), RANK)[0]) == 2


def test_different_days_or_types_stay_apart():
    ms = [mention("a#m1", "a", D), mention("b#m1", "b", D + dt.timedelta(days=3)),
          mention("c#m1", "c", D, sub="Peaceful protest", etype="Protests")]
    assert len(resolve_events(ms, ResolveParams(), RANK)[0]) == 3


def test_higher_type_in_the_hierarchy_wins():
    ms = [mention("a#m1", "a", D), mention("b#m1", "b", D, sub="Armed clash", etype="Battles")]
    [e], _ = resolve_events(ms, ResolveParams(), RANK)
    assert e["sub_event_type"] == "Attack"


def test_unrelated_article_changes_no_existing_id():
    base = [mention("a#m1", "a", D), mention("b#m1", "b", D)]
    before = {e["event_id_cnty"] for e in resolve_events(base, ResolveParams(), RANK)[0]}
    extra = base + [mention("z#m1", "z", D - dt.timedelta(days=30), place="Bunia", lat=1.56, lon=30.25)]
    after = {e["event_id_cnty"] for e in resolve_events(extra, ResolveParams(), RANK)[0]}
    assert before < after


def test_event_ids_are_country_prefixed_and_order_free():
    assert event_id("COD", ["b", "a"]) == event_id("COD", ["a", "b"])
    assert event_id("COD", ["a"]).startswith("COD") and len(event_id("COD", ["a"])) == 3 + resolve.ID_DIGITS


def test_events_whose_ids_collide_stay_apart_in_key_order(monkeypatch):
    # Force every event onto one id: the smallest mention key keeps it, the rest are numbered,
    # and the merge log points each mention at its own event.
    monkeypatch.setattr(resolve, "event_id", lambda iso3, keys: "COD000000000042")
    ms = [mention("c#m1", "c", D, place="Beni"), mention("a#m1", "a", D - dt.timedelta(days=9), place="Bunia"),
          mention("b#m1", "b", D - dt.timedelta(days=20), place="Uvira")]
    events, merges = resolve_events(ms, ResolveParams(), RANK)
    ids = {e["mention_ids"][0]: e["event_id_cnty"] for e in events}
    assert ids == {"a#m1": "COD000000000042", "b#m1": "COD000000000042-2", "c#m1": "COD000000000042-3"}
    assert {m["mention_id"]: m["event_id_cnty"] for m in merges} == ids


def test_the_pairs_compared_are_every_pair_that_can_share_a_day():
    # Day-precision mentions are compared only within their date; wider ones with all. No pair
    # that _same_day accepts may be skipped, and the order is that of a full pairwise scan.
    rng = random.Random(7)
    ms = [{"event_date": D + dt.timedelta(days=rng.randrange(60)), "time_precision": rng.choice([1, 1, 1, 2, 3, 4, None])}
          for _ in range(150)]
    idxs = list(range(len(ms)))
    pairs = list(_candidate_pairs(ms, idxs))
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)
    needed = {(i, j) for i in idxs for j in idxs if i < j and _same_day(ms[i], ms[j])}
    assert needed <= set(pairs) and len(pairs) < len(idxs) * (len(idxs) - 1) // 2


def test_an_undated_report_joins_the_one_dated_event_nearby():
    undated = mention("u#m1", "u", None, place="Goma", fatalities=30)
    ms = [mention("a#m1", "a", D, fatalities=12), undated]
    [e], merges = resolve_events(ms, ResolveParams(), RANK)
    assert e["event_date"] == D and e["n_sources"] == 2
    assert {m["criterion"] for m in merges} == {"undated-report-same-place", "merge-anchor"}


def test_an_undated_report_with_two_candidates_stays_alone():
    ms = [mention("a#m1", "a", D), mention("b#m1", "b", D + dt.timedelta(days=5)), mention("u#m1", "u", None)]
    assert len(resolve_events(ms, ResolveParams(), RANK)[0]) == 3


def test_a_three_day_event_is_split_per_day_with_the_toll_divided():
    m = mention("a#m1", "a", D, fatalities=10, high=14)
    m["event_date_end"] = D + dt.timedelta(days=2)
    events, merges = resolve_events([m], ResolveParams(), RANK)
    assert [e["event_date"] for e in events] == [D, D + dt.timedelta(days=1), D + dt.timedelta(days=2)]
    assert [e["fatalities"] for e in events] == [4, 3, 3]
    assert all(e["mention_ids"] == ["a#m1"] for e in events)
    assert len({e["event_id_cnty"] for e in events}) == 3
    assert all("split-by-day" in m["criterion"] for m in merges)


def _reference_reach(m, candidates, ms, uf, km):
    # The search before its shortcuts: every candidate's distance, every root within reach.
    roots = set()
    for j in candidates:
        o = ms[j]
        if o["article_id"] != m["article_id"]:
            d = resolve._km(m, o)
            if d is not None and d <= km:
                roots.add(uf.find(j))
    return roots


def _repeated_reports(seed: int) -> list[dict]:
    """Events reported by several outlets (copies under new ids), undated reports among them."""
    rng = random.Random(seed)
    ms = []
    for n in range(60):
        day = None if rng.random() < 0.3 else D + dt.timedelta(days=rng.randrange(4))
        lat, lon = -1.6 + rng.random() * 0.6, 29.2 + rng.random() * 0.6
        place = rng.choice(["Goma", "Rutshuru", "Beni", None])
        etype = rng.choice(["Violence against civilians", "Battles", "Riots"])
        for copy in range(rng.randrange(1, 5)):
            m = mention(f"{n}~{copy}#m1", f"{n}~{copy}", day, place=place, etype=etype, lat=lat, lon=lon,
                        fatalities=rng.randrange(5))
            m.update(time_precision=rng.choice([1, 1, 2]), year=day.year if day else None)
            ms.append(m)
    return ms


def test_the_shortcuts_of_the_undated_search_change_no_event(monkeypatch):
    for seed in range(8):
        fast = resolve_events(_repeated_reports(seed), ResolveParams(), RANK)
        with monkeypatch.context() as m:
            m.setattr(resolve, "_events_within_reach", _reference_reach)
            slow = resolve_events(_repeated_reports(seed), ResolveParams(), RANK)
        assert fast == slow
        assert any(c.startswith("undated-report") for c in (r["criterion"] for r in fast[1]))
