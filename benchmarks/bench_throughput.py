#!/usr/bin/env python3
"""Throughput of a full compile over the 72k-text corpus, as a ratio to reading it.

    python benchmarks/bench_throughput.py [--limit N]

The baseline runs in the same process on the same texts: decompressing and parsing the
gzip JSONL. Reported: texts/s and MB/s for each, the ratio, and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "conflict_event_texts.jsonl.gz"


def read_texts(limit: int) -> list[dict]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=10_000, help="texts to use (default 10,000; the corpus has 72k)")
    args = ap.parse_args()
    from pipeline import stages
    from pipeline.ingest.pubdate import parse_metadata_date

    t0 = time.perf_counter()
    rows = read_texts(args.limit)
    t_read = time.perf_counter() - t0
    mb = sum(len(r["text"].encode()) for r in rows) / 1e6
    t0 = time.perf_counter()
    extractor, _ = stages.make_extractor()
    t_load = time.perf_counter() - t0
    articles = [{"article_id": r["id"], "text": r["text"], "publication_date": parse_metadata_date(r.get("publication_date")),
                 "status": None} for r in rows]
    t0 = time.perf_counter()
    mentions = stages.extract(articles, extractor)
    t_extract = time.perf_counter() - t0
    from pipeline.extract.run import default_jobs

    jobs = default_jobs()
    t0 = time.perf_counter()
    stages.extract(articles, extractor, jobs=jobs)
    t_parallel = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(rows)
    print(f"texts: {n} ({mb:.1f} MB); mentions: {len(mentions)}")
    print(f"baseline  read gzip JSONL : {n / t_read:10.0f} texts/s  {mb / t_read:8.2f} MB/s")
    print(f"extract   rules+gazetteer : {n / t_extract:10.0f} texts/s  {mb / t_extract:8.2f} MB/s")
    print(f"extract with {jobs} workers   : {n / t_parallel:10.0f} texts/s  {mb / t_parallel:8.2f} MB/s")
    print(f"ratio extract/read        : {t_read / t_extract:10.4f} (1.0 = as fast as reading)")
    print(f"rule book + gazetteer load: {t_load:6.2f} s; peak RSS {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
