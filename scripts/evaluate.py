#!/usr/bin/env python3
"""Compile each evaluation set in ../shared/eval, dev and check side by side, and score them.

    python scripts/evaluate.py [SOURCE ...] [--split dev|check|both] [--out eval-results] [--markdown] [--score-only]

Beside every field's accuracy it prints "event_date on rows whose text holds a year": the
event date scored by score.py on the gold rows whose text holds a year (19xx, 20xx) or whose
article has a publication date, the rows issue #11 asks to date at 0.97 or better.

dev.csv is for failure analysis; check.csv holds texts of the same sources that nobody
here reads: it is compiled and scored only, and this script prints nothing of it but
scores. The gap column (dev minus check) says whether the rules generalise: above 0.03
on a field means they are fitted to dev. Reads ../shared at run time; stores nothing of it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = ["acled", "acled_legacy", "gtd", "pitf_atrocities", "rand_rdwti", "ucdp_ged", "muc34",
           "case2021_task2", "india_police_events", "bbc_news"]
COLUMNS = ["event_type", "sub_event_type", "event_date", "country", "admin1", "location_25km", "location_name",
           "actor1", "actor2", "fatalities"]
GAP_LIMIT = 0.03
# The rows whose date the text can support (issue #11): the text holds a four-digit year or
# the article comes with a publication date.
YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")
DATED = "event_date_dated"  # the key of that figure; printed as "event_date on rows whose text holds a year"


@cache
def _scorer():
    """score.py as a module, so its functions score a subset of a gold file."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dated_rows_score(gold_path: Path, pred: Path) -> dict | None:
    """event_date accuracy and n, and detection, on the gold rows whose text holds a year (19xx, 20xx) or whose
    article has a publication date; None where the source scores no event date. Scores only."""
    import pandas as pd

    scorer = _scorer()
    gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
    if "gold_event_date" not in gold.columns:
        return None
    has_pub = gold["publication_date"].str.strip() != "" if "publication_date" in gold.columns else False
    subset = gold[(gold["text"].str.contains(YEAR_IN_TEXT) | has_pub) & (gold["gold_event_date"].str.strip() != "")]
    if subset.empty:
        return None
    result = scorer.score(subset, scorer.load_predictions(pred))
    field = result["fields"].get("event_date")
    # Detection on the same rows: a row with no mention is wrong on its date too.
    return {"accuracy": field["accuracy"], "n": field["n"], "detected": result["detected"]} if field else None


def run(source: str, split: str, out: Path, compile_: bool = True) -> dict | None:
    gold = SHARED / "eval" / source / f"{split}.csv"
    if not gold.exists():
        return None
    pred = out / split / source
    if not compile_ and not (pred / "mentions.parquet").exists():
        return None
    if compile_:
        subprocess.run([sys.executable, "-m", "pipeline", "compile", str(gold), "--out", str(pred)], check=True,
                       stderr=subprocess.DEVNULL)
    res_path = pred / "score.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(pred), "--json", str(res_path)],
                   check=True, stdout=subprocess.DEVNULL)
    result = json.loads(res_path.read_text())
    dated = dated_rows_score(gold, pred)
    if dated is not None:
        result[DATED] = dated
        res_path.write_text(json.dumps(result, indent=2))
    return result


def headline(result: dict) -> dict[str, float | None]:
    """The figures compared between splits: detection, over-generation and every field's accuracy."""
    figures = {"detected": result["detected"], "mentions_per_text": result["mentions_per_text"],
               "negative_with_mention": result.get("negative_with_mention")}
    figures.update({f: v["accuracy"] for f, v in result["fields"].items()})
    if result.get(DATED):
        figures[DATED] = result[DATED]["accuracy"]
        figures[DATED + "_detected"] = result[DATED]["detected"]
    return {k: v for k, v in figures.items() if v is not None}


LABELS = {DATED: "event_date on rows whose text holds a year",
          DATED + "_detected": "detected on rows whose text holds a year"}


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def print_lines(results: dict[str, dict[str, dict]]) -> None:
    for source, by_split in results.items():
        dev, check = (headline(by_split[s]) if by_split.get(s) else {} for s in ("dev", "check"))
        for name in dict.fromkeys([*dev, *check]):
            d, c = dev.get(name), check.get(name)
            gap = "" if d is None or c is None else f"{d - c:+.3f}"
            flag = " !" if gap and name not in ("mentions_per_text", "negative_with_mention") and d - c > GAP_LIMIT else ""
            print(f"{source:20s} {LABELS.get(name, name):22s} dev={_cell(d):6s} check={_cell(c):6s} gap={gap}{flag}")


def print_markdown(results: dict[str, dict[str, dict]]) -> None:
    print("\n| source | split | texts | detected | mentions/text | " + " | ".join(COLUMNS) + " | event_date, text holds a year | negatives with a mention |")
    print("|---" * (len(COLUMNS) + 7) + "|")
    for source, by_split in results.items():
        for split, r in by_split.items():
            if r is None:
                continue
            cells = [_cell(r["fields"][c]["accuracy"]) if c in r["fields"] else "" for c in COLUMNS]
            print(f"| {source} | {split} | {r['texts']} | {_cell(r['detected'])} | {r['mentions_per_text']:.2f} | "
                  + " | ".join(cells) + f" | {_cell((r.get(DATED) or {}).get('accuracy'))}"
                  + f" | {_cell(r.get('negative_with_mention'))} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="*", default=SOURCES)
    ap.add_argument("--split", choices=["dev", "check", "both"], default="both")
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--score-only", action="store_true", help="score the outputs already in --out, compiling nothing")
    args = ap.parse_args()
    splits = ["dev", "check"] if args.split == "both" else [args.split]
    results = {s: {split: run(s, split, args.out, not args.score_only) for split in splits} for s in args.sources}
    print_lines(results)
    if args.markdown:
        print_markdown(results)


if __name__ == "__main__":
    main()
