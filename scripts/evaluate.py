#!/usr/bin/env python3
"""Compile each evaluation set in ../shared/eval, dev and check side by side, and score them.

    python scripts/evaluate.py [SOURCE ...] [--split dev|check|both] [--out eval-results] [--markdown]

dev.csv is for failure analysis; check.csv holds texts of the same sources that nobody
here reads: it is compiled and scored only, and this script prints nothing of it but
scores. The gap column (dev minus check) says whether the rules generalise: above 0.03
on a field means they are fitted to dev. Reads ../shared at run time; stores nothing of it.
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
GAP_LIMIT = 0.03


def run(source: str, split: str, out: Path) -> dict | None:
    gold = SHARED / "eval" / source / f"{split}.csv"
    if not gold.exists():
        return None
    pred = out / split / source
    subprocess.run([sys.executable, "-m", "pipeline", "compile", str(gold), "--out", str(pred)], check=True,
                   stderr=subprocess.DEVNULL)
    res_path = pred / "score.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(pred), "--json", str(res_path)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(res_path.read_text())


def headline(result: dict) -> dict[str, float | None]:
    """The figures compared between splits: detection, over-generation and every field's accuracy."""
    figures = {"detected": result["detected"], "mentions_per_text": result["mentions_per_text"],
               "negative_with_mention": result.get("negative_with_mention")}
    figures.update({f: v["accuracy"] for f, v in result["fields"].items()})
    return {k: v for k, v in figures.items() if v is not None}


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def print_lines(results: dict[str, dict[str, dict]]) -> None:
    for source, by_split in results.items():
        dev, check = (headline(by_split[s]) if by_split.get(s) else {} for s in ("dev", "check"))
        for name in dict.fromkeys([*dev, *check]):
            d, c = dev.get(name), check.get(name)
            gap = "" if d is None or c is None else f"{d - c:+.3f}"
            flag = " !" if gap and name not in ("mentions_per_text", "negative_with_mention") and d - c > GAP_LIMIT else ""
            print(f"{source:20s} {name:22s} dev={_cell(d):6s} check={_cell(c):6s} gap={gap}{flag}")


def print_markdown(results: dict[str, dict[str, dict]]) -> None:
    print("\n| source | split | texts | detected | mentions/text | " + " | ".join(COLUMNS) + " | negatives with a mention |")
    print("|---" * (len(COLUMNS) + 6) + "|")
    for source, by_split in results.items():
        for split, r in by_split.items():
            if r is None:
                continue
            cells = [_cell(r["fields"][c]["accuracy"]) if c in r["fields"] else "" for c in COLUMNS]
            print(f"| {source} | {split} | {r['texts']} | {_cell(r['detected'])} | {r['mentions_per_text']:.2f} | "
                  + " | ".join(cells) + f" | {_cell(r.get('negative_with_mention'))} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="*", default=SOURCES)
    ap.add_argument("--split", choices=["dev", "check", "both"], default="both")
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    splits = ["dev", "check"] if args.split == "both" else [args.split]
    results = {s: {split: run(s, split, args.out) for split in splits} for s in args.sources}
    print_lines(results)
    if args.markdown:
        print_markdown(results)


if __name__ == "__main__":
    main()
