"""Opt-in online geocoding through geopy's Nominatim, for names the gazetteer lacks.

Off by default: the compiler never needs the network. When switched on
(`--geocoder nominatim`), every query goes through a disk cache (a JSON file, so
a rerun asks nothing twice and stays deterministic), a rate limiter (Nominatim's
policy is one request a second) and a timeout; a failed query is cached as a miss.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class OnlineCues(CueSet):
    """The words that pick the names worth asking for: rules/cues/online.yaml, cue `online-<field>`."""

    PREFIX = "online"
    place_phrase: re.Pattern

USER_AGENT = "conflict-events (https://example.org/conflict-events)"


class OnlineGeocoder:
    def __init__(self, cache_path: Path, geocoder=None, min_delay_seconds: float = 1.0, timeout: float = 10.0) -> None:
        """`geocoder` is any object with geopy's `geocode(query, country_codes=..., exactly_one=True)`."""
        self.cache_path = Path(cache_path)
        self.cache: dict[str, dict | None] = {}
        if self.cache_path.exists():
            self.cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
        if geocoder is None:
            from geopy.geocoders import Nominatim

            geocoder = Nominatim(user_agent=USER_AGENT, timeout=timeout)
        from geopy.extra.rate_limiter import RateLimiter

        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
                                    swallow_exceptions=True, return_value_on_exception=None)

    def lookup(self, name: str, country_iso2: str | None) -> dict | None:
        key = f"{name}|{country_iso2 or ''}"
        if key not in self.cache:
            kwargs = {"exactly_one": True}
            if country_iso2:
                kwargs["country_codes"] = country_iso2.lower()
            loc = self._geocode(name, **kwargs)
            self.cache[key] = None if loc is None else {
                "name": name, "latitude": round(float(loc.latitude), 5), "longitude": round(float(loc.longitude), 5)}
            self.save()
        return self.cache[key]

    def save(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self.cache_path.write_text(json.dumps(self.cache, indent=1, sort_keys=True), encoding="utf-8")


def refine_mention(mention: dict, evidence: str, geocoder: OnlineGeocoder, iso2_of: dict[str, str],
                   cues: OnlineCues) -> None:
    """Give a mention coded only to its country or region a town the gazetteer lacks."""
    if mention.get("geo_precision") not in (None, 3):
        return
    iso3 = mention.get("iso3")
    for m in cues.place_phrase.finditer(evidence):
        name = m.group(1)
        if name == mention.get("country") or name == mention.get("admin1"):
            continue
        hit = geocoder.lookup(name, iso2_of.get(iso3) if iso3 else None)
        if hit:
            mention.update(location=name, latitude=hit["latitude"], longitude=hit["longitude"], geo_precision=1)
            mention["rule_ids"] = sorted({*mention["rule_ids"], "online-geocoder-nominatim"})
            return
