#!/usr/bin/env python3
"""Gazetteer build time, load time and matching throughput against a plain scan.

    python benchmarks/bench_gazetteer.py [--limit N]

The baseline, in the same process over the same texts, is one `str.lower()` pass plus a
`str.count` scan of each text: the cost of touching every byte once.
"""

from __future__ import annotations

import argparse
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
    from pipeline.geo.build import write_gazetteer
    from pipeline.geo.gazetteer import Gazetteer
    from pipeline.textfold import fold
    from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

    vocab = load_vocabulary(DEFAULT_RULES_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        counts = write_gazetteer(vocab, Path(tmp))
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        gaz = Gazetteer.load(Path(tmp))
        t_load = time.perf_counter() - t0
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
    print(f"gazetteer: {counts['places']} places, {counts['keys']} names; build {t_build:.1f} s, load {t_load:.1f} s")
    print(f"texts: {len(texts)} ({mb:.1f} MB); place hits: {hits}")
    print(f"baseline plain scan : {mb / t_base:8.1f} MB/s")
    print(f"automaton matching  : {mb / t_match:8.1f} MB/s  ({len(texts) / t_match:.0f} texts/s)")
    print(f"ratio match/scan    : {t_base / t_match:8.4f}")


if __name__ == "__main__":
    main()
