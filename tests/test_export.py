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


def test_column_cells_are_csv_cell_of_each_value():
    import datetime as dt

    class Label(str):
        pass

    values = [None, "", "x", "=1+1", "+5", "-5", "-x", "@a", "\tb", "\rc", " =a", 0, -3, 2.5, -0.5, float("nan"),
              float("-inf"), True, False, dt.date(2024, 3, 1), ["=a", "b"], ("-1", 2), [], Label("=z"), "inf", "-inf"]
    from pipeline.export import column_cells

    assert column_cells(values) == [csv_cell(v) for v in values]


def test_events_csv_is_the_row_by_row_csv(tmp_path):
    import io

    from pipeline.resolve import EVENT_COLUMNS

    events = [{"event_id_cnty": "NGA1", "notes": "=x, \"quoted\"\nline", "fatalities": -1, "latitude": 9.5,
               "article_ids": ["a", "b"], "tags": None},
              {"event_id_cnty": "NGA2", "notes": "", "fatalities": 0, "longitude": float("nan")}]
    p = tmp_path / "events.csv"
    write_events_csv(events, p)
    expected = io.StringIO(newline="")
    w = csv.writer(expected, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(EVENT_COLUMNS)
    for e in events:
        w.writerow([csv_cell(e.get(c)) for c in EVENT_COLUMNS])
    assert p.read_bytes() == expected.getvalue().encode("utf-8-sig")
    write_events_csv([], p)
    assert p.read_bytes() == ",".join(EVENT_COLUMNS).encode("utf-8-sig") + b"\r\n"


def test_events_csv_written_in_slices_is_the_file_written_whole(tmp_path, monkeypatch):
    import pipeline.export as export

    # Quoting is per cell: a slice whose cells need none must not change another slice's.
    events = [{"event_id_cnty": f"NGA{i}", "notes": "a, b" if i == 4 else "plain", "fatalities": i} for i in range(7)]
    whole, sliced = tmp_path / "whole.csv", tmp_path / "sliced.csv"
    write_events_csv(events, whole)
    monkeypatch.setattr(export, "CSV_SLICE_ROWS", 3)
    write_events_csv(events, sliced)
    assert sliced.read_bytes() == whole.read_bytes()
    assert b'"a, b"' in sliced.read_bytes()


def _csv_writer_text(rows) -> str:
    import io

    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_csv_text_quotes_exactly_where_the_csv_module_does_for_every_code_point():
    from pipeline.export import csv_text

    cells = [f"a{chr(cp)}b" for cp in range(0x110000)]
    ends = [chr(cp) for cp in range(0x110000)]
    header = ["h,1", "h2"]
    columns = [cells, ends]
    assert csv_text(header, columns) == _csv_writer_text([header, *zip(cells, ends, strict=True)])


def test_csv_text_doubles_quotes_and_keeps_empty_cells():
    from pipeline.export import csv_text

    rows = [['say "hi"', ""], ['"', "\r\n"], ["", ""], ['a,"b"\nc', " x "]]
    columns = [list(c) for c in zip(*rows, strict=True)]
    assert csv_text(["a", "b"], columns) == _csv_writer_text([["a", "b"], *rows])
    assert csv_text(["a", "b"], [[], []]) == "a,b\r\n"


def test_events_csv_of_the_arrow_table_is_that_of_the_rows(tmp_path):
    import datetime as dt

    from pipeline.tables import to_arrow

    events = [{"event_id_cnty": "NGA1", "event_date": dt.date(2024, 3, 1), "year": 2024, "latitude": 9.05,
               "fatalities": 3, "article_ids": ["a", "b"], "notes": "-5 dead, \"many\" hurt"},
              {"event_id_cnty": "KEN2", "event_date": None, "latitude": None, "fatalities": 0, "article_ids": []}]
    rows, table = tmp_path / "rows.csv", tmp_path / "table.csv"
    write_events_csv(events, rows)
    write_events_csv(to_arrow(events, "events"), table)
    assert table.read_bytes() == rows.read_bytes()
