"""The pipeline's stages as functions from tables to tables.

`compile` runs them in one process; the DVC stages run them one CLI call each,
passing Parquet between them. Neither path reads or writes files here except
through the explicit paths the CLI hands over.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from pipeline.extract.article import Extractor
from pipeline.extract.mention_cache import CachedRun, MentionCache, run_key
from pipeline.extract.places import PlaceResolver
from pipeline.extract.run import ExtractionRun, extract_mentions
from pipeline.geo.cache import default_cache_root, ensure_gazetteer
from pipeline.geo.gazetteer import gazetteer_fingerprint, gazetteer_sources
from pipeline.ingest import IngestReport, iter_inputs, read_inputs
from pipeline.ingest.cues import load_ingest_cues
from pipeline.ingest.reader import MAX_ARTICLE_CHARS
from pipeline.resolve import ResolveParams
from pipeline.rulebook import RuleBook, load_rulebook
from pipeline.vocab import DEFAULT_RULES_DIR


def ingest(inputs: list[str], rules_dir: Path | None = None) -> tuple[list[dict], dict]:
    records, report = read_inputs(inputs, cues=load_ingest_cues(rules_dir))
    return records, report_dict(report)


def report_dict(report: IngestReport) -> dict:
    return {"files": report.files, "file_errors": report.file_errors, "warnings": report.warnings}


def ingest_batches(inputs: list[str], report: IngestReport, size: int, max_chars: int = MAX_ARTICLE_CHARS,
                   rules_dir: Path | None = None) -> Iterator[list[dict]]:
    """The article records of the inputs, `size` at a time; `report` fills as files are read.
    Pages are read by the cues of `rules_dir`/ingest/ (default: the project's rules/)."""
    batch: list[dict] = []
    for rec in iter_inputs(inputs, report, max_chars, load_ingest_cues(rules_dir)):
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def make_extractor(rules_dir: Path | None = None, gazetteer_dir: Path | None = None) -> tuple[Extractor, str]:
    book = load_rulebook(rules_dir or DEFAULT_RULES_DIR, default_cache_root() / "rulebook" / "patterns.json")
    gdir = ensure_gazetteer(book.vocab, book.rules_dir, gazetteer_dir)
    extractor = Extractor(book, PlaceResolver.build(gdir, book))
    book.patterns.save()  # after the prefilter has asked for every pattern's literals
    return extractor, gazetteer_fingerprint(gdir)


def extract(articles: list[dict], extractor: Extractor, online=None, jobs: int = 1,
            max_seconds: float | None = None) -> list[dict]:
    """Mentions of every readable article; `online` (an OnlineGeocoder) is opt-in."""
    return _refine(extract_mentions(articles, extractor, jobs, max_seconds), extractor, online)


def extract_batches(batches: Iterable[list[dict]], extractor: Extractor, online=None, jobs: int = 1,
                    scheduler: str | None = None, gazetteer_dir: Path | None = None,
                    cache: MentionCache | None = None,
                    max_seconds: float | None = None) -> Iterator[tuple[list[dict], list[dict]]]:
    """Each batch of articles with its mentions: one pool of local workers for the whole
    stream, or, given a Dask `scheduler` address, the workers of that cluster. With a
    `cache`, articles extracted before under the same rules, gazetteer and code are not
    extracted again. With `max_seconds`, an article whose extraction overruns it is
    marked rejected in its batch (E023) and yields no mentions; it is never cached."""
    run = _extraction_run(extractor, jobs, scheduler, gazetteer_dir, max_seconds)
    with CachedRun(run, cache) if cache is not None else run as active:
        pending = None
        for batch in batches:
            # Each batch is handed out before the one before it is collected, so the workers
            # go on with it while this process waits for, and then refines, the earlier one.
            handle = active.submit(batch)
            if pending is not None:
                yield pending[0], _refine(active.collect(pending[1]), extractor, online)
            pending = (batch, handle)
        if pending is not None:
            yield pending[0], _refine(active.collect(pending[1]), extractor, online)


def mention_cache(folder: Path | None, extractor: Extractor, gazetteer_fingerprint: str) -> MentionCache | None:
    """The per-article mention cache in `folder` (None: no cache) for this rule book and gazetteer."""
    if folder is None:
        return None
    try:
        return MentionCache(folder, run_key(extractor.book.ruleset_hash, gazetteer_fingerprint))
    except (OSError, sqlite3.Error) as exc:
        # The cache only saves time: without it the run extracts every article, as it would cold.
        print(f"conflict-events: mention cache {folder} unusable ({exc}); extracting every article", file=sys.stderr)
        return None


def _extraction_run(extractor: Extractor, jobs: int, scheduler: str | None, gazetteer_dir: Path | None,
                    max_seconds: float | None = None):
    if scheduler is None:
        return ExtractionRun(extractor, jobs, max_seconds)
    from pipeline.extract.cluster import ClusterRun

    # The directory the extractor was built from: already there, so this only finds it.
    gdir = ensure_gazetteer(extractor.book.vocab, extractor.book.rules_dir, gazetteer_dir)
    return ClusterRun(scheduler, extractor, gdir, max_seconds)


def _refine(mentions: list[dict], extractor: Extractor, online) -> list[dict]:
    if online is not None:
        from pipeline.geo.online import OnlineCues, refine_mention

        iso2_of = {c.iso3: c.iso2 for c in extractor.vocab.countries.values()}
        cues = extractor.book.cue_set(OnlineCues)
        for m in mentions:
            refine_mention(m, m["evidence"], online, iso2_of, cues)
    return mentions


def online_geocoder(kind: str, cache: Path | None):
    if kind == "offline":
        return None
    from pipeline.geo.cache import default_cache_root
    from pipeline.geo.online import OnlineGeocoder

    return OnlineGeocoder(cache or default_cache_root() / "nominatim.json")


def resolve_table(mentions, book: RuleBook, params: ResolveParams):
    """Events and the merge log (Arrow tables) of the mentions' Arrow table, resolved one
    country at a time (only one country's mentions are dicts at once), each event with the
    scale of its sources."""
    from pipeline.resolve_countries import resolve_by_country

    return resolve_by_country(mentions, params, book.vocab.rank, lambda events: _source_scales(events, book))


def _source_scales(events: list[dict], book: RuleBook) -> None:
    for e in events:
        e["source_scale"] = book.vocab.source_scale(e["source"].split("; ")) if e.get("source") else None


def validate_and_finalise(run: dict, book: RuleBook):
    """Validate every table; return the one-chunk Arrow tables of the valid rows of articles
    (with their statuses), mentions and events, the ids of the events dropped (a set: few),
    and the quarantine.

    `run` holds "articles", "mentions" and "events", each as rows, an Arrow table or
    ArrowRows: each is taken out of it when checked, so that a run never holds a table
    twice over; and may hold "has_mentions", whether each article had a mention
    extracted (a bool per article, in order), which saves a set of every article id.
    Python dicts are made only for the rows the quarantine shows and for the articles, a
    slice at a time."""
    # pandera and pandas load here, not at start-up: `explain` and `extract` never need them.
    import pyarrow as pa

    from pipeline.arrow_rows import as_table
    from pipeline.validate.quarantine import validate_table
    from pipeline.validate.schemas import schema_for

    vocab = book.vocab
    mentions, row_of = as_table(run.pop("mentions"), "mentions")
    valid, quarantine, bad = validate_table(mentions, "mentions", schema_for("mentions", vocab), "extract", row_of)
    failed = mentions.take(pa.array(bad, type=pa.int64())).select(["mention_id", "article_id"]).to_pydict()
    # Few ids fail: their sets stay small, where sets of the valid ids grew with the corpus.
    bad_mentions, bad_articles = set(failed["mention_id"]), set(failed["article_id"])
    has_events = _has_events(run.pop("has_mentions", None), valid, bad_articles)
    del mentions, row_of
    mentions_table = valid.combine_chunks()
    del valid
    events_table, dropped, q = _validate_events(run.pop("events"), bad_mentions, vocab)
    quarantine += q
    articles_table, q = _validate_articles(run.pop("articles"), has_events, bad_articles, vocab)
    quarantine += q
    return articles_table, mentions_table, events_table, dropped, quarantine


def merges_kept(merges, dropped: set[str]):
    """The merge log less the rows of the events validation dropped (Arrow, one chunk).
    Every row names an event of the run, so this keeps the rows of the valid events."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.arrow_rows import as_table
    from pipeline.spill import without_rows

    merges, _ = as_table(merges, "merges")
    if not dropped:
        return merges.combine_chunks()
    gone = pc.is_in(merges.column("event_id_cnty"), value_set=pa.array(sorted(dropped), type=pa.string()))
    return without_rows(merges, pc.indices_nonzero(gone).to_pylist())


EVENT_CHECK_ROWS = 16_384  # events whose cited mentions are read as Python lists at once


def _validate_events(events, bad_mentions: set[str], vocab):
    """(one-chunk Arrow table of the valid events, the ids of the events dropped, quarantine
    rows). An event that cites a quarantined mention is quarantined too (every id an event
    cites is a mention's)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.arrow_rows import as_table, table_row
    from pipeline.spill import without_rows
    from pipeline.validate.quarantine import validate_table
    from pipeline.validate.schemas import schema_for

    events, _ = as_table(events, "events")  # an event row holds every column, whatever its source
    quarantine: list[dict] = []
    citing = _citing(events, bad_mentions) if bad_mentions else []
    for i in citing:
        e = table_row(events, i)
        quarantine.append({"stage": "resolve", "table": "events", "row_key": e["event_id_cnty"],
                           "check": "E201 source_mention_quarantined", "column": "mention_ids",
                           "failure_case": ", ".join(m for m in e["mention_ids"] if m in bad_mentions),
                           "row": str({k: e[k] for k in ("event_id_cnty", "event_date", "event_type")})})
    dropped = _ids_at(events, citing)
    events = without_rows(events, citing)
    valid, q, bad = validate_table(events, "events", schema_for("events", vocab), "resolve",
                                   lambda i: table_row(events, i))
    dropped |= _ids_at(events, bad)
    if dropped:  # an id dropped with one row but still another's (ids are unique: never, but exact)
        dropped -= set(pc.filter(valid.column("event_id_cnty"),
                                 pc.is_in(valid.column("event_id_cnty"),
                                          value_set=pa.array(sorted(dropped), type=pa.string()))).to_pylist())
    return valid.combine_chunks(), dropped, quarantine + q


def _ids_at(events, rows: list[int]) -> set[str]:
    import pyarrow as pa

    return set(events.column("event_id_cnty").take(pa.array(rows, type=pa.int64())).to_pylist()) - {None}


def _citing(events, bad_mentions: set[str]) -> list[int]:
    """The positions of the events that cite one of `bad_mentions`, read a slice at a time
    (split mentions cite their source mention)."""
    found = []
    for start in range(0, events.num_rows, EVENT_CHECK_ROWS):
        cited = events.column("mention_ids").slice(start, EVENT_CHECK_ROWS).to_pylist()
        found += [start + i for i, ids in enumerate(cited) if any(mid in bad_mentions for mid in ids)]
    return found


NO_VALID_MENTION = "every mention of this article was quarantined (see quarantine.parquet)"
FAILED_ROW = "article row failed validation (see quarantine.parquet)"


def _has_events(has_mentions, valid, bad_articles: set[str]):
    """A function of the articles' ids column: whether each article has a valid mention.
    Given `has_mentions` (a bool per article), only the few articles with a quarantined
    mention are looked up; without it, every article id among the valid mentions'."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if has_mentions is None:
        with_events = pc.unique(valid.column("article_id"))
        return lambda ids: pc.is_in(ids, value_set=with_events)
    ids_of_bad = pa.array(sorted(bad_articles), type=pa.string())
    mentioned = valid.column("article_id")
    # An article whose every mention was quarantined has none left among the valid ones.
    kept = set(pc.filter(mentioned, pc.is_in(mentioned, value_set=ids_of_bad)).to_pylist()) if bad_articles else set()
    lost = pa.array(sorted(bad_articles - kept), type=pa.string())
    return lambda ids: pc.and_(pa.array(has_mentions, type=pa.bool_()), pc.invert(pc.is_in(ids, value_set=lost)))


def _validate_articles(articles, has_events, bad_articles: set[str], vocab):
    """(Arrow table of every article with its final status, quarantine rows): an article row
    that fails its schema stays, marked rejected, so every input article is accounted for.
    `articles`: rows, or their Arrow table; `has_events(ids)`: whether each article has a
    valid mention (see _has_events); `bad_articles`: the ids of articles with a quarantined
    one. Statuses are set column-wise: the articles never become dicts, but for the
    quarantine."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.arrow_rows import as_table, table_row
    from pipeline.validate.quarantine import check_table
    from pipeline.validate.schemas import schema_for

    articles, _ = as_table(articles, "articles")
    ids = articles.column("article_id")
    rejected = pc.fill_null(pc.equal(articles.column("status"), "rejected"), False)
    has_events = has_events(ids)
    lost_all = pc.and_(pc.invert(pc.or_(rejected, has_events)),
                       pc.is_in(ids, value_set=pa.array(sorted(bad_articles), type=pa.string())))
    status = pc.if_else(rejected, "rejected", pc.if_else(has_events, "events", "no_events"))
    articles = _with_columns(articles, status, pc.if_else(lost_all, NO_VALID_MENTION, articles.column("reason")))
    bad, q = check_table(articles, "articles", schema_for("articles", vocab), "ingest",
                         lambda i: table_row(articles, i))
    if bad:  # kept, marked rejected
        failed = pc.is_in(pa.array(range(articles.num_rows)), value_set=pa.array(sorted(bad), type=pa.int64()))
        articles = _with_columns(articles, pc.if_else(failed, "rejected", articles.column("status")),
                                 pc.if_else(failed, FAILED_ROW, articles.column("reason")))
    return articles.combine_chunks(), q


def _with_columns(articles, status, reason):
    names = articles.schema.names
    articles = articles.set_column(names.index("status"), "status", status)
    return articles.set_column(names.index("reason"), "reason", reason)


def manifest_for(report: dict, articles, mentions, events, quarantine, book: RuleBook, gazetteer: str,
                 params: ResolveParams, gazetteer_dir: Path | None = None) -> dict:
    """`gazetteer_dir` as given to the run (None: the one built into the user cache)."""
    from pipeline.manifest import build_manifest  # imports pandas and pyarrow: not for explain

    sources = gazetteer_sources(ensure_gazetteer(book.vocab, book.rules_dir, gazetteer_dir))
    return build_manifest(
        input_files=report.get("files", []), ingest_report=report, articles=articles, mentions=mentions,
        events=events, quarantine=quarantine, ruleset_hash=book.ruleset_hash, gazetteer=gazetteer,
        params={"resolve": asdict(params)}, gazetteer_sources=sources,
    )
