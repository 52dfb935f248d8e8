"""`explain`: every rule that fired on a text, on which words, what it set, and what was cancelled."""

from __future__ import annotations

import datetime as dt
import json

from pipeline.extract.article import Extractor
from pipeline.extract.hits import Hit


def _hit_fields(h: Hit) -> dict:
    rule = h.data.get("rule")
    out: dict = {}
    if h.kind == "event":
        out = {"event_type": rule.sets.event_type, "sub_event_type": rule.sets.sub_event_type}
    elif h.kind == "date" and "date" in h.data:
        out = {"date": h.data["date"].isoformat(), "precision": h.data["precision"]}
    elif h.kind == "fatality":
        m = h.data["match"]
        out = {"role": rule.role, **{g: m.group(g) for g in ("n", "n2", "n3") if g in m.re.groupindex and m.group(g)}}
    elif h.kind == "filter":
        out = {"reason": rule.reason}
    elif h.kind in ("actor", "place"):
        out = {k: v for k, v in h.data.items() if k in ("actor", "place")}
    return out


def explain(extractor: Extractor, text: str, publication_date: dt.date | None, as_json: bool = False) -> str:
    result = extractor.extract("explain", text, publication_date, trace=True)
    rows = []
    for h in sorted(result.hits, key=lambda h: (h.start, h.kind, h.rule_id)):
        rows.append({
            "kind": h.kind, "rule_id": h.rule_id, "sentence": h.sentence + 1, "span": [h.start, h.end],
            "text": text[h.start:h.end], "sets": _hit_fields(h),
            "cancelled_by": h.cancelled_by, "cancel_reason": h.cancel_reason,
        })
    mentions = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in m.items()} for m in result.mentions]
    if as_json:
        return json.dumps({"hits": rows, "mentions": mentions}, indent=2, default=str)
    lines = [f"publication date: {publication_date or 'unknown'}", ""]
    for r in rows:
        mark = "✗" if r["cancelled_by"] else "✓"
        sets = ", ".join(f"{k}={v}" for k, v in r["sets"].items())
        lines.append(f"{mark} s{r['sentence']} {r['kind']:<8} {r['rule_id']:<34} {r['text']!r}  {sets}")
        if r["cancelled_by"]:
            lines.append(f"      cancelled by {r['cancelled_by']}: {r['cancel_reason']}")
    lines.append("")
    if not mentions:
        lines.append("no event mention")
    for m in mentions:
        lines.append(f"mention {m['mention_id']}:")
        for k in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "interaction",
                  "country", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
                  "fatalities_low", "fatalities_high", "rule_ids"):
            lines.append(f"  {k:<16} {m.get(k)}")
    return "\n".join(lines)
