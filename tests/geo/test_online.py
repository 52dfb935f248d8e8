"""The opt-in online geocoder, with a stand-in for Nominatim: tests never use the network."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.geo.online import OnlineCues, OnlineGeocoder, refine_mention


class FakeNominatim:
    def __init__(self):
        self.calls = []

    def geocode(self, query, exactly_one=True, country_codes=None):
        self.calls.append((query, country_codes))
        if query == "Kaga Bandoro":
            return SimpleNamespace(latitude=6.98961, longitude=19.18744)
        return None


def test_lookups_are_cached_on_disk(tmp_path):
    fake = FakeNominatim()
    geo = OnlineGeocoder(tmp_path / "cache.json", geocoder=fake, min_delay_seconds=0)
    assert geo.lookup("Kaga Bandoro", "CF")["latitude"] == 6.98961
    assert geo.lookup("Nowhere Town", "CF") is None
    geo.lookup("Kaga Bandoro", "CF")
    assert fake.calls == [("Kaga Bandoro", "cf"), ("Nowhere Town", "cf")]
    again = OnlineGeocoder(tmp_path / "cache.json", geocoder=FakeNominatim(), min_delay_seconds=0)
    assert again.lookup("Kaga Bandoro", "CF")["longitude"] == 19.18744


def test_country_level_mention_gets_the_town(tmp_path, rulebook):
    geo = OnlineGeocoder(tmp_path / "c.json", geocoder=FakeNominatim(), min_delay_seconds=0)
    m = {"geo_precision": 3, "iso3": "CAF", "country": "Central African Republic", "admin1": None, "rule_ids": ["r"]}
    refine_mention(m, "Rebels attacked a camp in Kaga Bandoro on Monday.", geo, {"CAF": "CF"}, rulebook.cue_set(OnlineCues))
    assert m["location"] == "Kaga Bandoro" and m["geo_precision"] == 1
    assert "online-geocoder-nominatim" in m["rule_ids"]


def test_town_level_mention_is_left_alone(tmp_path, rulebook):
    fake = FakeNominatim()
    geo = OnlineGeocoder(tmp_path / "c.json", geocoder=fake, min_delay_seconds=0)
    m = {"geo_precision": 1, "iso3": "CAF", "location": "Bangui", "rule_ids": []}
    refine_mention(m, "Rebels attacked a camp in Kaga Bandoro.", geo, {"CAF": "CF"}, rulebook.cue_set(OnlineCues))
    assert m["location"] == "Bangui" and fake.calls == []
