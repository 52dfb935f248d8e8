"""The built gazetteer is cached under a key of everything it is made from, and checked on load."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.geo.built import MAGIC, load_built
from pipeline.geo.gazetteer import Gazetteer


@pytest.fixture
def tables(tmp_path):
    """A one-town gazetteer table pair, and a list that records each build from it."""
    places = pd.DataFrame([{"place_id": "p1", "kind": "city", "name": "Tovana", "country_iso3": "MLI",
                            "admin1": "Kidal", "admin2": None, "latitude": 18.0, "longitude": 1.0, "population": 900}])
    places.to_parquet(tmp_path / "places.parquet")
    pd.DataFrame({"key": ["tovana"], "place_index": [0]}).to_parquet(tmp_path / "keys.parquet")
    builds: list[int] = []

    def load(options: dict) -> Gazetteer:
        def build() -> Gazetteer:
            builds.append(1)
            return Gazetteer.load(tmp_path)

        return load_built(tmp_path, options, build, cache_root=tmp_path / "cache")

    return load, builds


def test_built_once_then_read_back(tables):
    load, builds = tables
    first, again = load({"stopnames": []}), load({"stopnames": []})
    assert len(builds) == 1
    text = "Fighting near Tovana on Monday."
    assert again.find(text) == first.find(text) != []


def test_other_options_or_damaged_tables_rebuild(tables, tmp_path):
    load, builds = tables
    load({"stopnames": []})
    load({"stopnames": ["tovana"]})
    assert len(builds) == 2
    for f in (tmp_path / "cache" / "built").glob("*.bin"):
        data = bytearray(f.read_bytes())
        data[data.index(b"\n", len(MAGIC)) + 20] ^= 0xFF  # a byte of the tables, the first section
        f.write_bytes(bytes(data))
    load({"stopnames": []})
    assert len(builds) == 3


def test_a_damaged_automaton_is_rebuilt_from_the_names_when_first_needed(tables, tmp_path):
    load, builds = tables
    first = load({"stopnames": []})
    (path,) = (tmp_path / "cache" / "built").glob("*.bin")
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # the last byte of the automaton, the second section
    path.write_bytes(bytes(data))
    again = load({"stopnames": []})
    assert len(builds) == 1 and again._automaton is None  # the tables passed their check
    text = "Fighting near Tovana on Monday."
    again.lookup_chars = 0  # use the automaton now
    assert again.find(text) == first.find(text) != []
    assert path.read_bytes() != bytes(data)  # written again, whole
    assert load({"stopnames": []}).automaton.get("tovana") == first.automaton.get("tovana")
    assert len(builds) == 1


def test_place_records_read_back_as_they_were_written(tables, tmp_path):
    from pipeline.geo.gazetteer import PlaceTable

    places = [{"place_id": "a", "kind": "city", "name": "Ségou", "latitude": 13.4, "population": 10**12, "x": None},
              {"place_id": "b", "kind": "city", "name": "B", "latitude": None, "population": 0, "x": [1]},
              {"kind": "venue", "place_id": "c", "name": "C", "latitude": -0.0, "population": -5, "x": 2.5},
              {"place_id": "d", "kind": "venue", "name": "D", "latitude": 1.0, "population": 1, "x": "s",
               "venue_id": "v1"}]
    table = PlaceTable(PlaceTable.state_of(places))
    assert len(table) == 4 and list(table) == places
    assert [list(p) for p in table] == [list(p) for p in places]  # the same fields in the same order
    assert table[-1] is table[3] and table[1:3] == places[1:3]
