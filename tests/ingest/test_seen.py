"""Ids met are remembered on disk, with where each was first met."""

from __future__ import annotations

from pipeline.ingest.seen import SeenIds


def test_an_id_is_claimed_once_and_names_where_it_was_first_met():
    seen = SeenIds()
    assert seen.claim("a", "f.jsonl:1") is None
    assert seen.claim("b", "f.jsonl:2") is None
    assert seen.claim("a", "g.jsonl:9") == "f.jsonl:1"
    assert seen.claim("a", "h.jsonl:3") == "f.jsonl:1"  # the first place stays
    seen.close()


def test_duplicates_across_files_are_rejected_with_the_first_place(tmp_path):
    from pipeline.ingest import IngestReport, iter_inputs

    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "one"}\n{"id": "y", "text": "two"}\n')
    (tmp_path / "b.jsonl").write_text('{"id": "y", "text": "again"}\n{"id": "z", "text": "three"}\n')
    recs = list(iter_inputs([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], IngestReport()))
    assert [r["status"] for r in recs] == [None, None, "rejected", None]
    assert "E011" in recs[2]["reason"] and "a.jsonl:2" in recs[2]["reason"]
    assert recs[2]["article_id"].startswith("r-") and recs[3]["article_id"] == "z"
