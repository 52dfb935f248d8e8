"""An offline report: one HTML file with the data, the script and the style inlined.

Python aggregates the events (per month and type, fatalities per country, top actors,
points with their precision) into JSON embedded in the page; report.js, our own small
script, draws them as SVG. Nothing is fetched, so the file opens anywhere without a network.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from importlib import resources

# One colour per ACLED event type (colour-blind-safe palette); anything else is grey.
COLORS = {"Battles": "#d7301f", "Explosions/Remote violence": "#7b3294", "Violence against civilians": "#e66101",
          "Protests": "#1b7837", "Riots": "#fdb863", "Strategic developments": "#5e9cd3"}
TOP = 10


def report_data(events: list[dict]) -> dict:
    """The aggregates the page draws, from published event rows."""
    months: dict[str, Counter] = {}
    for e in events:
        if e.get("event_date") is not None:
            months.setdefault(e["event_date"].strftime("%Y-%m"), Counter())[e["event_type"]] += 1
    fatalities: Counter = Counter()
    for e in events:
        if e.get("country") and e.get("fatalities"):
            fatalities[e["country"]] += e["fatalities"]
    actors = Counter(a for e in events for a in (e.get("actor1"), e.get("actor2")) if a)
    return {
        "colors": {t: c for t, c in COLORS.items() if any(e["event_type"] == t for e in events)},
        "months": [{"month": m, "total": sum(c.values()), "by_type": dict(sorted(c.items()))}
                   for m, c in ((m, months.get(m, Counter())) for m in _month_range(months))],
        "fatalities_by_country": _ranked(fatalities),
        "top_actors": _ranked(actors),
        "points": [_point(e) for e in events if e.get("latitude") is not None and e.get("longitude") is not None],
    }


def _month_range(months) -> list[str]:
    """Every month from the first to the last with events, so the time axis is even."""
    if not months:
        return []
    (y, m), (y1, m1) = (map(int, k.split("-")) for k in (min(months), max(months)))
    out = []
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _ranked(counts: Counter) -> list[list]:
    return [[k, v] for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]


def _point(e: dict) -> dict:
    day = e["event_date"].isoformat() if e.get("event_date") else "undated"
    label = f"{day} {e['event_type']}: {e.get('location') or ''} ({e['fatalities']} dead; geo_precision {e.get('geo_precision')})"
    return {"lat": round(e["latitude"], 4), "lon": round(e["longitude"], 4), "type": e["event_type"],
            "precision": e.get("geo_precision") or 3, "label": label}


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def render_report(events: list[dict], manifest: dict) -> str:
    data = json.dumps(report_data(events), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    counts = manifest.get("counts", {})
    e = html.escape
    summary = (f"{counts.get('events', len(events))} events from {counts.get('articles_in', '?')} articles "
               f"({counts.get('articles_with_events', '?')} with events). Dataset {manifest.get('dataset_version', '?')}.")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Conflict events: report</title>
<style>{_asset("report.css")}</style></head>
<body>
<h1>Conflict events</h1>
<p class="meta">{e(summary)}</p>
<section><h2>Events over time, by type</h2><div id="timeline-legend" class="legend"></div><div id="timeline"></div>
<p class="note">Events per month of event_date; background events (recalled past attacks) are included.</p></section>
<section><h2>Fatalities by country</h2><div id="fatalities"></div>
<p class="note">Sum of fatalities, the lowest credible figure of each event: a floor, not an estimate.</p></section>
<section><h2>Top actors</h2><div id="actors"></div>
<p class="note">Events in which the actor is actor1 or actor2.</p></section>
<section><h2>Map of events</h2><div id="map-legend" class="legend"></div><div id="map"></div>
<p class="note">A small solid dot is a town or venue (geo_precision 1); larger, paler circles are places known only to
the district (2) or the province or country (3). Hover for the event.</p></section>
<script type="application/json" id="report-data">{data}</script>
<script>{_asset("report.js")}</script>
</body></html>
"""
