"""Resolve: event mentions to one row per real event, with a record of every merge.

Within an article, extraction has already grouped sentences into mentions. Here
mentions from different articles that report the same event are merged per ACLED's
aggregation rule: same day (within the date precision), same country, the same
place or one within `merge_distance_km`, and compatible event types. Background
mentions (historic references) merge only with each other. Ids are derived from
the merged mentions alone, so adding an unrelated article changes no id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from pipeline.latitude_band import LatitudeBands

EVENT_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp", "iso3", "fatalities_low", "fatalities_high",
    "inter1_code", "inter2_code", "interaction_code", "article_ids", "mention_ids", "n_sources", "evidence", "rule_ids",
]


@dataclass(frozen=True)
class ResolveParams:
    fatalities_policy: str = "conservative"  # or "latest"
    merge_distance_km: float = 25.0


def _km(a: dict, b: dict) -> float | None:
    if None in (a.get("latitude"), b.get("latitude"), a.get("longitude"), b.get("longitude")):
        return None
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dphi, dl = p2 - p1, math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_day(a: dict, b: dict) -> bool:
    da, db = a.get("event_date"), b.get("event_date")
    if da is None or db is None:
        return False
    window = {1: 0, 2: 7, 3: 31, 4: 366}[max(a.get("time_precision") or 1, b.get("time_precision") or 1)]
    return abs((da - db).days) <= window


def merge_reason(a: dict, b: dict, params: ResolveParams, rank) -> str | None:
    """Why two mentions from different articles are one event, or None."""
    if a["article_id"] == b["article_id"] or bool(a.get("background")) != bool(b.get("background")):
        return None
    if not a.get("iso3") or a.get("iso3") != b.get("iso3") or not _same_day(a, b):
        return None
    if a["event_type"] != b["event_type"] and not ({a["event_type"], b["event_type"]} <= {
            "Battles", "Explosions/Remote violence", "Violence against civilians"}):
        return None
    if a.get("location") and a.get("location") == b.get("location"):
        return "same-day-same-place"
    d = _km(a, b)
    if d is not None and d <= params.merge_distance_km and min(a.get("geo_precision") or 3, b.get("geo_precision") or 3) < 3:
        return f"same-day-within-{params.merge_distance_km:g}km"
    return None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _criterion(m: dict, reason: str | None, n_members: int) -> str:
    base = reason or ("merge-anchor" if n_members > 1 else "single-mention")
    return f"{base}; split-by-day {m['event_date'].isoformat()}" if m.get("split_from") else base


def _attach_undated(ms: list[dict], uf: _UnionFind, reasons: dict[int, str], params: ResolveParams) -> None:
    """An undated report joins a dated event when exactly one dated event of the same
    country and type lies within the merge distance: the coder's "this is that attack"."""
    # Only a dated report of the same country and type, with coordinates, can take it (the
    # distance to a report without them is None): index them so, by latitude.
    dated: dict[tuple, LatitudeBands] = {}
    for i, m in enumerate(ms):
        if m.get("event_date") is not None and not m.get("background") and _has_point(m):
            dated.setdefault((m.get("iso3"), m["event_type"]), LatitudeBands()).add(m["latitude"], i)
    for i, m in enumerate(ms):
        if m.get("event_date") is not None or m.get("background") or not m.get("iso3") or not _has_point(m):
            continue
        bands = dated.get((m["iso3"], m["event_type"]))
        roots = _events_within_reach(m, bands.near(m["latitude"], params.merge_distance_km) if bands else (),
                                     ms, uf, params.merge_distance_km)
        if len(roots) == 1:
            root = roots.pop()
            uf.union(root, i)
            reasons[i] = "undated-report-same-place"


