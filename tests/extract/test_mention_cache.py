"""The per-article mention cache: exact round trips, and reruns that extract only what is new."""

from __future__ import annotations

import datetime as dt
import json

from pipeline.cli import main
from pipeline.extract.mention_cache import CachedRun, MentionCache, article_key, run_key
from tests.stand_in_runs import DeferredRun

ARTICLES = [
    {"id": "a1", "text": "Gunmen shot dead a farmer in Kidal, Mali, on Friday.", "publication_date": "2024-03-23"},
    {"id": "a2", "text": "Protesters marched peacefully through Nairobi on Tuesday to demand lower fuel prices.",
     "publication_date": "2024-05-08"},
    {"id": "a3", "text": "The central bank left interest rates unchanged on Thursday.", "publication_date": "2024-05-09"},
]


class CountingRun(DeferredRun):
    """A stand-in extraction run that records which articles it was asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def mentions(self, articles):
        self.asked += [a["article_id"] for a in articles]
        return [{"mention_id": f"{a['article_id']}#m1", "article_id": a["article_id"], "event_date": dt.date(2024, 1, 2),
                 "latitude": 18.44345, "fatalities": 1, "background": False, "admin2": None, "rule_ids": ["x", "y"]}
                for a in articles]


def _article(i: int, text: str = "text") -> dict:
    return {"article_id": f"id{i}", "text": f"{text} {i}", "publication_date": dt.date(2024, 1, 1), "source": None}


def test_rows_come_back_equal_type_for_type(tmp_path):
    cache = MentionCache(tmp_path, "k")
    rows = CountingRun().mentions([_article(1)])
    cache.put({"key": rows})
    back = cache.get(["key", "absent"])
    assert back == {"key": rows}
    assert [type(v) for v in back["key"][0].values()] == [type(v) for v in rows[0].values()]


def test_a_rerun_extracts_only_new_articles_in_input_order(tmp_path):
    first = CountingRun()
    with CachedRun(first, MentionCache(tmp_path, "k")) as run:
        cold = run.mentions([_article(i) for i in range(5)])
    second = CountingRun()
    with CachedRun(second, MentionCache(tmp_path, "k")) as run:
        warm = run.mentions([_article(i) for i in range(6)])
    assert first.asked == [f"id{i}" for i in range(5)]
    assert second.asked == ["id5"]
    assert [m["article_id"] for m in warm] == [f"id{i}" for i in range(6)]
    assert warm[:5] == cold


def test_a_changed_text_or_rule_book_is_extracted_again(tmp_path):
    assert article_key(_article(1)) != article_key(_article(1, "edited"))
    assert article_key(_article(1)) != article_key({**_article(1), "publication_date": dt.date(2024, 1, 2)})
    assert run_key("rules-a", "gaz") != run_key("rules-b", "gaz")
    assert run_key("rules-a", "gaz") != run_key("rules-a", "gaz2")
    run = CountingRun()
    with CachedRun(run, MentionCache(tmp_path, run_key("rules-b", "gaz"))) as cached:
        cached.mentions([_article(1)])
    assert run.asked == ["id1"]


def test_cached_compile_is_byte_identical_to_a_cold_one(tmp_path, capsys):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES[:2]), encoding="utf-8")
    cache = tmp_path / "cache"
    outs = {}
    for name, extra in [("cold", ["--no-mention-cache"]), ("fill", []), ("warm", [])]:
        outs[name] = tmp_path / name
        assert main(["compile", str(inputs), "--out", str(outs[name]), "--jobs", "1", "--mention-cache", str(cache),
                     *extra]) == 0
    assert "2 of 2 readable articles from the mention cache" in capsys.readouterr().err
    for file in ("articles.parquet", "mentions.parquet", "events.parquet", "events.csv"):
        assert (outs["warm"] / file).read_bytes() == (outs["cold"] / file).read_bytes(), file
    inputs.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["compile", str(inputs), "--out", str(tmp_path / "more"), "--mention-cache", str(cache)]) == 0
    assert "2 of 3 readable articles from the mention cache" in capsys.readouterr().err


def test_any_string_round_trips_even_a_lone_surrogate(tmp_path):
    cache = MentionCache(tmp_path, "k")
    rows = [{"evidence": "caf\u00e9 \ud800 \u2014 \U0001f600", "fatalities": 0}]
    cache.put({"key": rows})
    assert cache.get(["key"]) == {"key": rows}


def test_an_unusable_cache_only_costs_time(tmp_path, capsys):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert main(["compile", str(inputs), "--out", str(tmp_path / "one"), "--mention-cache", str(blocked)]) == 0
    assert "mention cache" in capsys.readouterr().err
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    key_file = None
    assert main(["compile", str(inputs), "--out", str(tmp_path / "two"), "--mention-cache", str(damaged)]) == 0
    for key_file in damaged.glob("mentions-*.sqlite"):
        key_file.write_bytes(b"this is not a database" * 100)
    assert key_file is not None
    assert main(["compile", str(inputs), "--out", str(tmp_path / "three"), "--mention-cache", str(damaged)]) == 0
    assert (tmp_path / "three" / "mentions.parquet").read_bytes() == (tmp_path / "one" / "mentions.parquet").read_bytes()


def test_a_batch_of_entries_comes_back_each_to_its_own_key(tmp_path):
    cache = MentionCache(tmp_path, "k")
    stored = {f"key{i}": CountingRun().mentions([_article(j) for j in range(i)]) for i in range(4)}  # key0: no rows
    cache.put(stored)
    back = cache.get([*stored, "absent", "key2"])
    assert back == stored and cache.hits == 4
    assert back["key3"][0] is not back["key3"][1] and back["key2"][0] is not back["key3"][0]


def test_one_damaged_entry_makes_the_batch_a_miss(tmp_path):
    cache = MentionCache(tmp_path, "k")
    cache.put({"good": CountingRun().mentions([_article(1)])})
    cache.db.execute("INSERT INTO mentions VALUES (?, ?)", ("bad", '[{"mention_id": '))
    cache.db.commit()
    assert cache.get(["good", "bad"]) == {}
    assert cache.get(["good"]) == {"good": CountingRun().mentions([_article(1)])}
