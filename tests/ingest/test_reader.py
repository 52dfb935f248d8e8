"""Bad input is reported by file (and line) and loses nothing."""

from __future__ import annotations

import gzip
import json

from pipeline.ingest import read_inputs
from pipeline.ingest.reader import content_id

GOOD = "KABUL, 12 May 2024 (Reuters) - A bomb exploded near a market, killing four people."


def _codes(report):
    return sorted(e["code"] for e in report.file_errors + report.warnings)


def test_jsonl_with_metadata_and_a_malformed_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"id": "x1", "title": "T", "publication_date": "2024-05-12", "source": "Wire", "text": GOOD}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "x3", "text": ""}) + "\n",
        encoding="utf-8",
    )
    records, report = read_inputs([p])
    assert [r["article_id"] for r in records][0] == "x1"
    assert records[0]["publication_date"].isoformat() == "2024-05-12"
    assert records[0]["pubdate_source"] == "metadata"
    rejected = [r for r in records if r["status"] == "rejected"]
    assert len(rejected) == 2
    assert "feed.jsonl:2" in rejected[0]["reason"] and rejected[0]["reason"].startswith("E005")
    assert rejected[1]["article_id"] == "x3" and rejected[1]["reason"].startswith("E008")


def test_gzipped_jsonl(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    p.write_bytes(gzip.compress((json.dumps({"text": GOOD}) + "\n").encode()))
    records, _ = read_inputs([p])
    assert records[0]["article_id"] == content_id(GOOD)
    # No metadata date: the dateline supplies it.
    assert records[0]["publication_date"].isoformat() == "2024-05-12"
    assert records[0]["pubdate_source"] == "dateline"


def test_a_gzip_that_breaks_off_keeps_the_articles_before_the_break(tmp_path):
    # Lines stream from the file: a download cut short still yields what arrived, and says so.
    lines = "".join(json.dumps({"id": f"a{i}", "text": f"{GOOD} Report {i}."}) + "\n" for i in range(400))
    whole = gzip.compress(lines.encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(whole[: len(whole) * 3 // 4])
    records, report = read_inputs([p])
    assert 0 < len(records) < 400 and [r["article_id"] for r in records[:2]] == ["a0", "a1"]
    assert _codes(report) == ["E009"] and "cut.jsonl.gz" in report.file_errors[0]["message"]


def test_csv_without_text_column_rejects_every_row(tmp_path):
    p = tmp_path / "notext.csv"
    p.write_text("id,body\na,first\nb,second\n", encoding="utf-8")
    records, report = read_inputs([p])
    assert [r["status"] for r in records] == ["rejected", "rejected"]
    assert [r["article_id"] for r in records] == ["a", "b"]
    assert "E006" in _codes(report) and "notext.csv" in report.file_errors[0]["message"]


def test_binary_and_empty_files_are_reported_not_read(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    records, report = read_inputs([tmp_path])
    assert len(records) == 1
    assert _codes(report) == ["E002", "E003"]
    assert any("blob.txt" in e["message"] for e in report.file_errors)


def test_a_legacy_encoding_is_detected_and_named(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\xe9 owners protested in Bamako on Monday.".encode("latin-1"))
    records, report = read_inputs([p])
    assert len(records) == 1 and records[0]["status"] is None and records[0]["text"].startswith("Caf\xe9 ")
    assert _codes(report) == ["E012"] and "latin1.txt" in report.warnings[0]["message"]


def test_damaged_utf8_is_decoded_with_a_warning(tmp_path):
    # Mostly good UTF-8 with one broken byte stays UTF-8: no detector guess turns it to mojibake.
    p = tmp_path / "damaged.txt"
    p.write_bytes("Caf\u00e9 owners in S\u00e9gou and Kay\u00e8s protested.\n".encode() + b"Second line \xff here.")
    records, report = read_inputs([p])
    assert "S\u00e9gou" in records[0]["text"] and "\ufffd" in records[0]["text"]
    assert _codes(report) == ["E004"] and "damaged.txt:2" in report.warnings[0]["message"]


def test_missing_path_is_an_error(tmp_path):
    records, report = read_inputs([tmp_path / "nope.csv"])
    assert records == [] and _codes(report) == ["E001"]


def test_duplicate_ids_are_rejected_not_dropped(tmp_path):
    p = tmp_path / "dups.csv"
    p.write_text(f'id,text\nsame,"{GOOD}"\nsame,"Another text."\n', encoding="utf-8")
    records, _ = read_inputs([p])
    assert [r["status"] for r in records] == [None, "rejected"]
    assert records[1]["reason"].startswith("E011")


def test_html_page_is_reduced_to_the_article(tmp_path):
    p = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i}: rebels attacked a convoy near the town, witnesses said on Tuesday.</p>" for i in range(6))
    p.write_text(
        "<html><head><title>Convoy attacked</title>"
        '<meta property="article:published_time" content="2024-02-03T10:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Convoy attacked</h1>{body}"
        "</article><footer>Copyright 2024 Example News</footer></body></html>",
        encoding="utf-8",
    )
    records, _ = read_inputs([p])
    assert "rebels attacked a convoy" in records[0]["text"]
    assert "Copyright" not in records[0]["text"]
    assert records[0]["publication_date"].isoformat() == "2024-02-03"


def test_an_unsupported_file_in_a_folder_is_reported_not_skipped_in_silence(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF-1.4")  # not the user's input
    records, report = read_inputs([tmp_path])
    assert len(records) == 1
    assert [(e["code"], e["path"]) for e in report.warnings] == [("E007", str(tmp_path / "scan.pdf"))]
    assert "'.pdf'" in report.warnings[0]["message"]