def _events_within_reach(m: dict, candidates, ms: list[dict], uf: _UnionFind, km: float) -> set[int]:
    """The roots of the events of other articles with a report within `km` of `m`, up to two
    (the caller only asks whether there is exactly one). A candidate of an event counted
    already is skipped before its distance is computed, and the search stops at a second
    event: neither can change the answer, and a corpus that repeats its reports put many
    reports of one event, and many events, in reach of each undated one (1.9 million
    distances for 100,000 articles)."""
    roots: set[int] = set()
    for j in candidates:
        o = ms[j]
        if o["article_id"] == m["article_id"]:
            continue
        root = uf.find(j)
        if root in roots:
            continue
        d = _km(m, o)
        if d is not None and d <= km:
            roots.add(root)
            if len(roots) > 1:
                break
    return roots


def _has_point(m: dict) -> bool:
    return m.get("latitude") is not None and m.get("longitude") is not None


ID_DIGITS = 12  # per country, 10^12 ids: a collision is a one-in-millions event even for 100k events a country


def event_id(iso3: str | None, mention_ids: list[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(mention_ids)).encode()).hexdigest()
    return f"{iso3 or 'XXX'}{int(digest[:16], 16) % 10**ID_DIGITS:0{ID_DIGITS}d}"


def _unique_ids(ids: list[str], key_of) -> list[str]:
    """Two events whose content hashes to one id keep it apart: the event with the smaller
    mention key (`key_of(i)`) keeps the id, the others get "-2", "-3", ... in key order.
    Decided by the colliding events alone, so no other event's id moves."""
    by_id: dict[str, list[int]] = {}
    for i, eid in enumerate(ids):
        by_id.setdefault(eid, []).append(i)
    ids = list(ids)
    for idxs in by_id.values():
        if len(idxs) > 1:
            for n, i in enumerate(sorted(idxs, key=key_of)[1:], start=2):
                ids[i] = f"{ids[i]}-{n}"
    return ids


MAX_SPLIT_DAYS = 31  # a longer span is a campaign, coded to its first day instead


def split_by_day(m: dict) -> list[dict]:
    """ACLED codes an event lasting several days as one event per day, the toll divided
    across the days (the remainder on the first days). Each day keeps the mention's id
    with the day appended, so the split is stable."""
    start, end = m.get("event_date"), m.get("event_date_end")
    if start is None or end is None or end <= start or (end - start).days >= MAX_SPLIT_DAYS:
        return [m]
    days = (end - start).days + 1
    out = []
    for k in range(days):
        day = start + dt.timedelta(days=k)
        out.append({**m, "mention_id": f"{m['mention_id']}@{day.isoformat()}", "event_date": day, "year": day.year,
                    "event_date_end": None, "fatalities": _share(m.get("fatalities") or 0, days, k),
                    "fatalities_low": _share(m.get("fatalities_low"), days, k),
                    "fatalities_high": _share(m.get("fatalities_high"), days, k), "split_from": m["mention_id"]})
    return out


def _share(total: int | None, days: int, k: int) -> int | None:
    """Day k's part of a toll spread over `days` days."""
    return None if total is None else total // days + (1 if k < total % days else 0)


def _candidate_pairs(ms: list[dict], idxs: list[int]):
    """The pairs of one country-year block that can share a day, in the order of a full
    pairwise scan (so the first reason recorded for a mention is the same). Two mentions
    dated to the day can only merge on the same date; a week, month or year precision
    widens the window, so those mentions are compared with every other."""
    by_day: dict[dt.date, list[int]] = {}
    wide: list[int] = []
    for i in idxs:
        if (ms[i].get("time_precision") or 1) == 1:
            by_day.setdefault(ms[i]["event_date"], []).append(i)
        else:
            wide.append(i)
    wide_set = set(wide)
    for x, i in enumerate(idxs):
        if i in wide_set:
            later = idxs[x + 1:]
        else:
            later = sorted(j for j in (*by_day[ms[i]["event_date"]], *wide) if j > i)
        for j in later:
            yield i, j


