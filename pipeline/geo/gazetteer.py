"""Load the compiled gazetteer and find place names in text with one automaton pass.

The names are kept in a `NameTable` (sorted, with each name's places) and matched by an
Aho-Corasick automaton built over it. Built once, both go to the per-user cache
(built.py); loading the tables from there takes milliseconds, the automaton over half a
second (half a million names, nearly three million nodes). So a gazetteer read from the
cache builds its automaton only when the texts it has been asked about add up to more
than LOOKUP_CHARS characters: until then each text's candidate names, every stretch of
it that begins and ends at a word boundary, are looked up in the table. Both ways find
exactly the same names (the automaton's hits are filtered to the same boundaries), so
`explain` and a compile of a few articles never pay for the automaton, and a long run
pays for it once.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Sequence
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
                 part_names: dict[tuple[str, str], Sequence[str]] | None = None,
                 district_admin1: Sequence[str] = (),
                 spellings: list[tuple[str, str, str]] | None = None) -> None:
        """`extra` adds (name, place) pairs, e.g. venues from rules/places; `admin1_names`
        renames first-level units, keyed by (country ISO3, any name the gazetteer knows the unit
        by), to ACLED's spelling;
        `admin1_splits` moves the districts of a unit split since (same key) to the new unit:
        {district: new unit}; a new unit the tables do not name becomes a place of its own,
        known by its name and those `part_names` gives it (keyed by country and new unit); `district_admin1` names the countries whose districts are
        ACLED's first-level units (Uganda's regions have no administration); `spellings` adds (country ISO3, known name, other spelling)
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
            named = {p["name"] for p in self.places if p["kind"] == "admin1" and p["country_iso3"] == iso3}
            for part in sorted(set(moved.values()) - named):
                self.places.append(_part_unit(self.places, iso3, part))
                for name in (part, *(part_names or {}).get((iso3, part), ())):
                    index.setdefault(_key(name), []).append(len(self.places) - 1)
        for iso3 in district_admin1:
            _districts_as_admin1(self.places, iso3)
        _add_spellings(index, self.places, spellings or [])
        for name, place in extra or []:
            self.places.append(place)
            index.setdefault(fold(name), []).append(len(self.places) - 1)
        stop = stopnames or set()
        self.names = NameTable.of({key: idxs for key, idxs in index.items() if key not in stop})
        self._automaton: ahocorasick.Automaton | None = automaton_of(self.names)
        self._read_automaton: Callable[[], ahocorasick.Automaton | None] | None = None
        self._looked_up, self.lookup_chars = 0, LOOKUP_CHARS

    @classmethod
    def from_parts(cls, places: Sequence[dict], names: NameTable,
                   read_automaton: Callable[[], ahocorasick.Automaton | None]) -> Gazetteer:
        """A gazetteer read back from the cache: its automaton comes from `read_automaton()`
        when first needed (built from the names if that gives None)."""
        g = cls.__new__(cls)
        g.places, g.names = places, names
        g._automaton, g._read_automaton, g._looked_up, g.lookup_chars = None, read_automaton, 0, LOOKUP_CHARS
        return g

    @classmethod
    def load(cls, directory: Path, **kw) -> Gazetteer:
        import pandas as pd  # only when the gazetteer is built, not when it comes from the cache

        return cls(pd.read_parquet(directory / "places.parquet"), pd.read_parquet(directory / "keys.parquet"), **kw)

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """The name automaton (values: indices into `names`), read or built on first use."""
        if self._automaton is None:
            read, self._read_automaton = self._read_automaton, None
            self._automaton = (read() if read is not None else None) or automaton_of(self.names)
        return self._automaton

    def find(self, text: str, folded: str | None = None, require_capital: bool = True) -> list[PlaceHit]:
        """Longest, leftmost, whole-word place names; capitalised unless `require_capital` is off."""
        low = folded if folded is not None else fold(text)
        n = len(low)
        if self._automaton is None and self._looked_up + n <= self.lookup_chars:
            self._looked_up += n
            raw: Iterator[tuple[int, int]] = self.names.matches(low)
        else:
            raw = self.automaton.iter(low)
        lengths = self.names.lengths
        found: list[tuple[int, int, int]] = []
        for end_idx, name in raw:
            start, end = end_idx - lengths[name] + 1, end_idx + 1
            if (start > 0 and low[start - 1].isalnum()) or (end < n and low[end].isalnum()):
                continue
            if require_capital and not text[start].isupper():
                continue
            found.append((start, end, name))
        found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[PlaceHit] = []
        last_end = -1
        for start, end, name in found:
            if start >= last_end:
                out.append(PlaceHit(start, end, self.names.candidates(name)))
                last_end = end
        return out


