"""The dataset diff: events added, removed and changed by stable id, with old and new values."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.diff import diff_events, render_table, summary
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "multi_outlet.jsonl"
# An invented report of an unrelated event, far from the fixture's places and days.
EXTRA = {"id": "extra-1", "publication_date": "2024-07-02", "source": "Wire One",
         "text": "Police fired tear gas at protesters in Mombasa, Kenya, on Monday, injuring four people."}


def _event(eid: str, **fields) -> dict:
    return {"event_id_cnty": eid, "event_date": dt.date(2024, 5, 1), "fatalities": 2, "rule_ids": ["r"], **fields}


def test_added_removed_and_changed_fields_with_old_and_new_values():
    old = [_event("A1"), _event("B1"), _event("C1", fatalities=3)]
    new = [_event("A1"), _event("C1", fatalities=5, rule_ids=["r", "s"]), _event("D1")]
    changes = diff_events(old, new)
    assert [(c["event_id_cnty"], c["change"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("B1", "removed", None, None, None),
        ("C1", "changed", "fatalities", "3", "5"),
        ("C1", "changed", "rule_ids", '["r"]', '["r", "s"]'),
        ("D1", "added", None, None, None),
    ]
    assert summary(changes) == {"added": 1, "removed": 1, "changed": 1}
    table = render_table(changes)
    assert table.startswith("1 events added, 1 removed, 1 changed") and "fatalities  3" in table


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff")
    bigger = root / "bigger.jsonl"
    shutil.copy(FIXTURE, bigger)
    with bigger.open("a", encoding="utf-8") as f:
        f.write(json.dumps(EXTRA) + "\n")
    assert main(["compile", str(FIXTURE), "--out", str(root / "v1")]) == 0
    assert main(["compile", str(bigger), "--out", str(root / "v2")]) == 0
    return root


def test_an_added_article_adds_its_event_and_every_other_event_keeps_its_id(two_versions, capsys):
    root = two_versions
    assert main(["diff", str(root / "v1"), str(root / "v2"), "--out", str(root / "changes.parquet")]) == 0
    out = capsys.readouterr().out
    changes = pq.read_table(root / "changes.parquet").to_pylist()
    assert {c["change"] for c in changes} == {"added"} and len(changes) >= 1
    assert out.startswith(f"{len(changes)} events added, 0 removed, 0 changed")
    assert pq.read_schema(root / "changes.parquet").names == ["event_id_cnty", "change", "field", "old", "new"]


def test_a_missing_old_version_is_an_error_unless_missing_is_ok(two_versions, capsys):
    root = two_versions
    assert main(["diff", str(root / "nowhere"), str(root / "v1")]) == 3
    assert "E022" in capsys.readouterr().err
    assert main(["diff", str(root / "nowhere"), str(root / "v1"), "--missing-ok"]) == 0
    assert "0 removed" in capsys.readouterr().out


# A real repository in the test's own folder: git (and DVC) run locally, with no remote,
# no user or system configuration and no network.
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _repo(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    for name, value in {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
                        "DVC_NO_ANALYTICS": "1", "DVC_GLOBAL_CONFIG_DIR": str(tmp_path / "dvc-global"),
                        "DVC_SYSTEM_CONFIG_DIR": str(tmp_path / "dvc-system"),
                        "DVC_SITE_CACHE_DIR": str(tmp_path / "dvc-site")}.items():
        monkeypatch.setenv(name, value)
    _run(repo, "git", "init", "-q")
    monkeypatch.chdir(repo)  # a revision is looked up in the repository of the working directory
    return repo


def _run(repo, *argv) -> str:
    if argv[0] == "dvc":
        argv = (sys.executable, "-m", "dvc", *argv[1:])
    done = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return done.stdout


def _diff(capsys, old: str, new: str, out) -> tuple[str, list[dict]]:
    assert main(["diff", old, new, "--out", str(out)]) == 0
    return capsys.readouterr().out, pq.read_table(out).to_pylist()


@needs_git
def test_a_git_revision_diffs_against_the_working_copy(two_versions, tmp_path, monkeypatch, capsys):
    root = two_versions
    expected = _diff(capsys, str(root / "v1"), str(root / "v2"), tmp_path / "folders.parquet")
    assert expected[1], "the two versions differ"
    repo = _repo(tmp_path, monkeypatch)
    shutil.copytree(root / "v1", repo / "output")
    _run(repo, "git", "add", "output")
    _run(repo, "git", "commit", "-q", "-m", "v1")
    shutil.copytree(root / "v2", repo / "output", dirs_exist_ok=True)  # the working copy moves on
    assert _diff(capsys, "HEAD", "output", tmp_path / "rev.parquet") == expected
    _run(repo, "git", "commit", "-q", "-a", "-m", "v2")
    assert _diff(capsys, "HEAD~1", "HEAD", tmp_path / "revs.parquet") == expected  # two revisions
    assert _diff(capsys, "HEAD", "output", tmp_path / "same.parquet") == ("0 events added, 0 removed, 0 changed\n", [])
    assert main(["diff", "no-such-revision", "output"]) == 3
    assert "E022 no-such-revision: no dataset to compare" in capsys.readouterr().err


DVC_STAGE = """stages:
  export:
    cmd: mkdir -p output && cp staged/events.parquet output/events.parquet
    deps:
      - staged/events.parquet
    outs:
      - output/events.parquet
"""


@needs_git
def test_a_dvc_tracked_dataset_at_a_revision_is_read_from_the_local_dvc_cache(two_versions, tmp_path, monkeypatch,
                                                                               capsys):
    # As in this project: output/events.parquet is a stage output that dvc.lock records and
    # git ignores, so the earlier version exists only in DVC's cache.
    pytest.importorskip("dvc")
    root = two_versions
    expected = _diff(capsys, str(root / "v1"), str(root / "v2"), tmp_path / "folders.parquet")
    repo = _repo(tmp_path, monkeypatch)
    _run(repo, "dvc", "init", "-q")
    (repo / "dvc.yaml").write_text(DVC_STAGE, encoding="utf-8")
    (repo / "staged").mkdir()
    shutil.copy(root / "v1" / "events.parquet", repo / "staged" / "events.parquet")
    _run(repo, "dvc", "repro", "-q")
    _run(repo, "git", "add", "-A")
    _run(repo, "git", "commit", "-q", "-m", "v1")
    assert "output/events.parquet" not in _run(repo, "git", "ls-tree", "-r", "--name-only", "HEAD")
    shutil.copy(root / "v2" / "events.parquet", repo / "staged" / "events.parquet")
    _run(repo, "dvc", "repro", "-q")  # the working copy holds v2; HEAD's dvc.lock still names v1
    assert _diff(capsys, "HEAD", "output", tmp_path / "rev.parquet") == expected
    # Without its cache entry (and with no remote) the old version cannot be read: a coded error.
    shutil.rmtree(repo / ".dvc" / "cache")
    assert main(["diff", "HEAD", "output"]) == 3
    assert "E022 HEAD: no dataset to compare" in capsys.readouterr().err
