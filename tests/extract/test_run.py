"""Local extraction workers: they ignore Ctrl-C (the parent stops them) yet never outlive it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

# Each worker is busy with a long task (as with a huge article) when the parent dies: an idle
# worker would exit anyway (its task pipe closes), a busy one only once its task is done.
POOL = """
import os, time
from pipeline.extract import run
pool = run.mp.get_context("fork").Pool(2, initializer=run._worker_start, initargs=(os.getpid(),))
pool.map(abs, range(4))  # the workers are up
pool.map_async(time.sleep, [60, 60], chunksize=1)
time.sleep(1)  # each worker has taken its task
print(" ".join(str(p.pid) for p in pool._pool), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its reaping is left


def test_busy_workers_exit_when_their_parent_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", POOL], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in proc.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