# Characters of text a gazetteer read from the cache looks its names up in before it builds
# its automaton: looking up costs about 4 microseconds a character, the automaton over half
# a second once, then nearly nothing.
LOOKUP_CHARS = 50_000


def _utf8(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


class NameTable:
    """The gazetteer's names (folded keys) in code point order, which is also the order of
    their UTF-8 bytes, each with its length in characters and its places (indices into
    Gazetteer.places). Plain arrays and one bytes blob: saved and loaded whole."""

    def __init__(self, blob: bytes, offsets: array, lengths: array, places: array, place_offsets: array) -> None:
        self.blob, self.offsets, self.lengths = blob, offsets, lengths
        self.places, self.place_offsets = places, place_offsets
        self.longest = max(lengths, default=0)

    @classmethod
    def of(cls, index: dict[str, list[int]]) -> NameTable:
        keys = sorted(index)
        blob, offsets, lengths = bytearray(), array("q", [0]), array("i")
        places, place_offsets = array("q"), array("q", [0])
        for key in keys:
            blob += _utf8(key)
            offsets.append(len(blob))
            lengths.append(len(key))
            places.extend(index[key])
            place_offsets.append(len(places))
        return cls(bytes(blob), offsets, lengths, places, place_offsets)

    def state(self) -> tuple:
        return (self.blob, self.offsets.tobytes(), self.lengths.tobytes(), self.places.tobytes(),
                self.place_offsets.tobytes())

    @classmethod
    def from_state(cls, state: tuple) -> NameTable:
        blob, *arrays = state
        return cls(blob, *(_array(code, data) for code, data in zip("qiqq", arrays, strict=True)))

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, i: int) -> bytes:  # the i-th name's UTF-8 bytes (for bisect)
        return self.blob[self.offsets[i]:self.offsets[i + 1]]

    def key(self, i: int) -> str:
        return self[i].decode("utf-8", "surrogatepass")

    def candidates(self, i: int) -> tuple[int, ...]:
        return tuple(self.places[self.place_offsets[i]:self.place_offsets[i + 1]])

    def matches(self, low: str) -> Iterator[tuple[int, int]]:
        """(end index, name) for every name that occurs in `low` beginning and ending at a word
        boundary (after a non-alphanumeric character or at the start; before one or at the
        end): what the automaton reports and Gazetteer.find keeps. For each such start, the
        stretches to each later boundary are looked up, longer ones only while some name
        begins with the stretch so far."""
        n = len(low)
        ends = [e for e in range(1, n + 1) if e == n or not low[e].isalnum()]
        size = len(self)
        for s in range(n):
            if s > 0 and low[s - 1].isalnum():
                continue
            for e in ends[bisect.bisect_right(ends, s):]:
                if e - s > self.longest:
                    break
                sub = _utf8(low[s:e])
                i = bisect.bisect_left(self, sub)
                if i == size:
                    break
                name = self[i]
                if name == sub:
                    yield e - 1, i
                elif not name.startswith(sub):
                    break  # no name begins with this stretch, so none with a longer one


def automaton_of(names: NameTable) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for i in range(len(names)):
        automaton.add_word(names.key(i), i)
    automaton.make_automaton()
    return automaton


def _array(code: str, data: bytes) -> array:
    a = array(code)
    a.frombytes(data)
    return a


