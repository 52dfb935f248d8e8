"""Load the compiled gazetteer and find place names in text with one automaton pass."""

from __future__ import annotations

import functools
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

from pipeline.textfold import fold

if TYPE_CHECKING:
    import pandas as pd

PLACE_COLUMNS = ("place_id", "kind", "name", "country_iso3", "admin1", "admin2", "latitude", "longitude", "population")


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    candidates: tuple[int, ...]  # indices into Gazetteer.places


class Gazetteer:
    def __init__(self, places: pd.DataFrame, keys: pd.DataFrame, stopnames: set[str] | None = None,
                 extra: list[tuple[str, dict]] | None = None,
                 admin1_names: dict[tuple[str, str], str] | None = None,
                 admin1_splits: dict[tuple[str, str], dict[str, str]] | None = None,
                 spellings: list[tuple[str, str, str]] | None = None) -> None:
        """`extra` adds (name, place) pairs, e.g. venues from rules/places; `admin1_names`
        renames first-level units, keyed by (country ISO3, any name the gazetteer knows the unit
        by), to ACLED's spelling;
        `admin1_splits` moves the districts of a unit split since (same key) to the new unit:
        {district: new unit}; `spellings` adds (country ISO3, known name, other spelling)
        transliterations GeoNames lacks ("Baqouba" for Baqubah), for that country's places only."""
        cols = places[list(PLACE_COLUMNS)]
        self.places: list[dict] = cols.astype(object).where(cols.notna(), None).to_dict("records")
        index: dict[str, list[int]] = {}
        for key, idx in zip(keys["key"].tolist(), keys["place_index"].tolist(), strict=False):
            index.setdefault(key, []).append(int(idx))
        renames = _by_unit_name(admin1_names or {}, self.places, index)
        for i, p in enumerate(self.places):
            new = renames.get((p["country_iso3"], p["admin1"]))
            if new is None:
                continue
            p["admin1"] = new
            if p["kind"] == "admin1":  # the old name stays a key: texts use both
                p["name"] = new
                index.setdefault(_key(new), []).append(i)
        for (iso3, old_name), moved in (admin1_splits or {}).items():
            _split_admin1(self.places, iso3, old_name, moved)
        _add_spellings(index, self.places, spellings or [])
        for name, place in extra or []:
            self.places.append(place)
            index.setdefault(fold(name), []).append(len(self.places) - 1)
        stop = stopnames or set()
        self.automaton = ahocorasick.Automaton()
        for key, idxs in index.items():
            if key not in stop:
                self.automaton.add_word(key, (len(key), tuple(idxs)))
        self.automaton.make_automaton()

    @classmethod
    def load(cls, directory: Path, **kw) -> Gazetteer:
        import pandas as pd  # only when the gazetteer is built, not when it comes from the cache

        return cls(pd.read_parquet(directory / "places.parquet"), pd.read_parquet(directory / "keys.parquet"), **kw)

    def find(self, text: str, folded: str | None = None, require_capital: bool = True) -> list[PlaceHit]:
        """Longest, leftmost, whole-word place names; capitalised unless `require_capital` is off."""
        low = folded if folded is not None else fold(text)
        found: list[tuple[int, int, tuple[int, ...]]] = []
        n = len(low)
        for end_idx, (length, idxs) in self.automaton.iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if (start > 0 and low[start - 1].isalnum()) or (end < n and low[end].isalnum()):
                continue
            if require_capital and not text[start].isupper():
                continue
            found.append((start, end, idxs))
        found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[PlaceHit] = []
        last_end = -1
        for start, end, idxs in found:
            if start >= last_end:
                out.append(PlaceHit(start, end, idxs))
                last_end = end
        return out


def _by_unit_name(names: dict[tuple[str, str], str], places: list[dict],
                  index: dict[str, list[int]]) -> dict[tuple[str, str], str]:
    """Key each rename by the unit's gazetteer name. A vocabulary may name a unit by any of
    its names ("Far North" or "Extreme-Nord", "Nord Kivu" or "North Kivu"): the first-level
    unit of that country matched by it is the one renamed."""
    out: dict[tuple[str, str], str] = {}
    for (iso3, old), new in sorted(names.items()):
        units = {places[i]["name"] for i in index.get(_unit_key(old), []) if places[i]["kind"] == "admin1"
                 and places[i]["country_iso3"] == iso3}
        for name in units or {old}:
            out.setdefault((iso3, name), new)
    return out


def _unit_key(name: str) -> str:
    """A name as the gazetteer build keys it (pipeline.geo.build.match_key)."""
    return " ".join(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split())


def _key(name: str) -> str:
    """The index key of a name: folded, with runs of white space made one space."""
    return " ".join(fold(name).split())


def _add_spellings(index: dict[str, list[int]], places: list[dict], spellings: list[tuple[str, str, str]]) -> None:
    for iso3, known, other in spellings:
        idxs = [i for i in index.get(_key(known), []) if places[i]["country_iso3"] == iso3]
        if idxs:
            index.setdefault(_key(other), []).extend(idxs)


def _split_admin1(places: list[dict], iso3: str, old: str, moved: dict[str, str]) -> None:
    """Give the new first-level unit to the places of its districts. Most towns carry no
    district in the GeoNames tables: such a town joins the district whose seat is nearest."""
    members = [p for p in places if p["country_iso3"] == iso3 and p["admin1"] == old]
    seats = [(p["latitude"], p["longitude"], p["admin2"]) for p in members
             if p["kind"] == "admin2" and p["latitude"] is not None]
    for p in members:
        district = p["admin2"]
        if district is None and seats and p["latitude"] is not None:
            district = min(seats, key=lambda s: (s[0] - p["latitude"]) ** 2 + (s[1] - p["longitude"]) ** 2)[2]
        if district in moved:
            p["admin1"] = moved[district]


GAZETTEER_FILES = ("places.parquet", "keys.parquet")
SOURCES_FILE = "sources.json"


def gazetteer_sources(directory: Path) -> dict | None:
    """What the gazetteer in `directory` was compiled from (see build.sources_record), if it says."""
    try:
        return json.loads((directory / SOURCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def gazetteer_fingerprint(directory: Path) -> str:
    """A hash of the gazetteer's tables. Start-up asks twice (the built-gazetteer cache and the
    mention cache's key): the files are hashed once per path, size and modification time."""
    stats = tuple((st.st_size, st.st_mtime_ns) for st in ((directory / n).stat() for n in GAZETTEER_FILES))
    return _fingerprint(str(directory.resolve()), stats)


@functools.lru_cache(maxsize=8)
def _fingerprint(directory: str, stats: tuple) -> str:
    h = hashlib.sha256()
    for name in GAZETTEER_FILES:
        h.update((Path(directory) / name).read_bytes())
    return h.hexdigest()[:16]
