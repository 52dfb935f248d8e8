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
    assert [p["admin1"] for p in g.places] == ["New", "Old", "New", "Old"]


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
