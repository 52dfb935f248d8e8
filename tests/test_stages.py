"""The stage functions add what needs the vocabularies: an event's source scale."""

from __future__ import annotations

import pytest

from pipeline import stages
from pipeline.resolve import ResolveParams
from tests.stand_in_runs import DeferredRun
from tests.test_resolve import D, mention


def test_resolved_events_carry_the_scale_of_their_known_sources(rulebook):
    from pipeline.tables import to_arrow

    wire, paper = mention("a#m1", "a", D), mention("b#m1", "b", D)
    wire["source"], paper["source"] = "Reuters", "Daily Nation"
    events = stages.resolve_table(to_arrow([wire, paper], "mentions"), rulebook, ResolveParams())[0].to_pylist()
    assert len(events) == 1 and events[0]["source"] == "Daily Nation; Reuters"
    assert events[0]["source_scale"] == "National-International"


class _OrderRun(DeferredRun):
    """A stand-in run that logs when each batch is submitted and collected."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def submit(self, batch):
        self.log.append(f"submit {batch[0]['article_id']}")
        return batch

    def collect(self, batch):
        self.log.append(f"collect {batch[0]['article_id']}")
        return [{"mention_id": a["article_id"] + "#1", "article_id": a["article_id"]} for a in batch]


def test_each_batch_is_handed_out_before_the_one_before_it_is_collected(monkeypatch):
    run = _OrderRun()
    monkeypatch.setattr(stages, "_extraction_run", lambda *a, **k: run)
    batches = [[{"article_id": f"b{i}a{j}"} for j in range(2)] for i in range(3)]
    out = list(stages.extract_batches(iter(batches), extractor=None))
    assert [b for b, _ in out] == batches
    assert [[m["article_id"] for m in found] for _, found in out] == [[a["article_id"] for a in b] for b in batches]
    assert run.log == ["submit b0a0", "submit b1a0", "collect b0a0", "submit b2a0", "collect b1a0", "collect b2a0"]


def test_small_batches_with_workers_and_the_cache_give_a_one_process_compile(tmp_path, monkeypatch):
    # Batches in flight two at a time, some shared out and some (below the threshold) not,
    # with and without the mention cache: the contract files are those of one batch, one process.
    import json

    from pipeline import tables
    from pipeline.cli import main
    from pipeline.extract import run as run_module
    from tests.test_cli import CONTRACT, _dev_subset

    src = _dev_subset(tmp_path, 90)
    whole = tmp_path / "whole"
    assert main(["compile", str(src), "--out", str(whole), "--jobs", "1", "--no-mention-cache"]) == 0
    monkeypatch.setattr(tables, "BATCH_ROWS", 20)  # the last batch, of 10, is extracted in this process
    monkeypatch.setattr(run_module, "PARALLEL_MIN_ARTICLES", 15)
    for name, cache in (("cold", ["--no-mention-cache"]), ("fill", ["--mention-cache", str(tmp_path / "mc")]),
                        ("warm", ["--mention-cache", str(tmp_path / "mc")])):
        assert main(["compile", str(src), "--out", str(tmp_path / name), "--jobs", "2", *cache]) == 0
        for f in CONTRACT:
            assert (whole / f).read_bytes() == (tmp_path / name / f).read_bytes(), (name, f)
    assert json.loads((whole / "manifest.json").read_text())["counts"]["articles_in"] == 90


@pytest.mark.parametrize("has_mentions", [None, [True, True]])  # computed here, or given by compile
def test_a_quarantined_mention_takes_its_event_and_leaves_its_article_without_events(rulebook, has_mentions):
    import datetime as dt

    from pipeline.arrow_rows import ArrowRows
    from pipeline.tables import to_arrow

    good, late = mention("a#m1", "a", D), mention("b#m1", "b", D - dt.timedelta(days=30))
    late["publication_date"] = D - dt.timedelta(days=40)  # the event after its report: not_after_publication
    for m in (good, late):
        m.update(year=m["event_date"].year, disorder_type="Political violence", char_start=0, char_end=9)
    events, _ = stages.resolve_table(to_arrow([good, late], "mentions"), rulebook, ResolveParams())
    held = ArrowRows("mentions")
    held.add([good, late])
    articles = [{"article_id": a, "source_file": "f", "n_chars": 9, "status": None} for a in ("a", "b")]
    run = {"articles": articles, "mentions": held, "events": events}
    if has_mentions is not None:
        run["has_mentions"] = has_mentions
    a_ok, m_ok, e_ok, dropped, quarantine = stages.validate_and_finalise(run, rulebook)
    assert m_ok.column("mention_id").to_pylist() == ["a#m1"] and not run
    assert {(q["table"], q["check"].split()[1]) for q in quarantine} >= {
        ("mentions", "not_after_publication"), ("events", "source_mention_quarantined")}
    assert e_ok.column("mention_ids").to_pylist() == [["a#m1"]]
    assert dropped == set(events["event_id_cnty"].to_pylist()) - set(e_ok["event_id_cnty"].to_pylist())
    assert len(dropped) == 1
    statuses = dict(zip(a_ok["article_id"].to_pylist(), a_ok["status"].to_pylist(), strict=True))
    assert statuses == {"a": "events", "b": "no_events"}
    assert "quarantined" in a_ok["reason"].to_pylist()[1]
    row = next(q["row"] for q in quarantine if q["table"] == "mentions")
    assert '"admin3"' not in row  # the row as it was given, not with the table's other columns


def test_an_article_row_that_fails_its_schema_stays_marked_rejected(rulebook):
    from pipeline.stages import FAILED_ROW
    from pipeline.tables import to_arrow

    articles = [{"article_id": "a", "source_file": "f", "n_chars": 9, "status": None},
                {"article_id": "b", "source_file": "f", "n_chars": 9, "status": "rejected", "reason": None}]
    run = {"articles": to_arrow(articles, "articles"), "mentions": [], "events": []}
    a_ok, _, _, _, quarantine = stages.validate_and_finalise(run, rulebook)
    assert a_ok["status"].to_pylist() == ["no_events", "rejected"]
    assert a_ok["reason"].to_pylist() == [None, FAILED_ROW]
    assert [q["row_key"] for q in quarantine] == ["b"] and "rejected_has_reason" in quarantine[0]["check"]


def test_every_mention_quarantined_leaves_no_event_and_every_article_without_events(rulebook, tmp_path, monkeypatch):
    import datetime as dt

    from pipeline.arrow_rows import ArrowRows
    from pipeline.spill import spilling
    from pipeline.tables import to_arrow

    late = [mention(f"{a}#m1", a, D - dt.timedelta(days=30)) for a in ("a", "b", "c")]
    for m in late:  # each event after its report: not_after_publication
        m.update(publication_date=D - dt.timedelta(days=40), year=m["event_date"].year,
                 disorder_type="Political violence", char_start=0, char_end=9)
    articles = [{"article_id": a, "source_file": "f", "n_chars": 9, "status": None} for a in ("a", "b", "c")]
    monkeypatch.setattr("pipeline.spill.SPILL_AFTER_BYTES", 0)  # every table spilled, however small
    with spilling(tmp_path / "out"):
        events, merges = stages.resolve_table(to_arrow(late, "mentions"), rulebook, ResolveParams())
        held = ArrowRows("mentions")
        held.add(late)
        run = {"articles": to_arrow(articles, "articles"), "mentions": held, "events": events,
               "has_mentions": [True, True, True]}
        a_ok, m_ok, e_ok, dropped, quarantine = stages.validate_and_finalise(run, rulebook)
        assert m_ok.num_rows == 0 and e_ok.num_rows == 0
        assert dropped == set(events["event_id_cnty"].to_pylist())
        assert stages.merges_kept(merges, dropped).num_rows == 0
        assert a_ok["status"].to_pylist() == ["no_events"] * 3
        assert {q["table"] for q in quarantine} == {"mentions", "events"}


def test_merges_kept_drops_the_rows_of_dropped_events_only(tmp_path, monkeypatch):
    import pyarrow as pa

    from pipeline.spill import spilling
    from pipeline.tables import to_arrow

    rows = [{"mention_id": f"m{i}", "event_id_cnty": f"E{i % 3}", "criterion": "single-mention"} for i in range(7)]
    chunked = pa.concat_tables([to_arrow(rows[:4], "merges"), to_arrow(rows[4:], "merges")])
    monkeypatch.setattr("pipeline.spill.SPILL_AFTER_BYTES", 0)
    for spilled in (False, True):
        with spilling(tmp_path / "out") if spilled else _no_block():
            kept = stages.merges_kept(chunked, {"E1"})
            assert kept.column("mention_id").to_pylist() == ["m0", "m2", "m3", "m5", "m6"]
            assert kept.column(0).num_chunks == 1
            assert kept.equals(to_arrow([r for r in rows if r["event_id_cnty"] != "E1"], "merges"))
            assert stages.merges_kept(chunked, set()).equals(chunked.combine_chunks())


class _no_block:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_an_article_keeps_its_events_while_one_of_its_mentions_is_valid():
    import pyarrow as pa

    valid = pa.table({"article_id": ["a", "c"]})  # a lost one mention of two, b its only one
    ids = pa.chunked_array([["a", "b", "c", "d"]])
    for given in (None, [True, True, True, False]):
        has_events = stages._has_events(given, valid, {"a", "b"})
        assert has_events(ids).to_pylist() == [True, False, True, False]
