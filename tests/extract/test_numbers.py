from __future__ import annotations

import pytest

from pipeline.extract.numbers import TOO_LARGE, Counting, leading_quantity, parse_quantity, words_to_int


@pytest.fixture(scope="module")
def counting(rulebook) -> Counting:
    return Counting.of(rulebook)


@pytest.mark.parametrize(
    ("raw", "n"),
    [("12", 12), ("1,200", 1200), ("three", 3), ("twenty-five", 25), ("a hundred", 100), ("one hundred and five", 105),
     ("a dozen", 12), ("two thousand", 2000)],
)
def test_words_to_int(raw, n, counting):
    assert words_to_int(raw, counting.words) == n


def test_unknown_words_are_not_numbers(counting):
    assert words_to_int("several bananas", counting.words) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("at least 12", (12, 12, 24)), ("more than 90", (90, 90, 180)), ("nearly 100", (100, 50, 100)), ("15", (15, 15, 15))],
)
def test_qualifiers_keep_the_figure_and_widen_the_interval(raw, expected, counting):
    assert parse_quantity(raw, counting) == expected


def test_vague_quantities_follow_the_vocabulary(counting):
    value, low, high = parse_quantity("dozens", counting)
    assert value == counting.vague["dozens"]["value"] and low <= value <= high


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12-15", (12, 12, 15)), ("between 25 and 28", (25, 25, 28)), ("five or six", (5, 5, 6)), ("3 to 4", (3, 3, 4))],
)
def test_a_range_codes_its_lower_end_and_keeps_the_interval(raw, expected, counting):
    assert parse_quantity(raw, counting) == expected


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("three bodyguards", 3), ("at least 12 villagers", 12), ("his driver", 1), ("a cook", 1),
     ("Senator Luis Mora", 1), ("twenty-one pilgrims", 21)],
)
def test_leading_quantity_of_a_victim_phrase(phrase, value, counting):
    assert leading_quantity(phrase, counting)[0] == value


def test_leading_quantity_reads_vague_words(counting):
    assert leading_quantity("several others", counting) == parse_quantity("several", counting)


@pytest.mark.parametrize(
    ("raw", "n"),
    [("10^9", 10**9), ("10**3", 1000), ("1e9", 10**9), ("2e3", 2000), ("0^0", 1), ("1^999999", 1),
     ("9" * 22, TOO_LARGE), ("9" * 10_000, TOO_LARGE), ("0" * 10_000 + "7", 7), ("10^99999", TOO_LARGE),
     ("10e" + "9" * 5000, TOO_LARGE)],
)
def test_powers_and_absurd_lengths_never_raise_and_stay_storable(raw, n, counting):
    assert words_to_int(raw, counting.words) == n
    assert 0 <= parse_quantity(raw, counting)[0] <= TOO_LARGE < 2**62


def test_an_absurd_toll_is_quarantined_by_its_ceiling_not_stored(extractor):
    from pipeline.validate.quarantine import validate_rows
    from pipeline.validate.schemas import schema_for

    for count in ("10^9", "1e9", "9" * 22, "9" * 10_000):
        result = extractor.extract("t", f"Gunmen killed {count} people in Kabul, Afghanistan, on 3 May 2024.", None)
        m = result.mentions[0]
        m["publication_date"] = None
        kept, quarantine = validate_rows([m], "mentions", schema_for("mentions", extractor.vocab), "extract")
        assert kept == [] and any("less_than_or_equal_to" in q["check"] for q in quarantine), count


def test_a_negative_count_is_never_a_negative_toll(extractor):
    m = extractor.extract("t", "Gunmen killed -5 people in Kabul, Afghanistan, on 3 May 2024.", None).mentions[0]
    assert min(m["fatalities"], m["fatalities_low"], m["fatalities_high"]) >= 0


def test_a_signed_count_is_read_or_quarantined_never_silently_zero(extractor):
    from pipeline.validate.quarantine import validate_rows
    from pipeline.validate.schemas import schema_for

    m = extractor.extract("t", "Gunmen killed -5 people in Kabul, Afghanistan, on 3 May 2024.", None).mentions[0]
    m["publication_date"] = None
    kept, quarantine = validate_rows([m], "mentions", schema_for("mentions", extractor.vocab), "extract")
    # A plausible reading (the dash as punctuation: five dead), or the row set aside with its reason.
    assert m["fatalities"] == 5 or (kept == [] and quarantine)


def test_a_22_digit_toll_is_quarantined_and_the_run_goes_on(tmp_path, monkeypatch, capsys, extractor):
    # It once ended the whole compile with a traceback when the tables were written (int64 overflow).
    import json

    import pyarrow.parquet as pq

    from pipeline.cli import main

    monkeypatch.setattr("pipeline.stages.make_extractor", lambda *_: (extractor, "gazetteer"))  # built once per session
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "huge", "text": "Gunmen killed " + "9" * 22 + " people in Kabul, Afghanistan, "
                               "on 3 May 2024."}) + "\n" + json.dumps({"id": "ok", "text": "Gunmen killed 4 villagers "
                               "in Kandahar, Afghanistan, on 5 May 2024."}) + "\n", encoding="utf-8")
    assert main(["compile", str(src), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    quarantined = pq.read_table(tmp_path / "out" / "quarantine.parquet").to_pylist()
    assert any(q["row_key"] == "huge#m1" and "less_than_or_equal_to" in q["check"] for q in quarantined), quarantined
    assert [m["article_id"] for m in pq.read_table(tmp_path / "out" / "mentions.parquet").to_pylist()] == ["ok"]
