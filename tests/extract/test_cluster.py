"""Extraction on a Dask cluster gives what a local run gives, and fails loudly when it cannot."""

from __future__ import annotations

import os
import pickle
import random
import signal
import subprocess
import sys
import time

import pytest

from pipeline.cli import main
from pipeline.errors import EXIT_CLUSTER, CompilerError
from pipeline.extract import cluster
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed")
SAMPLE = ROOT / "data" / "sample"
CONTRACT = ["articles.parquet", "mentions.parquet", "events.parquet", "events.csv", "merges.parquet", "manifest.json"]


@pytest.fixture(scope="module")
def local_cluster():
    # Workers as threads of this process: the same scheduler protocol, no second gazetteer in
    # memory; on TCP (localhost), so that a compile in another process can reach it too.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  dashboard_address=None) as c:
        yield c


def test_a_cluster_compile_is_byte_identical_to_a_local_one(local_cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "CLUSTER_CHUNK", 4)  # the sample's 35 articles become 9 tasks
    local, remote = tmp_path / "local", tmp_path / "cluster"
    assert main(["compile", str(SAMPLE), "--out", str(local), "--jobs", "1"]) == 0
    assert main(["compile", str(SAMPLE), "--out", str(remote), "--scheduler", local_cluster.scheduler_address]) == 0
    for name in CONTRACT:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name


def test_a_cached_cluster_compile_is_byte_identical_too(local_cluster, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CLUSTER_CHUNK", 8)
    local, cache = tmp_path / "local", tmp_path / "cache"
    assert main(["compile", str(SAMPLE), "--out", str(local), "--jobs", "1"]) == 0
    for run in ("fill", "warm"):
        assert main(["compile", str(SAMPLE), "--out", str(tmp_path / run), "--scheduler", local_cluster.scheduler_address,
                     "--mention-cache", str(cache)]) == 0
        for name in CONTRACT:
            assert (local / name).read_bytes() == (tmp_path / run / name).read_bytes(), (run, name)
    assert "35 of 35 readable articles from the mention cache" in capsys.readouterr().err


def test_a_slow_article_is_rejected_in_a_worker_thread_and_the_run_goes_on(local_cluster, tmp_path, capsys):
    # The time limit is a cooperative deadline, not a signal: it holds in a Dask worker's threads.
    from tests.extract.test_time_limit import LIMIT, _assert_long_rejected, corpus_file

    inputs = corpus_file(tmp_path)
    out = tmp_path / "out"
    assert main(["compile", str(inputs), "--out", str(out), "--scheduler", local_cluster.scheduler_address,
                 "--max-article-seconds", LIMIT]) == 0
    _assert_long_rejected(out, inputs, capsys.readouterr().err)


def test_ctrl_c_ends_a_cluster_compile_with_one_line_within_5_s(local_cluster, tmp_path):
    # The compile runs in its own process group, as in a terminal where the cluster was started
    # elsewhere; Ctrl-C reaches the compile alone, while its tasks are on the cluster.
    from tests.test_atomic_output import _corpus

    src = _corpus(tmp_path / "in.jsonl", 600)
    scheduler = local_cluster.scheduler
    rng = random.Random(7)
    for attempt in range(2):
        out = tmp_path / f"out{attempt}"
        env = {**os.environ, "CONFLICT_EVENTS_MENTION_CACHE": "off"}
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "compile", str(src), "--out", str(out),
                                 "--scheduler", local_cluster.scheduler_address], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
        deadline = time.monotonic() + 120
        while not scheduler.tasks and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # until the compile has sent its first tasks
        assert scheduler.tasks, proc.stderr.read() if proc.poll() is not None else "no task reached the cluster"
        time.sleep(rng.uniform(0.0, 3.0))
        os.killpg(proc.pid, signal.SIGINT)
        start = time.monotonic()
        code = proc.wait(timeout=60)
        assert time.monotonic() - start < 5, "still running 5 s after Ctrl-C"
        err = proc.stderr.read()
        if code == 0:  # the run had finished: its summary, and a whole dataset
            assert "rows quarantined ->" in err and (out / "manifest.json").exists(), err
            continue
        assert code == 130, err
        assert err.splitlines() == ["conflict-events: E020 interrupted; workers stopped, no output folder was changed"], err
        assert not out.exists()
        while scheduler.tasks and time.monotonic() < deadline:
            time.sleep(0.05)  # the released tasks leave the cluster before the next attempt


def test_a_worker_with_other_rules_refuses_to_extract(extractor, monkeypatch):
    # A worker that already holds an extractor for these paths, built from rules other than the run's.
    monkeypatch.setitem(cluster._WORKER_EXTRACTORS, ("/shared/rules", "/shared/gazetteer"), extractor)
    with pytest.raises(CompilerError) as exc:
        cluster.extract_chunk([], "/shared/rules", "/shared/gazetteer", "0123456789abcdef")
    assert exc.value.exit_code == EXIT_CLUSTER
    assert str(exc.value).startswith("E302") and "/shared/rules" in str(exc.value) and "0123456789ab" in str(exc.value)


def test_an_unreachable_scheduler_exits_6_naming_the_address(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    code = main(["compile", str(SAMPLE), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert code == EXIT_CLUSTER
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_compiler_error_keeps_its_exit_code_across_processes():
    err = pickle.loads(pickle.dumps(CompilerError("a worker failed", EXIT_CLUSTER)))
    assert (str(err), err.exit_code) == ("a worker failed", EXIT_CLUSTER)
