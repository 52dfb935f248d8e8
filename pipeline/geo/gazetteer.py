"""Load the compiled gazetteer and find place names in text with one automaton pass."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import pandas as pd

from pipeline.textfold import fold

PLACE_COLUMNS = ("place_id", "kind", "name", "country_iso3", "admin1", "admin2", "latitude", "longitude", "population")


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    candidates: tuple[int, ...]  # indices into Gazetteer.places


class Gazetteer:
    def __init__(self, places: pd.DataFrame, keys: pd.DataFrame, stopnames: set[str] | None = None,
                 extra: list[tuple[str, dict]] | None = None,
                 admin1_names: dict[tuple[str, str], str] | None = None) -> None:
        """`extra` adds (name, place) pairs, e.g. venues from rules/places; `admin1_names`
        renames first-level units, keyed by (country ISO3, gazetteer name), to ACLED's spelling."""
        cols = places[list(PLACE_COLUMNS)]
        self.places: list[dict] = cols.astype(object).where(cols.notna(), None).to_dict("records")
        index: dict[str, list[int]] = {}
        for key, idx in zip(keys["key"].tolist(), keys["place_index"].tolist(), strict=False):
            index.setdefault(key, []).append(int(idx))
        for i, p in enumerate(self.places):
            new = (admin1_names or {}).get((p["country_iso3"], p["admin1"]))
            if new is None:
                continue
            p["admin1"] = new
            if p["kind"] == "admin1":  # the old name stays a key: texts use both
                p["name"] = new
                index.setdefault(" ".join(fold(new).split()), []).append(i)
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


def gazetteer_fingerprint(directory: Path) -> str:
    h = hashlib.sha256()
    for name in ("places.parquet", "keys.parquet"):
        h.update((directory / name).read_bytes())
    return h.hexdigest()[:16]
