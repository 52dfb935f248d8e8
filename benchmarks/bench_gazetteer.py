#!/usr/bin/env python3
"""Gazetteer build time, size on disk, cold and warm load time and matching throughput.

    python benchmarks/bench_gazetteer.py [--limit N]

Build: the `gazetteer` stage (the Parquet tables). Cold load: the name automaton and place
records built from the tables, with the rule files that add to them, as a first run does.
Warm load: the same object read back from the built-gazetteer cache, as every later start
does (budget: 1.5 s). Size: the tables plus the cached object (budget: 300 MB).
The matching baseline, in the same process over the same texts, is one `str.lower()` pass
plus a `str.count` scan of each text: the cost of touching every byte once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_throughput import read_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=20_000)
    args = ap.parse_args()
    from pipeline.extract.places import PlaceResolver
    from pipeline.geo.build import load_build_cues, write_gazetteer
    from pipeline.rulebook import load_rulebook
    from pipeline.textfold import fold
    from pipeline.vocab import DEFAULT_RULES_DIR

    book = load_rulebook(DEFAULT_RULES_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        gdir, cache = Path(tmp) / "gazetteer", Path(tmp) / "cache"
        os.environ["CONFLICT_EVENTS_CACHE"] = str(cache)  # a cache of our own, cold at first
        t0 = time.perf_counter()
        counts = write_gazetteer(book.vocab, gdir, load_build_cues(DEFAULT_RULES_DIR))
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        PlaceResolver.build(gdir, book)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        gaz = PlaceResolver.build(gdir, book).gazetteer
        t_warm = time.perf_counter() - t0
        tables = sum(f.stat().st_size for f in gdir.iterdir())
        built = sum(f.stat().st_size for f in cache.rglob("gazetteer-*.bin"))
    texts = [r["text"] for r in read_texts(args.limit)]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    t0 = time.perf_counter()
    for t in texts:
        t.lower().count(" the ")
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = 0
    for t in texts:
        hits += len(gaz.find(t, fold(t)))
    t_match = time.perf_counter() - t0
    print(f"gazetteer: {counts['places']} places, {counts['keys']} names; build {t_build:.1f} s")
    print(f"size on disk: tables {tables / 1e6:.1f} MB + built object {built / 1e6:.1f} MB = {(tables + built) / 1e6:.1f} MB")
    print(f"load: cold (automaton built) {t_cold:.2f} s, warm (from the cache) {t_warm:.2f} s")
    print(f"texts: {len(texts)} ({mb:.1f} MB); place hits: {hits}")
    print(f"baseline plain scan : {mb / t_base:8.1f} MB/s")
    print(f"automaton matching  : {mb / t_match:8.1f} MB/s  ({len(texts) / t_match:.0f} texts/s)")
    print(f"ratio match/scan    : {t_base / t_match:8.4f}")


if __name__ == "__main__":
    main()
