from __future__ import annotations

import csv

from pipeline.export import csv_cell, write_events_csv


def test_formula_like_cells_are_defused_numbers_are_not():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("@cmd") == "'@cmd"
    assert csv_cell("-12") == "-12"
    assert csv_cell(["a", "b"]) == "a; b"
    assert csv_cell(None) == ""


def test_events_csv_has_the_acled_header_and_a_bom(tmp_path):
    p = tmp_path / "events.csv"
    write_events_csv([{"event_id_cnty": "NGA00000001", "notes": "+ pwned", "fatalities": 3}], p)
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(p.open(encoding="utf-8-sig")))
    assert rows[0]["event_id_cnty"] == "NGA00000001" and rows[0]["notes"] == "'+ pwned" and rows[0]["fatalities"] == "3"
