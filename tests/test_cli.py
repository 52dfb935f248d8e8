"""End to end through the command line, as a user runs it."""

from __future__ import annotations

import argparse
import io
import json
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import EXAMPLES, _parser, main
from pipeline.vocab import DEFAULT_RULES_DIR
from tests.conftest import resolve_and_export, shared_path

CONTRACT = ["articles.parquet", "mentions.parquet", "events.parquet", "events.csv", "quarantine.parquet",
            "merges.parquet", "manifest.json", "datapackage.json"]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    assert main(["compile", str(shared_path("corpus", "seeds")), "--out", str(out)]) == 0
    return out


def test_every_command_help_ends_with_an_example(capsys):
    for argv in (["compile"], ["ingest"], ["extract"], ["resolve"], ["export"], ["gazetteer"], ["rules"], ["rules", "lint"],
                 ["rules", "doc"], ["rules", "test"], ["explain"], ["codebook"], ["diff"],
                 ["report"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        out = capsys.readouterr().out.rstrip()
        assert "example:\n  conflict-events" in out, argv
        assert out.splitlines()[-1].strip().startswith(("conflict-events", "--")), argv
    assert set(EXAMPLES) >= {"compile", "explain", "rules lint", "rules test"}


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sp in action.choices.values():
                yield sp
                yield from _subparsers(sp)


def test_every_option_and_argument_has_help_text():
    for sp in _subparsers(_parser()):
        for action in sp._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, (sp.prog, action.dest)


def test_a_date_not_in_iso_form_gets_a_message_naming_the_form(capsys):
    with pytest.raises(SystemExit):
        main(["explain", "A bomb exploded.", "--publication-date", "23/03/2024"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_explain_without_text_prints_its_usage(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["explain"]) == 2
    assert "usage: conflict-events explain" in capsys.readouterr().err


def test_compile_writes_every_contract_file(seeds_out):
    for name in CONTRACT:
        assert (seeds_out / name).exists(), name


def test_seed_dumps_split_into_nine_accounted_articles(seeds_out):
    arts = pd.read_parquet(seeds_out / "articles.parquet")
    manifest = json.loads((seeds_out / "manifest.json").read_text())
    assert len(arts) == 9 and manifest["counts"]["articles_in"] == 9 and manifest["counts"]["reconciles"]
    quiet = arts[arts["title"].str.contains("G20|Hong Kong|Starmer|Biden|Kim meets", regex=True)]
    assert len(quiet) == 5 and set(quiet["status"]) == {"no_events"}


def test_seed_events_crocus_and_tower_22(seeds_out):
    ev = pd.read_parquet(seeds_out / "events.parquet")
    crocus = ev[ev["notes"].str.contains("Crocus", na=False) & (ev["event_date"].astype(str) == "2024-03-22")]
    assert len(crocus) >= 1 and set(crocus["country"]) == {"Russia"}
    tower = ev[(ev["event_date"].astype(str) == "2024-01-28") & (ev["country"] == "Jordan")]
    assert len(tower) == 1 and tower.iloc[0]["fatalities"] == 3


def test_seed_dates_and_places_kabul_kerman_beslan(seeds_out):
    ev = pd.read_parquet(seeds_out / "events.parquet")
    ev["day"] = ev["event_date"].astype(str)

    def one(**where):
        rows = ev
        for col, value in where.items():
            rows = rows[rows[col] == value]
        assert len(rows) == 1, where
        return rows.iloc[0]

    assert one(day="2021-08-26", location="Kabul")["time_precision"] == 1
    kerman = one(day="2024-01-03", country="Iran")
    assert kerman["location"] == "Kerman" and kerman["time_precision"] == 1
    beslan = one(location="Beslan")
    assert beslan["day"].startswith("2004-09") and beslan["time_precision"] == 3 and beslan["admin1"] == "North Ossetia"


def test_parquet_types_are_real_types(seeds_out):
    schema = pq.read_schema(seeds_out / "events.parquet")
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("fatalities").type) == "int64"
    assert pa.types.is_list(schema.field("rule_ids").type)
    assert schema.field("rule_ids").type.value_type == pa.string()
    ev = pd.read_parquet(seeds_out / "events.parquet")
    assert all(isinstance(r, (list, type(ev["rule_ids"].iloc[0]))) for r in ev["rule_ids"])


def test_compile_is_byte_identical_when_repeated(seeds_out, tmp_path):
    assert main(["compile", str(shared_path("corpus", "seeds")), "--out", str(tmp_path)]) == 0
    for name in CONTRACT:
        assert (tmp_path / name).read_bytes() == (seeds_out / name).read_bytes(), name


def test_bad_inputs_are_reported_and_every_readable_article_kept(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "blob.txt").write_bytes(b"\x00\xff\x00\x13")
    (d / "empty.txt").write_bytes(b"")
    (d / "bad-utf8.txt").write_bytes("Rebels clashed with troops near Goma on Monday, killing \xe9 five.".encode("latin-1"))
    (d / "feed.jsonl").write_text('{"id": "j1", "text": "Police arrested two suspects in Kano."}\n{broken\n', encoding="utf-8")
    (d / "notext.csv").write_text("id,body\nc1,hello\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compile", str(d), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for name, code in (("blob.txt", "E002"), ("empty.txt", "E003"), ("bad-utf8.txt", "E012"),
                       ("feed.jsonl:2", "E005"), ("notext.csv", "E006")):
        assert code in err and name in err, (name, err)
    assert err.count("E006") == 1, err
    manifest = json.loads((out / "manifest.json").read_text())
    c = manifest["counts"]
    assert c["articles_in"] == 4 and c["articles_rejected"] == 2 and c["reconciles"]
    assert {e["code"] for e in manifest["file_errors"]} >= {"E002", "E003", "E006"}


def test_no_readable_input_exits_3(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["compile", str(tmp_path), "--out", str(tmp_path / "o")]) == 3
    assert "E010" in capsys.readouterr().err


def test_invalid_rule_regex_exits_4_naming_file_and_rule(tmp_path, capsys):
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    (rules / "events" / "broken.yaml").write_text(
        "kind: event\nrules:\n  - id: broken-rule\n    patterns: ['(unclosed']\n"
        "    sets: {event_type: Battles, sub_event_type: Armed clash}\n", encoding="utf-8")
    assert main(["rules", "lint", "--rules", str(rules)]) == 4
    err = capsys.readouterr().err
    assert "E102" in err and "broken.yaml" in err and "broken-rule" in err
    assert main(["compile", str(tmp_path), "--out", str(tmp_path / "o"), "--rules", str(rules)]) == 4


def test_explain_shows_rules_spans_and_cancellations(capsys):
    assert main(["explain", "The rebels denied carrying out the shelling of the town. Gunmen shot dead a farmer in Kidal, Mali, on Friday.",
                 "--publication-date", "2024-03-23"]) == 0
    out = capsys.readouterr().out
    assert "cancelled by negated-event" in out
    assert "armed-actor-kills-civilians" in out and "2024-03-22" in out


def test_explain_loads_no_table_library():
    # pandas, pyarrow and pandera take about a second to import; explain builds no table.
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import sys\nfrom pipeline.cli import main\n"
              "assert main(['explain', 'Gunmen killed 12 villagers in Zamfara on Friday.']) == 0\n"
              "print(sorted(m for m in ('pandas', 'pyarrow', 'pandera', 'numpy') if m in sys.modules))\n")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert "Zamfara" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_parser_lists_every_documented_command():
    sub = next(a for a in _parser()._actions if a.dest == "command")
    assert set(sub.choices) == {"compile", "ingest", "extract", "resolve", "export", "gazetteer", "rules", "explain",
                                "codebook", "diff", "report"}


def _dev_subset(tmp_path, n: int):
    """A CSV of n real texts, read from ../shared at run time into the test's own temp dir."""
    import csv

    with shared_path("eval", "acled", "dev.csv").open(encoding="utf-8") as f:
        rows = [r for _, r in zip(range(n), csv.DictReader(f), strict=False)]
    src = tmp_path / "subset.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text"])
        w.writeheader()
        w.writerows({"id": r["id"], "text": r["text"]} for r in rows)
    return src


def test_parallel_extraction_gives_identical_output(tmp_path, monkeypatch):
    from pipeline.extract import run

    src = _dev_subset(tmp_path, 300)
    one, two = tmp_path / "one", tmp_path / "two"
    monkeypatch.setattr(run, "PARALLEL_MIN_ARTICLES", 10)
    assert main(["compile", str(src), "--out", str(one), "--jobs", "1"]) == 0
    assert main(["compile", str(src), "--out", str(two), "--jobs", "2"]) == 0
    for name in CONTRACT:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_the_streamed_stages_give_what_compile_gives(tmp_path, monkeypatch):
    # The DVC path (ingest, extract, resolve, export: one command each, Parquet between them)
    # streams articles in batches; with batches far smaller than the input, and workers, the
    # contract files are still byte for byte those of a one-process compile.
    from pipeline import tables
    from pipeline.extract import run

    src = _dev_subset(tmp_path, 120)
    whole, staged, stage = tmp_path / "whole", tmp_path / "staged", tmp_path / "stage"
    assert main(["compile", str(src), "--out", str(whole), "--jobs", "1"]) == 0
    monkeypatch.setattr(tables, "BATCH_ROWS", 16)
    monkeypatch.setattr(run, "PARALLEL_MIN_ARTICLES", 8)
    assert main(["ingest", str(src), "--out", str(stage / "articles.parquet"), "--report", str(stage / "ingest.json")]) == 0
    assert pq.ParquetFile(stage / "articles.parquet").num_row_groups == 8  # 120 rows in batches of 16
    assert main(["extract", str(stage / "articles.parquet"), "--out", str(stage / "mentions.parquet"), "--jobs", "2"]) == 0
    resolve_and_export(stage, staged)
    for name in CONTRACT:
        assert (whole / name).read_bytes() == (staged / name).read_bytes(), name