class PlaceTable(Sequence):
    """Place records kept as columns (see `state_of`) and made into dicts when first read:
    reading 286,000 dicts back took longer than everything else the cache holds."""

    def __init__(self, state: dict) -> None:
        self._state = state
        self._n = state["n"]
        self._fields = tuple(state["fields"])
        self._columns = [_Column(c) for c in state["columns"]]
        self._extras, self._whole = state["extras"], state["whole"]
        self._made: dict[int, dict] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        place = self._made.get(i)
        if place is None:
            whole = self._whole.get(i)
            if whole is not None:
                place = dict(whole)
            else:
                place = {f: c.value(i) for f, c in zip(self._fields, self._columns, strict=True)}
                place.update(self._extras.get(i, ()))
            self._made[i] = place
        return place

    def state(self) -> dict:
        return self._state

    @staticmethod
    def state_of(places: Sequence[dict]) -> dict:
        """Columns of the first record's fields; a record with other fields first, or in
        another order, is kept whole, and fields after them as extras of that record."""
        if isinstance(places, PlaceTable):
            return places.state()
        fields = list(places[0]) if places else []
        rows, extras, whole = [], {}, {}
        for i, p in enumerate(places):
            keys = list(p)
            if keys[:len(fields)] == fields:
                rows.append(p)
                if len(keys) > len(fields):
                    extras[i] = {k: p[k] for k in keys[len(fields):]}
            else:
                rows.append(None)
                whole[i] = dict(p)
        columns = [_Column.encode([None if p is None else p[f] for p in rows]) for f in fields]
        return {"n": len(places), "fields": fields, "columns": columns, "extras": extras, "whole": whole}


class _Column:
    """One column of a PlaceTable: strings in one blob, floats or integers in an array, each
    with a mask of missing values; anything else as a plain list."""

    def __init__(self, state: tuple) -> None:
        self.kind = state[0]
        if self.kind == "list":
            self.items = state[1]
            return
        self.missing = state[-1]
        if self.kind == "str":
            self.blob, self.offsets = state[1], _array("q", state[2])
        else:
            self.numbers = _array("d" if self.kind == "float" else "q", state[1])

    def value(self, i: int):
        if self.kind == "list":
            return self.items[i]
        if self.missing[i]:
            return None
        if self.kind == "str":
            return self.blob[self.offsets[i]:self.offsets[i + 1]].decode("utf-8", "surrogatepass")
        return self.numbers[i]

    @staticmethod
    def encode(values: list) -> tuple:
        missing = bytes(v is None for v in values)
        present = [v for v in values if v is not None]
        if all(type(v) is str for v in present):
            blob, offsets = bytearray(), array("q", [0])
            for v in values:
                blob += _utf8(v) if v is not None else b""
                offsets.append(len(blob))
            return ("str", bytes(blob), offsets.tobytes(), missing)
        if all(type(v) is float for v in present) and not any(math.isnan(v) for v in present):
            return ("float", array("d", [0.0 if v is None else v for v in values]).tobytes(), missing)
        if all(type(v) is int and -(2 ** 63) <= v < 2 ** 63 for v in present):
            return ("int", array("q", [0 if v is None else v for v in values]).tobytes(), missing)
        return ("list", list(values))


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
    """Give the new first-level unit to the places of its districts."""
    members = [p for p in places if p["country_iso3"] == iso3 and p["admin1"] == old]
    for p, district in zip(members, _districts(members), strict=True):
        if district in moved:
            p["admin1"] = moved[district]


def _part_unit(places: list[dict], iso3: str, part: str) -> dict:
    """A first-level unit made by a split, placed at its most populous town, as ACLED codes a
    report that names only the unit."""
    towns = [p for p in places if p["country_iso3"] == iso3 and p["admin1"] == part and p["kind"] == "city"]
    seat = max(towns, key=lambda p: (p["population"], p["place_id"]))
    return {"place_id": f"a1part:{iso3}:{part}", "kind": "admin1", "name": part, "country_iso3": iso3,
            "admin1": part, "admin2": None, "latitude": seat["latitude"], "longitude": seat["longitude"],
            "population": sum(p["population"] for p in towns)}


def _districts_as_admin1(places: list[dict], iso3: str) -> None:
    """Make each place's district its first-level unit; a region itself keeps its name."""
    members = [p for p in places if p["country_iso3"] == iso3 and p["kind"] != "admin1"]
    for p, district in zip(members, _districts(members), strict=True):
        if district is not None:
            p["admin1"] = district


def _districts(members: list[dict]) -> list[str | None]:
    """Each place's district. Most towns carry no district in the GeoNames tables: such a
    town lies in the district whose seat is nearest."""
    seats = [(p["latitude"], p["longitude"], p["admin2"]) for p in members
             if p["kind"] == "admin2" and p["latitude"] is not None]
    out = []
    for p in members:
        district = p["admin2"]
        if district is None and seats and p["latitude"] is not None:
            district = min(seats, key=lambda s: (s[0] - p["latitude"]) ** 2 + (s[1] - p["longitude"]) ** 2)[2]
        out.append(district)
    return out


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
