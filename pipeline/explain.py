"""`explain`: every rule that fired on a text, on which words, what it set, and what was cancelled."""

from __future__ import annotations

import datetime as dt
import json

from pipeline.extract.article import Extractor
from pipeline.extract.dates import PRECISION_NAMES
from pipeline.extract.hits import Hit


def precision_label(precision: int | None) -> str:
    """ACLED's time_precision with its meaning: "1 (day)", "3 (month)"."""
    return f"{precision} ({PRECISION_NAMES[precision]})" if precision in PRECISION_NAMES else str(precision)


def _hit_fields(h: Hit) -> dict:
    rule = h.data.get("rule")
    out: dict = {}
    if h.kind == "event":
        out = {"event_type": rule.sets.event_type, "sub_event_type": rule.sets.sub_event_type}
    elif h.kind == "date" and "date" in h.data:
        out = {"date": h.data["date"].isoformat(), "precision": precision_label(h.data["precision"]),
               "anchor": h.data.get("anchor")}
        if h.data.get("date_end"):
            out["date_end"] = h.data["date_end"].isoformat()
    elif h.kind == "date":
        out = {"date": None, "unresolved": h.data.get("unresolved", "no date")}
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
    dating = result.dating or [None] * len(mentions)
    if as_json:
        for m, d in zip(mentions, dating, strict=True):
            m["dated_by"] = d
        return json.dumps({"hits": rows, "mentions": mentions}, indent=2, default=str)
    lines = [f"publication date: {publication_date or 'unknown'}", ""]
    for r in rows:
        mark = "✗" if r["cancelled_by"] else "✓"
        sets = ", ".join(f"{k}={v}" for k, v in r["sets"].items())
        lines.append(f"{mark} s{r['sentence']} {r['kind']:<8} {r['rule_id']:<34} {r['text']!r}  {sets}")
        if r["cancelled_by"]:
            lines.append(f"      cancelled by {r['cancelled_by']}: {r['cancel_reason']}")
    lines += ["", *_date_lines(rows)]
    lines.append("")
    if not mentions:
        lines.append("no event mention")
    for m, d in zip(mentions, dating, strict=True):
        lines.append(f"mention {m['mention_id']}:")
        lines.append(f"  {'dated by':<16} {_dated_by(d)}")
        for k in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "interaction",
                  "country", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
                  "fatalities_low", "fatalities_high", "rule_ids"):
            lines.append(f"  {k:<16} {m.get(k)}")
    return "\n".join(lines)


def _date_lines(rows: list[dict]) -> list[str]:
    """One line per date phrase: the phrase, what it was resolved against, the date and its
    precision, or why it dates nothing."""
    dates = [r for r in rows if r["kind"] == "date"]
    if not dates:
        return ["dates: none found"]
    lines = ["dates (phrase -> date, precision, anchor):"]
    for r in dates:
        s = r["sets"]
        if s.get("date"):
            end = f" to {s['date_end']}" if s.get("date_end") else ""
            lines.append(f"  s{r['sentence']} {r['text']!r} -> {s['date']}{end}, precision {s['precision']}, "
                         f"anchor: {s['anchor']}")
        else:
            lines.append(f"  s{r['sentence']} {r['text']!r} -> no date: {s['unresolved']}")
    return lines


def _dated_by(d: dict | None) -> str:
    if d is None:
        return "nothing (no date phrase could be resolved)"
    if d["phrase"] is None:
        return f"{d['rule_id']}, anchor: {d['anchor']}"
    return f"{d['phrase']!r} (s{d['sentence']}, {d['rule_id']}), anchor: {d['anchor']}"
