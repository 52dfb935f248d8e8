"""The bad-input corpus: every awkward file ends in a coded message naming file and line,
never a traceback, and every readable article is kept beside the unreadable ones."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.ingest import decoding, read_inputs

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "bad_inputs"
STORY = "Gunmen attacked a checkpoint in the fictional town of Eastport, killing two guards."
OTHER = "Hundreds protested in Westvale after the council raised bread prices."


def _codes(report) -> list[str]:
    return sorted(e["code"] for e in report.file_errors + report.warnings)


def _messages(report) -> str:
    return "\n".join(e["message"] for e in report.file_errors + report.warnings)


def test_a_nul_byte_costs_no_article_of_a_txt_dump(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(f"{STORY}\n\x00\n{OTHER}\n".encode())
    records, report = read_inputs([p])
    assert len(records) == 1 and "\x00" not in records[0]["text"] and OTHER in records[0]["text"]
    assert _codes(report) == ["E013"] and "nul.txt:2" in _messages(report)


def test_a_nul_byte_in_a_jsonl_line_costs_only_its_note(tmp_path):
    p = tmp_path / "nul.jsonl"
    lines = [json.dumps({"id": "a", "text": STORY}), json.dumps({"id": "b", "text": OTHER}).replace("Westvale", "West\x00vale")]
    p.write_bytes(("\n".join(lines) + "\n").encode())
    records, report = read_inputs([p])
    assert [r["article_id"] for r in records] == ["a", "b"] and records[1]["text"] == OTHER
    assert _codes(report) == ["E013"] and "nul.jsonl:2" in _messages(report)


def test_a_real_binary_file_is_still_refused(tmp_path):
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 8)
    records, report = read_inputs([tmp_path])
    assert records == [] and _codes(report) == ["E002"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read_by_their_byte_order_mark(tmp_path, encoding):
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    (tmp_path / "wide.txt").write_bytes(bom + f"{STORY}\n".encode(encoding))
    (tmp_path / "wide.jsonl").write_bytes(bom + (json.dumps({"id": "w", "text": OTHER}) + "\n").encode(encoding))
    records, report = read_inputs([tmp_path])
    assert sorted(r["text"] for r in records) == sorted([STORY, OTHER]) and _codes(report) == []


def test_a_legacy_code_page_in_a_csv_is_detected_and_named(tmp_path):
    p = tmp_path / "cp1252.csv"
    text = "Des manifestants ont bloqué la route près de Kayès ; la police a tiré des gaz lacrymogènes."
    p.write_bytes(f'id,text\nc1,"{text}"\n'.encode("cp1252"))
    records, report = read_inputs([p])
    assert records[0]["text"] == text
    assert _codes(report) == ["E012"] and "cp1252.csv" in _messages(report)


def test_deep_nesting_rejects_only_its_line(tmp_path):
    p = tmp_path / "hostile.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    p.write_text(deep + "\n" + json.dumps({"id": "ok", "text": STORY}) + "\n", encoding="utf-8")
    records, _ = read_inputs([p])
    assert records[0]["reason"].startswith("E005 ") and "hostile.jsonl:1" in records[0]["reason"]
    assert records[1]["status"] is None and records[1]["text"] == STORY


def test_a_lone_surrogate_rejects_only_its_line(tmp_path):
    # Read, it once passed ingest and broke the run with a traceback when the tables were written.
    records, _ = read_inputs([CORPUS / "lone_surrogate.jsonl"])
    assert records[0]["status"] == "rejected" and records[0]["reason"].startswith("E005 ")
    assert "surrogate" in records[0]["reason"] and "lone_surrogate.jsonl:1" in records[0]["reason"]
    assert records[1]["status"] is None and records[1]["article_id"] == "s2"


def test_ids_zero_and_false_are_kept_as_given():
    records, _ = read_inputs([CORPUS / "ids_zero_and_false.jsonl"])
    assert [r["article_id"] for r in records] == ["0", "false"]


def test_an_unterminated_quote_rejects_its_row_and_keeps_the_next_ones():
    records, report = read_inputs([CORPUS / "unterminated_quote.csv"])
    assert [(r["source_line"], r["status"]) for r in records] == [(2, "rejected"), (3, None), (4, None)]
    assert [r["article_id"] for r in records[1:]] == ["q2", "q3"]
    assert records[0]["reason"].startswith("E015") and _codes(report) == ["E015"]
    assert "unterminated_quote.csv:2" in _messages(report)


def test_the_text_header_is_read_whatever_its_case():
    records, report = read_inputs([CORPUS / "capital_text_header.csv"])
    assert records[0]["article_id"] == "t1" and records[0]["title"] == "Raid" and _codes(report) == []


def test_two_text_columns_are_an_error_not_a_silent_choice():
    records, report = read_inputs([CORPUS / "two_text_columns.csv"])
    assert [r["status"] for r in records] == ["rejected"] and records[0]["article_id"] == "d1"
    assert _codes(report) == ["E014"]


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_csv_rows_end_at_any_line_ending(tmp_path, ending):
    p = tmp_path / "endings.csv"
    p.write_bytes(ending.join([b"id,text", f'e1,"{STORY}"'.encode(), f'e2,"{OTHER}"'.encode(), b""]))
    records, report = read_inputs([p])
    assert [(r["article_id"], r["text"]) for r in records] == [("e1", STORY), ("e2", OTHER)] and _codes(report) == []


def test_a_bare_cr_inside_an_unquoted_field_is_no_traceback(tmp_path):
    p = tmp_path / "bare_cr.csv"
    p.write_bytes(f"id,text\nb1,{STORY[:30]}\r{STORY[30:]}\nb2,{OTHER}\n".encode())
    records, _ = read_inputs([p])
    assert {r["article_id"] for r in records if r["status"] is None} >= {"b1", "b2"}
    assert all(r["reason"].startswith("E008") for r in records if r["status"] == "rejected")


@settings(max_examples=80, deadline=None)
@given(raw=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".html"]))
@example(raw=b"\x05%\x80", suffix=".csv")  # read as EBCDIC, "%" is a line feed inside one line
def test_any_bytes_in_any_format_are_read_without_raising(raw, suffix):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"any{suffix}"
        p.write_bytes((b"id,text\n" if suffix == ".csv" else b"") + raw)
        records, report = read_inputs([p])
        for r in records:
            assert r["status"] in (None, "rejected") and (r["status"] is None or r["reason"][:1] == "E")
            assert not decoding.has_lone_surrogate(r["text"]) and not decoding.CONTROL.search(r["text"])
        assert all(e["code"].startswith("E") for e in report.file_errors + report.warnings)


def test_the_whole_corpus_compiles_with_coded_messages_and_every_article_accounted(tmp_path, monkeypatch, capsys,
                                                                                    extractor):
    from pipeline.cli import main

    monkeypatch.setattr("pipeline.stages.make_extractor", lambda *_: (extractor, "gazetteer"))  # built once per session
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    (src / "README.md").unlink()
    (src / "nul.txt").write_bytes(f"{STORY}\n\x00\x01\n{OTHER}\n".encode())
    (src / "wide.jsonl").write_bytes((json.dumps({"id": "w1", "text": OTHER}) + "\n").encode("utf-16"))
    (src / "cr_only.csv").write_bytes(f'id,text\rc1,"{STORY}"\r'.encode())
    (src / "deep.jsonl").write_text("[" * 50_000 + "\n" + json.dumps({"id": "ok1", "text": STORY}) + "\n", encoding="utf-8")
    (src / "relative.jsonl").write_text(json.dumps({"id": "r1", "publication_date": "3 days ago", "text": OTHER}) + "\n",
                                        encoding="utf-8")
    (src / "absurd.jsonl").write_text(json.dumps({"id": "n1", "text": "Gunmen killed " + "9" * 10_000 +
                                                  " people in Kabul, Afghanistan, on 3 May 2024."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compile", str(src), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for code, where in (("E005", "deep.jsonl:1"), ("E005", "lone_surrogate.jsonl:1"), ("E013", "nul.txt:2"),
                        ("E014", "two_text_columns.csv"), ("E015", "unterminated_quote.csv:2"),
                        ("E016", "relative.jsonl:1")):
        assert any(code in line and where in line for line in err.splitlines()), (code, where, err)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["reconciles"] and counts["articles_in"] == (
        counts["articles_with_events"] + counts["articles_without_events"] + counts["articles_rejected"])
    assert counts["quarantined_rows"] >= 1  # the absurd toll
    articles = {a["article_id"]: a["status"] for a in pd.read_parquet(out / "articles.parquet").to_dict("records")}
    assert {"0", "false", "q2", "q3", "t1", "w1", "c1", "ok1", "s2", "r1"} <= set(articles)
    assert len(manifest["inputs"]) == len(list(src.iterdir()))  # every file read, none dropped
