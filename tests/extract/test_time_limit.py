"""--max-article-seconds: an article whose extraction overruns the limit is rejected (E023)
and accounted for, the run goes on, and the rejection is never cached. The limit is
checked cooperatively, so it holds in this process, in forked workers and in the
threads of a Dask worker (tests/extract/test_cluster.py)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

import pyarrow.parquet as pq
import pytest

from pipeline.cli import _parser, main
from pipeline.extract import run as run_module
from pipeline.extract.deadline import ArticleTimeout, Deadline
from pipeline.extract.mention_cache import CachedRun, MentionCache, article_key
from tests.conftest import resolve_and_export
from tests.stand_in_runs import DeferredRun

# A chronicle of our own; repeated, it makes an article that takes seconds to extract.
CHRONICLE = ("Armed herders raided the farming village of Dabo in Plateau State, Nigeria, on 14 March 2024 "
             "and shot dead seven farmers, residents told reporters. Troops were deployed to the area the next "
             "morning, and the state governor condemned the killings. Hundreds of women later marched to the "
             "government house in Jos to demand protection for their families.\n\n")
LONG_CHARS = 250_000  # about 2 s of extraction here (0.9 s at 100,000 since the anchored matching), against a limit of 0.3 s
LIMIT = "0.3"
SHORT = [
    {"id": "short-1", "text": "Gunmen shot dead a farmer in Kidal, Mali, on Friday.", "publication_date": "2024-03-23"},
    {"id": "short-2", "text": "Protesters marched through Nairobi on Tuesday to demand lower fuel prices.",
     "publication_date": "2024-05-08"},
]


def long_text() -> str:
    return (CHRONICLE * (LONG_CHARS // len(CHRONICLE) + 1))[:LONG_CHARS]


def corpus_file(folder):
    """Two short articles around a long one, on lines 1, 2 and 3 of a JSONL file."""
    path = folder / "in.jsonl"
    rows = [SHORT[0], {"id": "long", "text": long_text(), "publication_date": "2024-03-20"}, SHORT[1]]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    return corpus_file(tmp_path)


def _articles(out) -> dict[str, dict]:
    return {a["article_id"]: a for a in pq.read_table(out / "articles.parquet").to_pylist()}


def _assert_long_rejected(out, corpus, err: str) -> None:
    articles = _articles(out)
    assert articles["long"]["status"] == "rejected"
    assert articles["long"]["reason"] == (f"E023 {corpus}:2: extracting the article took more than "
                                          f"--max-article-seconds {LIMIT} (CPU seconds); rejected")
    assert articles["long"]["reason"] in err  # said on stderr too, naming file and line
    assert articles["short-1"]["status"] == articles["short-2"]["status"] == "events"
    mentions = pq.read_table(out / "mentions.parquet").to_pylist()
    assert {m["article_id"] for m in mentions} == {"short-1", "short-2"}
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["articles_in"], counts["articles_with_events"], counts["articles_rejected"]) == (3, 2, 1)
    assert counts["reconciles"]


def test_the_deadline_raises_once_its_cpu_seconds_are_spent():
    deadline = Deadline(0.05)
    deadline.check()  # not yet
    start = time.thread_time()
    with pytest.raises(ArticleTimeout):
        while True:
            deadline.check()
            assert time.thread_time() - start < 5, "the deadline never fired"
    assert time.thread_time() - start >= 0.05


def _extraction_seconds(extractor, text: str) -> float:
    start = time.thread_time()
    extractor.extract("long", text, dt.date(2024, 3, 20))
    return time.thread_time() - start


def test_extraction_stops_at_the_limit_not_at_the_end_of_the_article(extractor):
    extractor.warm_up()
    text = long_text()
    whole = _extraction_seconds(extractor, text)
    # A faster machine needs a longer article to show the difference: double it as needed.
    while whole <= 1.0 and len(text) < 16 * LONG_CHARS:
        text += text
        whole = _extraction_seconds(extractor, text)
    start = time.thread_time()
    with pytest.raises(ArticleTimeout):
        extractor.extract("long", text, dt.date(2024, 3, 20), deadline=Deadline(0.2))
    stopped = time.thread_time() - start
    assert whole > 1.0, whole  # the article is long enough to show the difference
    assert stopped < whole / 2, (stopped, whole)
    # With time to spare, a deadline changes nothing.
    short = SHORT[0]["text"]
    assert (extractor.extract("s", short, dt.date(2024, 3, 23), deadline=Deadline(60)).mentions
            == extractor.extract("s", short, dt.date(2024, 3, 23)).mentions)


def test_compile_rejects_the_slow_article_and_goes_on(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    start = time.perf_counter()
    assert main(["compile", str(corpus), "--out", str(out), "--jobs", "1", "--max-article-seconds", LIMIT]) == 0
    elapsed = time.perf_counter() - start
    _assert_long_rejected(out, corpus, capsys.readouterr().err)
    # Without the limit the long article is coded like the others (its events stand), and the
    # short articles' mentions are the same either way.
    full = tmp_path / "full"
    assert main(["compile", str(corpus), "--out", str(full), "--jobs", "1"]) == 0
    assert _articles(full)["long"]["status"] == "events"
    kept = [m for m in pq.read_table(full / "mentions.parquet").to_pylist() if m["article_id"] != "long"]
    assert kept == pq.read_table(out / "mentions.parquet").to_pylist()
    assert elapsed < 60


def test_forked_workers_reject_it_too(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(run_module, "PARALLEL_MIN_ARTICLES", 2)  # the three articles go to the pool
    out = tmp_path / "out"
    assert main(["compile", str(corpus), "--out", str(out), "--jobs", "2", "--max-article-seconds", LIMIT]) == 0
    _assert_long_rejected(out, corpus, capsys.readouterr().err)


def test_the_staged_pipeline_carries_the_rejection_to_the_dataset(corpus, tmp_path, capsys):
    stage, out = tmp_path / "stage", tmp_path / "out"
    assert main(["ingest", str(corpus), "--out", str(stage / "articles.parquet"), "--report", str(stage / "ingest.json")]) == 0
    assert main(["extract", str(stage / "articles.parquet"), "--out", str(stage / "mentions.parquet"), "--jobs", "1",
                 "--max-article-seconds", LIMIT, "--report", str(stage / "extract.json")]) == 0
    report = json.loads((stage / "extract.json").read_text(encoding="utf-8"))
    assert [r["article_id"] for r in report["rejected"]] == ["long"]
    resolve_and_export(stage, out, "--extract-report", str(stage / "extract.json"))
    _assert_long_rejected(out, corpus, capsys.readouterr().err)


def test_a_rejected_article_is_never_cached(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    assert main(["compile", str(corpus), "--out", str(tmp_path / "limited"), "--jobs", "1",
                 "--max-article-seconds", LIMIT, "--mention-cache", str(cache)]) == 0
    assert "0 of 3 readable articles from the mention cache" in capsys.readouterr().err
    (db,) = cache.glob("mentions-*.sqlite")
    with sqlite3.connect(db) as con:
        stored = {k for (k,) in con.execute("SELECT article_key FROM mentions")}
    assert len(stored) == 2  # the two short articles, not the long one
    # A rerun without the limit extracts the long article (a cached empty result would have
    # made it an article without events) and takes the short ones from the cache.
    assert main(["compile", str(corpus), "--out", str(tmp_path / "full"), "--jobs", "1",
                 "--mention-cache", str(cache)]) == 0
    assert "2 of 3 readable articles from the mention cache" in capsys.readouterr().err
    assert _articles(tmp_path / "full")["long"]["status"] == "events"


class RejectingRun(DeferredRun):
    """A stand-in run that rejects the articles it is told to, as a timed-out extraction does."""

    def __init__(self, slow: set[str]) -> None:
        self.slow = slow

    def mentions(self, articles):
        outcomes = [([], "E023 slow") if a["article_id"] in self.slow
                    else ([{"mention_id": f"{a['article_id']}#m1", "article_id": a["article_id"]}], None)
                    for a in articles]
        return run_module.apply_outcomes(articles, outcomes)


def test_the_cached_run_stores_only_what_was_extracted_in_time(tmp_path):
    articles = [{"article_id": f"a{i}", "text": f"text {i}", "publication_date": None, "source": None}
                for i in range(3)]
    cache = MentionCache(tmp_path, "k")
    with CachedRun(RejectingRun({"a1"}), cache) as cached:
        rows = cached.mentions(articles)
    assert [m["article_id"] for m in rows] == ["a0", "a2"]
    assert articles[1]["status"] == "rejected" and articles[1]["reason"] == "E023 slow"
    assert set(MentionCache(tmp_path, "k").get([article_key(a) for a in articles])) == {
        article_key(articles[0]), article_key(articles[2])}


@pytest.mark.parametrize("value, expected", [("2.5", 2.5), ("30", 30.0), ("off", None), ("None", None), ("null", None)])
def test_the_option_reads_seconds_or_off(value, expected):
    # "None" is what DVC writes for params.yaml's default (null).
    args = _parser().parse_args(["extract", "a.parquet", "--out", "m.parquet", "--max-article-seconds", value])
    assert args.max_article_seconds == expected


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_a_limit_that_is_not_a_positive_number_is_a_usage_error(value, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compile", str(tmp_path), "--out", str(tmp_path / "o"), "--max-article-seconds", value])
    assert exc.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


def test_by_default_there_is_no_limit(tmp_path):
    args = _parser().parse_args(["compile", str(tmp_path), "--out", str(tmp_path / "o")])
    assert args.max_article_seconds is None