def resolve_events(mentions: list[dict], params: ResolveParams, rank) -> tuple[list[dict], list[dict]]:
    """Return (events, merges). `rank` maps a sub-event type to its ACLED precedence."""
    events, merges, _ = resolve_with_order(mentions, params, rank)
    return events, merges


def resolve_with_order(mentions: list[dict], params: ResolveParams, rank) -> tuple[list[dict], list[dict], list[tuple]]:
    """(events, merges, the merge log's order keys): merges are listed event by event, in
    the order of each event's first (split) mention id, then by their own; the key of each
    merge row says so, so that merge logs resolved apart (one country at a time) can be put
    back in the order of one run over every mention."""
    events, merges, order = [], [], []
    for chunk in resolve_in_chunks(mentions, params, rank):
        events += chunk[0]
        merges += chunk[1]
        order += chunk[2]
    events.sort(key=lambda e: (e["event_date"] or dt.date.min, e["event_id_cnty"]))
    return events, merges, order


EVENT_CHUNK = 2048  # events built as dicts at once by `resolve_in_chunks`


def resolve_in_chunks(mentions: list[dict], params: ResolveParams, rank, full_rows=None, chunk: int = EVENT_CHUNK,
                      lead_order=None):
    """`resolve_with_order`'s events, merges and order keys, `chunk` events at a time (the
    events in no particular order), so that only a chunk of events is ever dicts.

    The mentions may be light (`full_rows` given): only the columns the merging reads
    (RESOLVE_COLUMNS); an event takes its other columns from its lead mention, and
    `full_rows(leads)` gives each lead as the full mention dict it stands for. With
    `lead_order` (a key of a lead mention), events come in that order of their leads."""
    ms, reasons, groups = _merged(mentions, params)
    roots = sorted(groups)
    leads = [_lead(ms, groups[root], rank) for root in roots]
    ids = _unique_ids([event_id(ms[lead].get("iso3"), sorted(ms[i]["mention_id"] for i in groups[root]))
                       for root, lead in zip(roots, leads, strict=True)],
                      lambda k: "\n".join(sorted(ms[i]["mention_id"] for i in groups[roots[k]])))
    events_in = range(len(roots))
    if lead_order is not None:
        events_in = sorted(events_in, key=lambda k: lead_order(ms[leads[k]]))
    for start in range(0, len(roots), chunk):
        part = events_in[start:start + chunk]
        full = [ms[leads[k]] for k in part]
        full = full_rows(full) if full_rows else full
        events = [_combine([ms[i] for i in groups[roots[k]]], lead, params, ids[k])
                  for k, lead in zip(part, full, strict=True)]
        merges, order = [], []
        for k, ev in zip(part, events, strict=True):
            root = roots[k]
            for i in groups[root]:
                order.append((ms[root]["mention_id"], ms[i]["mention_id"]))
                # The toll lineage: which source said what, when.
                merges.append({"mention_id": ms[i].get("split_from") or ms[i]["mention_id"],
                               "event_id_cnty": ev["event_id_cnty"],
                               # "merge-anchor": the mention others were merged into.
                               "criterion": _criterion(ms[i], reasons.get(i), len(groups[root])),
                               "article_id": ms[i]["article_id"], "source": ms[i].get("source"),
                               "publication_date": ms[i].get("publication_date"),
                               "fatalities": ms[i].get("fatalities")})
        yield events, merges, order


# What the merging reads of a mention (and of a split day of it); an event's other columns
# come from its lead mention alone.
RESOLVE_COLUMNS = (
    "mention_id", "article_id", "background", "iso3", "event_date", "event_date_end", "year", "time_precision",
    "event_type", "sub_event_type", "location", "latitude", "longitude", "geo_precision", "fatalities",
    "fatalities_low", "fatalities_high", "publication_date", "source", "rule_ids",
)


