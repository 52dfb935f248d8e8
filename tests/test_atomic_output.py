"""The output folder holds one whole dataset at every moment: a bad --out is refused
before any work, a failed write or an interrupt leaves the previous dataset as it was."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.atomic_output import staged
from pipeline.cli import main

TOWNS = ["Eastport", "Westvale", "Norland", "Southbridge", "Kidal", "Goma", "Maiduguri", "Kandahar"]


def _corpus(path: Path, n: int) -> Path:
    rows = [{"id": f"a{i}", "publication_date": "2024-05-10",
             "text": f"Gunmen killed {i % 9 + 2} villagers near {TOWNS[i % len(TOWNS)]} on 3 May 2024, officials said. "
                     f"Residents fled after the raid number {i}."} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_an_out_that_is_a_file_or_under_one_is_refused_before_any_work(tmp_path, capsys):
    src = _corpus(tmp_path / "in.jsonl", 2)
    afile = tmp_path / "afile"
    afile.write_text("keep me", encoding="utf-8")
    for out in (afile, afile / "below"):
        assert main(["compile", str(src), "--out", str(out)]) == 2
        assert "E018" in capsys.readouterr().err
    assert afile.read_text(encoding="utf-8") == "keep me"


def test_a_failed_write_leaves_the_previous_dataset_whole(tmp_path, monkeypatch, capsys, extractor):
    monkeypatch.setattr("pipeline.stages.make_extractor", lambda *_: (extractor, "gazetteer"))  # built once per session
    src, out = _corpus(tmp_path / "in.jsonl", 3), tmp_path / "out"
    (out / "gazetteer").mkdir(parents=True)  # what DVC keeps in output/ beside the dataset
    assert main(["compile", str(src), "--out", str(out), "--jobs", "1"]) == 0
    before = _snapshot(out)

    def disk_full(folder, *rows):
        (folder / "articles.parquet").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pipeline.export.write_outputs", disk_full)
    _corpus(src, 5)
    assert main(["compile", str(src), "--out", str(out), "--jobs", "1"]) == 7
    assert "E019" in capsys.readouterr().err
    assert _snapshot(out) == before and (out / "gazetteer").is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_staged_folder_keeps_what_the_run_does_not_write(tmp_path):
    out = tmp_path / "out"
    (out / "stage").mkdir(parents=True)
    (out / "manifest.json").write_text("old", encoding="utf-8")
    with staged(out) as folder:
        (folder / "manifest.json").write_text("new", encoding="utf-8")
    assert (out / "manifest.json").read_text(encoding="utf-8") == "new" and (out / "stage").is_dir()
    with pytest.raises(KeyboardInterrupt), staged(out) as folder:
        (folder / "manifest.json").write_text("never", encoding="utf-8")
        raise KeyboardInterrupt
    assert (out / "manifest.json").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _compile(src: Path, out: Path, jobs: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "compile", str(src), "--out", str(out), "--jobs", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _previous_dataset(out: Path) -> dict[str, bytes]:
    out.mkdir()
    for name in ("articles.parquet", "mentions.parquet", "events.parquet", "events.csv", "manifest.json"):
        (out / name).write_bytes(f"previous {name}".encode())
    return _snapshot(out)


def _is_whole_new_dataset(out: Path, n_articles: int) -> bool:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except ValueError:  # still the previous dataset's manifest beside new files
        return False
    return manifest["counts"]["articles_in"] == n_articles and manifest["counts"]["reconciles"]


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    try:
        return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}
    except OSError:
        return {}


def test_a_kill_the_moment_the_output_folder_changes_leaves_a_whole_dataset(tmp_path):
    # The most dangerous instant, found without luck: SIGKILL as soon as anything in --out
    # changes. A run that writes its files in place is caught between two of them.
    src, out = _corpus(tmp_path / "new.jsonl", 30), tmp_path / "out"
    previous = _previous_dataset(out)
    before = _listing(out)
    proc = _compile(src, out, 1)
    try:
        deadline = time.monotonic() + 120
        while _listing(out) == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert _snapshot(out) == previous or _is_whole_new_dataset(out, 30), sorted(_snapshot(out))


@pytest.mark.parametrize(("sig", "jobs"), [(signal.SIGINT, 1), (signal.SIGINT, 2), (signal.SIGKILL, 1),
                                           (signal.SIGKILL, 2)], ids=["SIGINT-1", "SIGINT-2", "SIGKILL-1", "SIGKILL-2"])
def test_killing_a_compile_at_a_random_point_leaves_a_whole_dataset(tmp_path, sig, jobs):
    # Ctrl-C reaches the whole process group (workers too); SIGKILL gives no chance to clean up.
    # 420 articles: enough for --jobs 2 to fork its pool. One case per signal and job count, so
    # each fails for its own reason (before the hardening, Ctrl-C printed a traceback with
    # --jobs 1 and could hang in the worker pool with --jobs 2).
    src, out = _corpus(tmp_path / "new.jsonl", 420), tmp_path / "out"
    previous = _previous_dataset(out)
    proc = _compile(src, out, jobs)
    try:
        time.sleep(random.Random(13 * int(sig) + jobs).uniform(0.5, 10.0))
        os.killpg(proc.pid, sig)
        start = time.monotonic()
        code = proc.wait(timeout=60)
        if sig == signal.SIGINT:
            assert time.monotonic() - start < 5, "still running 5 s after Ctrl-C"
            err = proc.stderr.read()
            # 130, or death by SIGINT once handled (Python's own way; a shell shows 130 for both).
            assert code in (0, 130, -signal.SIGINT) and "Traceback" not in err, err
            # Either the run stopped with E020, or it had finished (its summary printed) and the
            # interrupt ended the interpreter on its way out.
            assert code == 0 or "E020" in err or "rows quarantined ->" in err, err
    finally:
        if proc.poll() is None:  # a run that ignored the signal must not outlive the test
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Whatever the moment, the folder holds one whole dataset: the previous one, or the new one
    # (a kill can land after the swap, while the process is ending).
    if _snapshot(out) != previous:
        assert code != 130 and _is_whole_new_dataset(out, 420), (sig, jobs, code)
