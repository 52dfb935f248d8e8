"""The gazetteer's load-time corrections, on a tiny invented table."""

from __future__ import annotations

import pandas as pd

from pipeline.geo.gazetteer import Gazetteer


def _place(name, kind, admin1, admin2, lat, lon):
    return {"place_id": name, "kind": kind, "name": name, "country_iso3": "XXX", "admin1": admin1,
            "admin2": admin2, "latitude": lat, "longitude": lon, "population": 5000}


def test_a_split_unit_takes_its_districts_and_the_towns_nearest_their_seats():
    places = pd.DataFrame([
        _place("Northseat", "admin2", "Old", "Northseat", 10.0, 0.0),
        _place("Southseat", "admin2", "Old", "Southseat", 0.0, 0.0),
        _place("Hilltown", "city", "Old", None, 9.0, 0.5),   # nearest seat: Northseat
        _place("Rivertown", "city", "Old", None, 1.0, 0.5),  # nearest seat: Southseat
    ])
    keys = pd.DataFrame({"key": ["hilltown"], "place_index": [2]})
    g = Gazetteer(places, keys, admin1_splits={("XXX", "Old"): {"Northseat": "New"}})
    assert [p["admin1"] for p in g.places[:4]] == ["New", "Old", "New", "Old"]


def test_a_unit_made_by_a_split_is_a_place_at_its_largest_town_known_by_its_names():
    places = pd.DataFrame([
        _place("Northseat", "admin2", "Old", "Northseat", 10.0, 0.0),
        _place("Southseat", "admin2", "Old", "Southseat", 0.0, 0.0),
        {**_place("Hilltown", "city", "Old", None, 9.0, 0.5), "population": 5000},
        {**_place("Lowtown", "city", "Old", None, 9.5, 0.2), "population": 900},
    ])
    keys = pd.DataFrame({"key": ["hilltown"], "place_index": [2]})
    g = Gazetteer(places, keys, admin1_splits={("XXX", "Old"): {"Northseat": "Old-North"}},
                  part_names={("XXX", "Old-North"): ["Northern Old"]})
    part = g.places[-1]
    assert (part["kind"], part["name"], part["admin1"]) == ("admin1", "Old-North", "Old-North")
    assert (part["latitude"], part["longitude"], part["population"]) == (9.0, 0.5, 5900)
    for text in ("Shots were heard in Old-North.", "Shots were heard in Northern Old."):
        assert [g.places[i]["name"] for h in g.find(text) for i in h.candidates] == ["Old-North"]


def test_another_spelling_matches_only_that_country_s_place():
    places = pd.DataFrame([_place("Hilltown", "city", "Old", None, 9.0, 0.5),
                           {**_place("Hilltown", "city", "Far", None, 1.0, 0.5), "country_iso3": "YYY"}])
    keys = pd.DataFrame({"key": ["hilltown", "hilltown"], "place_index": [0, 1]})
    g = Gazetteer(places, keys, spellings=[("XXX", "Hilltown", "Hilltoun"), ("XXX", "Nowhere", "Nowhere Else")])
    hits = g.find("Shots were heard in Hilltoun at dawn.")
    assert [h.candidates for h in hits] == [(0,)]
    assert not g.find("Nowhere Else")


def test_a_unit_is_renamed_by_any_name_it_is_known_by():
    # The vocabulary may name a province by an alternate name ("Upper Vale" for "Haute-Vallée").
    places = pd.DataFrame([_place("Haute-Vallée", "admin1", "Haute-Vallée", None, 1.0, 1.0),
                           _place("Hilltown", "city", "Haute-Vallée", None, 1.0, 1.1)])
    keys = pd.DataFrame({"key": ["haute-vallee", "upper vale", "hilltown"], "place_index": [0, 0, 1]})
    g = Gazetteer(places, keys, admin1_names={("XXX", "Upper Vale"): "Haute-Vallee"})
    assert [p["admin1"] for p in g.places] == ["Haute-Vallee", "Haute-Vallee"]
    assert g.find("Troops entered Haute-Vallee on Monday.")


def _two_ways(g: Gazetteer) -> tuple[Gazetteer, Gazetteer]:
    """The same places and names, one finding them by its automaton, one by looking them up."""
    by_automaton = Gazetteer.from_parts(g.places, g.names, lambda: g.automaton)
    by_automaton.lookup_chars = 0
    by_lookup = Gazetteer.from_parts(g.places, g.names, lambda: None)
    by_lookup.lookup_chars = 10**12
    return by_automaton, by_lookup


def _same_both_ways(g: Gazetteer, texts: list[str]) -> int:
    by_automaton, by_lookup = _two_ways(g)
    hits = 0
    for text in texts:
        for capital in (True, False):
            a = by_automaton.find(text, require_capital=capital)
            assert a == by_lookup.find(text, require_capital=capital), text[:200]
            hits += len(a)
    assert by_automaton._automaton is not None and by_lookup._automaton is None
    return hits


def test_looking_names_up_finds_what_the_automaton_finds():
    names = ["Kidal", "Kidal Region", "Al Qa'im", "Saint-Louis", "St. Louis", "Louis", "Ouest", "Bay", "Bay City",
             "Port-au-Prince", "Prince", "Ain", "Ain Issa", "Çatalca", "Gaza", "Gaza City", "Zone 3"]
    places = pd.DataFrame([_place(n, "city", "Old", None, 1.0, 1.0) for n in names])
    keys = pd.DataFrame({"key": [" ".join(n.lower().split()) for n in names] + ["kidal"],
                         "place_index": list(range(len(names))) + [1]})
    g = Gazetteer(places, keys)
    texts = ["Fighting in Kidal Region and Kidal; KIDAL, Kidal-Region, Kidalx and xKidal.",
             "From Saint-Louis to St. Louis, Louis; Port-au-Prince (Prince) at Bay City Bay.",
             "Al Qa'im, Ain Issa, Ain, Çatalca, Gaza City's Gaza, Zone 3, Zone 34, zone 3.",
             "", "Kidal", "Bay City", "  Gaza  City  ", "Ouest-Ouest Ouest"]
    assert _same_both_ways(g, texts) > 20


def test_a_cached_gazetteer_looks_up_until_its_texts_are_long_enough_then_builds_its_automaton():
    places = pd.DataFrame([_place("Hilltown", "city", "Old", None, 9.0, 0.5)])
    g = Gazetteer(places, pd.DataFrame({"key": ["hilltown"], "place_index": [0]}))
    reads = []
    cached = Gazetteer.from_parts(g.places, g.names, lambda: reads.append(1) or g.automaton)
    cached.lookup_chars = 60
    text = "Shots were heard in Hilltown at dawn."  # 37 characters
    assert cached.find(text) == g.find(text) != []
    assert cached._automaton is None and not reads
    assert cached.find(text) == g.find(text)  # 74 characters in all: past the limit
    assert cached._automaton is not None and reads == [1]


def test_the_real_gazetteer_finds_the_same_names_both_ways_on_real_texts(extractor):
    import gzip
    import json
    import random

    from tests.conftest import ROOT, shared_path

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "data" / "sample").rglob("*"))
             if p.is_file() and p.suffix in (".txt", ".html", ".jsonl", ".csv")]
    with gzip.open(shared_path("corpus", "conflict_event_texts.jsonl.gz"), "rt", encoding="utf-8") as f:
        rows = [json.loads(line)["text"] for _, line in zip(range(3000), f, strict=False)]
    texts += random.Random(3).sample(rows, 200)
    assert _same_both_ways(extractor.places.gazetteer, texts) > 1000
