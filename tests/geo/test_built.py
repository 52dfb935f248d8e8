"""The built gazetteer is cached under a key of everything it is made from, and checked on load."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.geo.built import load_built
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


def test_other_options_or_a_damaged_file_rebuild(tables, tmp_path):
    load, builds = tables
    load({"stopnames": []})
    load({"stopnames": ["tovana"]})
    assert len(builds) == 2
    for f in (tmp_path / "cache" / "built").glob("*.bin"):
        data = bytearray(f.read_bytes())
        data[-1] ^= 0xFF
        f.write_bytes(bytes(data))
    load({"stopnames": []})
    assert len(builds) == 3
