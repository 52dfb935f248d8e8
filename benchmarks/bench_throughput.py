#!/usr/bin/env python3
"""The engine's speed and memory, as ratios to a floor measured in the same run.

    python benchmarks/bench_throughput.py [--limit 10000] [--seed 7] [--scaling 10000,100000,1000000]
    python benchmarks/bench_throughput.py --startup-only

On a seeded sample of ../shared/corpus/conflict_event_texts.jsonl.gz it prints:
reading the input; the floor, one pyahocorasick pass over the gazetteer's names
(folded text, as the compiler matches); `conflict-events compile` end to end with 1
and 2 jobs after start-up (each run's wall time less the start-up); start-up itself
(a compile of one article, warm caches) and `explain` on one sentence, each the best of
QUICK_RUNS runs; peak RSS of each run; a rerun after
adding 1% new articles with the mention cache; and, with --scaling, the curve of
throughput and peak RSS over corpus sizes (the sample replicated under new ids).

Every compile is a real CLI run in its own process with the mention cache off unless
stated, so the figures are what a user gets. Nothing from the corpus is written
outside a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "conflict_event_texts.jsonl.gz"
CLI = [sys.executable, "-m", "pipeline"]
QUICK_RUNS = 5  # start-up and explain: the best of this many runs (one run is a second or two, and noisy)
EXPLAIN_TEXT = "Gunmen killed 12 villagers in Zamfara on Friday."


def read_texts(limit: int, seed: int = 7) -> list[dict]:
    """A seeded sample of `limit` records of the corpus (all of it read, then sampled)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    random.Random(seed).shuffle(rows)
    return rows[:limit]


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("id", "text", "publication_date") if k in r}) + "\n")
    return path


def replicate(rows: list[dict], size: int) -> list[dict]:
    """`size` records: the sample repeated, each copy under new ids."""
    return [{**rows[i % len(rows)], "id": f"{rows[i % len(rows)]['id']}~{i // len(rows)}"} for i in range(size)]


def run_cli(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the process and its workers) of one CLI call."""
    start = time.perf_counter()
    proc = subprocess.Popen([*CLI, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: conflict-events {' '.join(args)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    # ru_maxrss of a child: the largest of the process and the workers it waited for.
    return wall, usage.ru_maxrss / 1024


def floor_rate(texts: list[str]) -> tuple[float, int]:
    """Texts/s of one pass of the gazetteer's name automaton over each folded text."""
    from pipeline import stages
    from pipeline.textfold import fold

    extractor, _ = stages.make_extractor()
    automaton = extractor.places.gazetteer.automaton
    start = time.perf_counter()
    for t in texts:
        for _ in automaton.iter(fold(t)):
            pass
    return len(texts) / (time.perf_counter() - start), len(automaton)


def compile_rate(inputs: Path, n: int, jobs: int, startup: float, work: Path) -> tuple[float, float]:
    wall, rss = run_cli(["compile", str(inputs), "--out", str(work / f"out-{jobs}"), "--jobs", str(jobs),
                         "--no-mention-cache"])
    return n / max(wall - startup, 1e-9), rss


def rerun_share(rows: list[dict], work: Path) -> tuple[float, float]:
    """(seconds of a rerun after +1% new articles, the same as a share of a cold compile)."""
    base, extra = rows[: int(len(rows) / 1.01)], rows[int(len(rows) / 1.01):]
    cache = work / "mention-cache"
    first = write_jsonl(base, work / "base.jsonl")
    more = write_jsonl(base + extra, work / "more.jsonl")
    cold, _ = run_cli(["compile", str(more), "--out", str(work / "cold"), "--jobs", "2", "--no-mention-cache"])
    run_cli(["compile", str(first), "--out", str(work / "fill"), "--jobs", "2", "--mention-cache", str(cache)])
    rerun, _ = run_cli(["compile", str(more), "--out", str(work / "rerun"), "--jobs", "2", "--mention-cache", str(cache)])
    return rerun, rerun / cold


def quick_runs(work: Path, one: Path) -> tuple[float, float, float]:
    """(start-up s, its peak RSS MB, explain s): each the best of QUICK_RUNS, after one warming run."""
    run_cli(["compile", str(one), "--out", str(work / "warm"), "--no-mention-cache"])  # warm the caches
    startup, startup_rss = min(run_cli(["compile", str(one), "--out", str(work / "one"), "--no-mention-cache"])
                               for _ in range(QUICK_RUNS))
    explain = min(run_cli(["explain", EXPLAIN_TEXT, "--publication-date", "2024-03-23"])[0] for _ in range(QUICK_RUNS))
    return startup, startup_rss, explain


def print_quick(startup: float, startup_rss: float, explain: float) -> None:
    print(f"{'start-up (warm caches)':34s} {startup:10.2f} s  peak RSS {startup_rss:6.0f} MB  (best of {QUICK_RUNS})")
    print(f"{'explain, one sentence':34s} {explain:10.2f} s  (best of {QUICK_RUNS})")


def startup_only() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        print_quick(*quick_runs(work, write_jsonl(read_texts(1), work / "one.jsonl")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=10_000, help="sample size (default 10,000 of the 72k texts)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scaling", default="", help="comma-separated corpus sizes for the scaling curve")
    ap.add_argument("--startup-only", action="store_true", help="measure start-up and explain only (a minute, not half an hour)")
    args = ap.parse_args()
    if args.startup_only:
        return startup_only()
    t0 = time.perf_counter()
    rows = read_texts(args.limit, args.seed)
    read_rate = len(rows) / (time.perf_counter() - t0)
    n, mb = len(rows), sum(len(r["text"].encode()) for r in rows) / 1e6
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        inputs = write_jsonl(rows, work / "sample.jsonl")
        one = write_jsonl(rows[:1], work / "one.jsonl")
        floor, names = floor_rate([r["text"] for r in rows])
        startup, startup_rss, explain = quick_runs(work, one)
        rate1, rss1 = compile_rate(inputs, n, 1, startup, work)
        rate2, rss2 = compile_rate(inputs, n, 2, startup, work)
        rerun, share = rerun_share(rows, work)
        print(f"sample: {n} texts ({mb:.1f} MB), seed {args.seed}; gazetteer names: {names}")
        print(f"{'read gzip JSONL':34s} {read_rate:10.0f} texts/s")
        print(f"{'floor: one automaton pass (1.0x)':34s} {floor:10.0f} texts/s")
        print(f"{'compile, 1 job, after start-up':34s} {rate1:10.0f} texts/s  {rate1 / floor:6.3f}x  peak RSS {rss1:6.0f} MB")
        print(f"{'compile, 2 jobs, after start-up':34s} {rate2:10.0f} texts/s  {rate2 / floor:6.3f}x  peak RSS {rss2:6.0f} MB"
              f"  ({rate2 / rate1:.2f}x one job)")
        print_quick(startup, startup_rss, explain)
        print(f"{'rerun after +1% articles':34s} {rerun:10.2f} s  ({share:.1%} of a cold compile)")
        for size in [int(s) for s in args.scaling.split(",") if s]:
            big = write_jsonl(replicate(rows, size), work / f"scale-{size}.jsonl")
            wall, rss = run_cli(["compile", str(big), "--out", str(work / f"scale-{size}"), "--jobs", "2",
                                 "--no-mention-cache"])
            big.unlink()
            print(f"{'scaling: ' + format(size, ','):34s} {size / max(wall - startup, 1e-9):10.0f} texts/s  "
                  f"peak RSS {rss:6.0f} MB")


if __name__ == "__main__":
    main()