def _merged(mentions: list[dict], params: ResolveParams) -> tuple[list[dict], dict[int, str], dict[int, list[int]]]:
    """(the mentions split by day, in mention id order; why each merged; the groups of
    their positions, by the group's root)."""
    ms = sorted((d for m in mentions for d in split_by_day(m)), key=lambda m: m["mention_id"])
    uf = _UnionFind(len(ms))
    reasons: dict[int, str] = {}
    # Blocking by country and year keeps the pairwise comparison small.
    blocks: dict[tuple, list[int]] = {}
    for i, m in enumerate(ms):
        if m.get("event_date") is not None and m.get("iso3"):
            blocks.setdefault((m["iso3"], m["event_date"].year), []).append(i)
    for idxs in blocks.values():
        for i, j in _candidate_pairs(ms, idxs):
            why = merge_reason(ms[i], ms[j], params, None)  # rank: unused by merge_reason
            if why:
                uf.union(i, j)
                reasons.setdefault(j, why)
                reasons.setdefault(i, why)
    _attach_undated(ms, uf, reasons, params)
    groups: dict[int, list[int]] = {}
    for i in range(len(ms)):
        groups.setdefault(uf.find(i), []).append(i)
    return ms, reasons, groups


def _lead(ms: list[dict], members: list[int], rank) -> int:
    """The position of the mention that gives an event its fields: the highest-ranked
    sub-event type, then the most precise place, then the first id."""
    return min(members, key=lambda i: (rank(ms[i]["sub_event_type"]), ms[i].get("geo_precision") or 9,
                                       ms[i]["mention_id"]))


def _combine(members: list[dict], lead: dict, params: ResolveParams, event_id_cnty: str) -> dict:
    """The event of `members`, its fields from `lead` (a full mention dict), its id given."""
    mention_ids = sorted({m.get("split_from") or m["mention_id"] for m in members})
    figures = [(m.get("publication_date") or dt.date.min, m["fatalities"] or 0, m["mention_id"]) for m in members]
    positive = [f for f in figures if f[1] > 0]
    if params.fatalities_policy == "latest" and positive:
        fatalities = max(positive)[1]
    else:  # ACLED: the most conservative credible figure
        fatalities = min(f[1] for f in positive) if positive else 0
    sources = sorted({m["source"] for m in members if m.get("source")})
    pubs = [m["publication_date"] for m in members if m.get("publication_date")]
    ts = int(dt.datetime.combine(max(pubs), dt.time(), dt.UTC).timestamp()) if pubs else None
    ev = {c: lead.get(c) for c in EVENT_COLUMNS}
    dated = sorted((m for m in members if m.get("event_date") is not None),
                   key=lambda m: (m.get("time_precision") or 9, m["event_date"], m["mention_id"]))
    if ev["event_date"] is None and dated:  # an undated report takes the date of the reports it joined
        ev.update(event_date=dated[0]["event_date"], year=dated[0]["year"], time_precision=dated[0]["time_precision"])
    ev.update(
        event_id_cnty=event_id_cnty,
        admin3=None,
        source_scale=None,  # from the vocabulary of sources, by the caller
        source="; ".join(sources) or None,
        notes=lead.get("evidence"),
        fatalities=fatalities,
        fatalities_low=min((m.get("fatalities_low") or 0) for m in members) if positive else 0,
        fatalities_high=max((m.get("fatalities_high") or 0) for m in members),
        tags="background reporting" if lead.get("background") else None,
        timestamp=ts,
        article_ids=sorted({m["article_id"] for m in members}),
        mention_ids=mention_ids,
        n_sources=len({m["article_id"] for m in members}),
        evidence=lead.get("evidence"),
        rule_ids=sorted({r for m in members for r in m["rule_ids"]}),
    )
    if ev["fatalities_low"] > ev["fatalities"]:
        ev["fatalities_low"] = ev["fatalities"]
    if ev["fatalities_high"] < ev["fatalities"]:
        ev["fatalities_high"] = ev["fatalities"]
    return ev
