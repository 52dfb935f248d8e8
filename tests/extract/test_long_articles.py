"""Extraction time grows with the text, not faster; an article past the limit costs seconds."""

from __future__ import annotations

import datetime as dt
import json
import time

from pipeline.ingest import read_inputs

PARAGRAPH = ("Gunmen killed 12 villagers near Maiduguri, Borno State, Nigeria, on 4 June 2023. "
             "Soldiers clashed with militants in Gwoza, officials said. "
             "Protesters marched through Kano on Friday to demand better security. "
             "Police arrested three suspects in Abuja after the attack.\n")
# Once a quadratic path: every trigger tested against every filter of one endless sentence.
RUN_ON = "gunmen killed 3 villagers in Gwoza and soldiers clashed with militants and protesters marched in Kano "


def _seconds_per_char(extractor, n: int) -> float:
    """Half many short sentences (actor roles were matched against every sentence), half one
    sentence without a full stop (each trigger was tested against every filter in it)."""
    half = n // 2
    text = (PARAGRAPH * (half // len(PARAGRAPH) + 1))[:half] + (RUN_ON * (half // len(RUN_ON) + 1))[:half]
    start = time.perf_counter()
    extractor.extract("long", text, dt.date(2023, 6, 10))
    return (time.perf_counter() - start) / n


def test_time_per_character_at_400k_is_within_twice_that_at_10k(extractor):
    extractor.extract("warm", PARAGRAPH * 3 + RUN_ON * 3, dt.date(2023, 6, 10))
    short = min(_seconds_per_char(extractor, 10_000) for _ in range(3))  # the machine is shared
    long = _seconds_per_char(extractor, 400_000)
    assert long < 2 * short, (short * 1e6, long * 1e6)


def test_a_50_mb_article_and_a_1_mb_sentence_are_rejected_in_seconds(tmp_path):
    huge = (PARAGRAPH * (50_000_000 // len(PARAGRAPH) + 1))[:50_000_000]
    (tmp_path / "huge.jsonl").write_text(json.dumps({"id": "huge", "text": huge}) + "\n", encoding="utf-8")
    (tmp_path / "sentence.txt").write_text((RUN_ON * (1_000_000 // len(RUN_ON) + 1))[:1_000_000], encoding="utf-8")
    (tmp_path / "short.txt").write_text(PARAGRAPH, encoding="utf-8")
    start = time.perf_counter()
    records, _ = read_inputs([tmp_path])
    assert time.perf_counter() - start < 30
    by_file = {r["source_file"].rsplit("/", 1)[-1]: r for r in records}
    for name in ("huge.jsonl", "sentence.txt"):
        assert by_file[name]["status"] == "rejected" and by_file[name]["reason"].startswith("E021"), name
    assert by_file["short.txt"]["status"] is None
