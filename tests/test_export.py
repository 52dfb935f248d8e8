from __future__ import annotations

import csv

from pipeline.export import _is_number, csv_cell, write_events_csv


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


def _reference_cell(v) -> str:
    # csv_cell as it was before its fast path for text, kept to show the output did not move.
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        v = "; ".join(str(x) for x in v)
    elif hasattr(v, "isoformat"):
        v = v.isoformat()
    s = str(v)
    if s.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(s):
        s = "'" + s
    return s


def test_csv_cell_gives_what_it_gave_before_for_every_kind_of_value():
    import datetime as dt

    class Label(str):
        pass

    values = [None, "", "x", "=1+1", "+5", "-5", "-x", "@a", "\tb", "\rc", " =a", 0, -3, 2.5, -0.5, float("nan"),
              True, dt.date(2024, 3, 1), ["=a", "b"], ("-1", 2), [], Label("=z"), "inf", "-inf"]
    for v in values:
        assert csv_cell(v) == _reference_cell(v), v
