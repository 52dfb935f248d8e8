#!/usr/bin/env python3
"""Compile each dev set in ../shared/eval and score it with ../shared/eval/score.py.

    python scripts/eval_dev.py [SOURCE ...] [--out eval-results] [--markdown]

Prints one line per source and, with --markdown, the README accuracy table.
Reads the dev sets from ../shared at run time; nothing from them is stored here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = ["acled", "acled_legacy", "gtd", "pitf_atrocities", "rand_rdwti", "ucdp_ged", "muc34",
           "case2021_task2", "india_police_events", "bbc_news"]
COLUMNS = ["event_type", "sub_event_type", "event_date", "country", "admin1", "location_25km", "location_name",
           "actor1", "actor2", "fatalities"]


def run(source: str, out: Path) -> dict:
    gold = SHARED / "eval" / source / "dev.csv"
    pred = out / source
    subprocess.run([sys.executable, "-m", "pipeline", "compile", str(gold), "--out", str(pred)], check=True,
                   stderr=subprocess.DEVNULL)
    res_path = pred / "score.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(pred), "--json", str(res_path)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(res_path.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="*", default=SOURCES)
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    results = {s: run(s, args.out) for s in args.sources}
    for s, r in results.items():
        fields = " ".join(f"{f}={v['accuracy']:.3f}" for f, v in r["fields"].items())
        neg = f" neg_with_mention={r['negative_with_mention']}" if "negative_with_mention" in r else ""
        print(f"{s:20s} detected={r['detected']} m/text={r['mentions_per_text']}{neg} {fields}")
    if args.markdown:
        print("\n| source | texts | detected | mentions/text | " + " | ".join(COLUMNS) + " | negatives with a mention |")
        print("|---" * (len(COLUMNS) + 5) + "|")
        for s, r in results.items():
            cells = [f"{r['fields'][c]['accuracy']:.3f}" if c in r["fields"] else "" for c in COLUMNS]
            neg = f"{r['negative_with_mention']:.3f}" if "negative_with_mention" in r else ""
            det = f"{r['detected']:.3f}" if r["detected"] is not None else ""
            print(f"| {s} | {r['texts']} | {det} | {r['mentions_per_text']:.2f} | " + " | ".join(cells) + f" | {neg} |")


if __name__ == "__main__":
    main()
