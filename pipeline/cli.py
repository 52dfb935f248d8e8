"""The `conflict-events` command line: IO at the edge, stages inside.

Exit codes: 0 ok; 2 usage (or an --out that is a file); 3 no readable input; 4 invalid
rules; 5 rows were quarantined and --strict was given; 6 the Dask cluster of --scheduler
cannot be reached or its workers read other rules; 7 the outputs could not be written;
130 interrupted. Problems with single files or rows are
reported on stderr with their code and never stop a run on their own.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path

from pipeline import __version__, interrupts
from pipeline.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RULES,
    EXIT_USAGE,
    EXIT_VALIDATION,
    CompilerError,
    Errors,
    RuleFilesError,
)
from pipeline.gc_policy import few_collections

EXAMPLES = {
    "compile": "example:\n  conflict-events compile ../shared/corpus/seeds data/sample --out build/",
    "ingest": "example:\n  conflict-events ingest data/sample --out output/stage/articles.parquet --report output/stage/ingest.json",
    "extract": "example:\n  conflict-events extract output/stage/articles.parquet --gazetteer output/gazetteer --out output/stage/mentions.parquet",
    "resolve": "example:\n  conflict-events resolve output/stage/mentions.parquet --out output/stage/events.parquet --merges output/stage/merges.parquet",
    "export": ("example:\n  conflict-events export --articles output/stage/articles.parquet --mentions output/stage/mentions.parquet \\\n"
               "      --events output/stage/events.parquet --merges output/stage/merges.parquet --report output/stage/ingest.json --out output/"),
    "gazetteer": "example:\n  conflict-events gazetteer --out output/gazetteer",
    "rules": "example:\n  conflict-events rules lint",
    "rules lint": "example:\n  conflict-events rules lint --rules rules/",
    "rules test": "example:\n  conflict-events rules test -k suicide-bombing",
    "rules doc": "example:\n  conflict-events rules doc --out docs/rules.md",
    "codebook": "example:\n  conflict-events codebook --out docs/",
    "diff": ("example:\n  conflict-events diff build/old build/new --out build/changes.parquet\n"
             "  conflict-events diff HEAD~1 output/"),
    "report": "example:\n  conflict-events report output/",
    "explain": 'example:\n  conflict-events explain "Gunmen killed 12 villagers in Zamfara on Friday." --publication-date 2024-03-23',
}


def iso_date(value: str) -> dt.date:
    """An argparse type: a calendar date written YYYY-MM-DD, with a message naming that format."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 2024-03-23)") from None


def seconds_or_off(value: str) -> float | None:
    """An argparse type: a positive number of seconds, or off (also none, null: what a YAML
    null becomes on a DVC command line)."""
    if value.strip().lower() in ("off", "none", "null"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds (or off)")
    return seconds


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="conflict-events", formatter_class=fmt,
        description="Compile news articles into an ACLED-style conflict-event dataset.",
        epilog="example:\n  conflict-events compile data/sample --out build/\n  conflict-events explain \"A bomb killed 3 people in Kabul on Monday.\"",
    )
    p.add_argument("--version", action="version", version=f"conflict-events {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def resolve_options(sp):
        sp.add_argument("--fatalities-policy", choices=["conservative", "latest"], default="conservative",
                        help="conservative (default, ACLED's rule) keeps the lowest credible toll of merged reports; "
                             "latest keeps the latest report's figure")
        sp.add_argument("--merge-distance-km", type=float, default=25.0,
                        help="reports of one day and type within this distance merge into one event (default: 25)")

    def common(sp, gazetteer=True):
        sp.add_argument("--rules", type=Path, default=None, help="rules directory (default: the project's rules/)")
        if gazetteer:
            sp.add_argument("--gazetteer", type=Path, default=None,
                            help="compiled gazetteer directory (default: built once into the user cache)")

    def jobs(sp):
        from pipeline.extract.run import default_jobs

        sp.add_argument("--jobs", type=int, default=default_jobs(),
                        help="local worker processes for extraction (default: the number of cores; output is identical)")
        sp.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="extract on the Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786) instead of local "
                             "processes; its workers must see the same rules and gazetteer paths (output is identical)")
        sp.add_argument("--mention-cache", type=Path, default=None, metavar="DIR",
                        help="keep each article's mentions in DIR so that a rerun extracts only new or changed "
                             "articles (default: the user cache; a change of rules, gazetteer or code starts afresh; "
                             "output is identical)")
        sp.add_argument("--no-mention-cache", action="store_true", help="extract every article, reading no cache")
        sp.add_argument("--max-article-seconds", type=seconds_or_off, default=None, metavar="S",
                        help="reject (E023) an article whose extraction takes more than S seconds of CPU time, and go "
                             "on with the next (default: off). Opt-in because it makes the output depend on the "
                             "machine's speed: an article that fits on one machine may be rejected on a slower one, "
                             "so the same inputs no longer give the same bytes everywhere. An article answered "
                             "from the mention cache is not timed; a rejected one is never cached")

    def max_chars(sp):
        from pipeline.ingest.reader import MAX_ARTICLE_CHARS

        sp.add_argument("--max-article-chars", type=int, default=MAX_ARTICLE_CHARS, metavar="N",
                        help=f"reject (E021) an article longer than N characters, so that one huge text cannot "
                             f"stall the run (default {MAX_ARTICLE_CHARS:,})")

    def geocoder(sp):
        sp.add_argument("--geocoder", choices=["offline", "nominatim"], default="offline",
                        help="offline (default) uses only the gazetteer; nominatim also asks OpenStreetMap's "
                             "Nominatim (network; cached, one request a second) for towns the gazetteer lacks")
        sp.add_argument("--geocoder-cache", type=Path, default=None, help="JSON cache of online look-ups")

    c = sub.add_parser("compile", help="run every stage: inputs to the contract files in --out",
                       epilog=EXAMPLES["compile"], formatter_class=fmt)
    c.add_argument("inputs", nargs="+", help="files or directories (.txt .jsonl .jsonl.gz .csv .html)")
    c.add_argument("--out", type=Path, required=True, help="output directory")
    resolve_options(c)
    c.add_argument("--strict", action="store_true", help=f"exit {EXIT_VALIDATION} if any row was quarantined")
    max_chars(c)
    common(c)
    geocoder(c)
    jobs(c)

    i = sub.add_parser("ingest", help="read inputs into the staged articles table",
                       epilog=EXAMPLES["ingest"], formatter_class=fmt)
    i.add_argument("inputs", nargs="+", help="files or directories (.txt .jsonl .jsonl.gz .csv .html)")
    i.add_argument("--out", type=Path, required=True, help="the staged articles table to write (Parquet, with texts)")
    i.add_argument("--report", type=Path, required=True, help="JSON report of file errors and warnings")
    max_chars(i)
    common(i, gazetteer=False)  # ingest reads rules/ingest/ only

    e = sub.add_parser("extract", help="staged articles to event mentions", epilog=EXAMPLES["extract"], formatter_class=fmt)
    e.add_argument("articles", type=Path, help="the staged articles table written by `ingest`")
    e.add_argument("--out", type=Path, required=True, help="the mentions table to write (Parquet)")
    e.add_argument("--report", type=Path, default=None,
                   help="JSON report of the articles rejected during extraction (E023, --max-article-seconds), "
                        "for `export --extract-report`")
    common(e)
    geocoder(e)
    jobs(e)

    r = sub.add_parser("resolve", help="mentions to events, with a merge log", epilog=EXAMPLES["resolve"], formatter_class=fmt)
    r.add_argument("mentions", type=Path, help="the mentions table written by `extract`")
    r.add_argument("--out", type=Path, required=True, help="the events table to write (Parquet)")
    r.add_argument("--merges", type=Path, required=True, help="the merge log to write (Parquet): which event each mention became")
    resolve_options(r)
    common(r, gazetteer=False)

    x = sub.add_parser("export", help="validate every table, quarantine bad rows, write the contract files",
                       epilog=EXAMPLES["export"], formatter_class=fmt)
    for name, what in (("articles", "staged articles (Parquet)"), ("mentions", "mentions (Parquet)"),
                       ("events", "resolved events (Parquet)"), ("merges", "merge log (Parquet)"),
                       ("report", "ingest report (JSON)")):
        x.add_argument(f"--{name}", type=Path, required=True, help=f"the {what} of the stage before")
    x.add_argument("--extract-report", type=Path, default=None,
                   help="the JSON report of `extract --report`: articles rejected during extraction")
    x.add_argument("--gazetteer", type=Path, required=True, help="gazetteer directory (for the manifest)")
    x.add_argument("--out", type=Path, required=True, help="output directory for the contract files")
    x.add_argument("--strict", action="store_true", help=f"exit {EXIT_VALIDATION} if any row was quarantined")
    common(x, gazetteer=False)

    g = sub.add_parser("gazetteer", help="build the offline gazetteer", epilog=EXAMPLES["gazetteer"], formatter_class=fmt)
    g.add_argument("--out", type=Path, required=True, help="directory to write the gazetteer into")
    common(g, gazetteer=False)

    rl = sub.add_parser("rules", help="lint, test or document the rule files", epilog=EXAMPLES["rules"], formatter_class=fmt)
    rsub = rl.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    lint_p = rsub.add_parser("lint", help="check every rule file", epilog=EXAMPLES["rules lint"], formatter_class=fmt)
    common(lint_p, gazetteer=False)
    test_p = rsub.add_parser("test", help="run every rule's examples", epilog=EXAMPLES["rules test"], formatter_class=fmt)
    test_p.add_argument("-k", dest="only", default=None, help="only rules whose id contains this text")
    common(test_p)
    doc_p = rsub.add_parser("doc", help="write the rule reference generated from the rule files",
                            epilog=EXAMPLES["rules doc"], formatter_class=fmt)
    doc_p.add_argument("--out", type=Path, required=True, help="the Markdown file to write")
    common(doc_p, gazetteer=False)

    _deliverables(sub, fmt, common)

    ex = sub.add_parser("explain", help="show every rule that fired on a text, and why",
                        epilog=EXAMPLES["explain"], formatter_class=fmt)
    ex.add_argument("text", nargs="?", help="the text (or use --file)")
    ex.add_argument("--file", type=Path, help="read the text from a file")
    ex.add_argument("--publication-date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                    help="the article's publication date, which relative dates (\"on Friday\") count back from")
    ex.add_argument("--json", action="store_true", help="machine-readable output")
    common(ex)
    ex.set_defaults(usage=ex.format_usage())  # printed when no text is given
    return p


def _deliverables(sub, fmt, common) -> None:
    """The commands that turn an output folder into what readers take away."""
    cb = sub.add_parser("codebook", help="write the codebook (Markdown and HTML) generated from the schemas and vocabularies",
                        epilog=EXAMPLES["codebook"], formatter_class=fmt)
    cb.add_argument("--out", type=Path, required=True, help="directory for codebook.md and codebook.html")
    common(cb, gazetteer=False)

    d = sub.add_parser("diff", help="list events added, removed and changed between two versions of the dataset",
                       epilog=EXAMPLES["diff"], formatter_class=fmt)
    d.add_argument("old", help="the earlier output folder, or a git revision whose output/ DVC tracked")
    d.add_argument("new", help="the later output folder, or a git revision")
    d.add_argument("--out", type=Path, default=None, help="also write the changes as Parquet (e.g. changes.parquet)")
    d.add_argument("--path", default="output/events.parquet",
                   help="where events.parquet is in the repository, for a revision (default: output/events.parquet)")
    d.add_argument("--missing-ok", action="store_true",
                   help="compare against an empty dataset when OLD cannot be read (a fresh clone has no earlier version)")

    rp = sub.add_parser("report", help="write one self-contained HTML page of charts and a map (no network needed)",
                        epilog=EXAMPLES["report"], formatter_class=fmt)
    rp.add_argument("dir", type=Path, help="an output folder (with events.parquet and manifest.json)")
    rp.add_argument("--out", type=Path, default=None, help="the HTML file to write (default: DIR/report.html)")


def _err(msg: str) -> None:
    print(f"conflict-events: {msg}", file=sys.stderr)


def _report_problems(report: dict, articles: list[dict]) -> None:
    # A file-wide problem (a CSV without a text column) also rejects each of its rows with
    # the same message: say it once.
    messages = [item["message"] for item in report.get("file_errors", []) + report.get("warnings", [])]
    messages += [a["reason"] for a in articles if a.get("status") == "rejected"]
    for message in dict.fromkeys(messages):
        _err(message)


def _resolve_params(args):
    from pipeline.resolve import ResolveParams

    return ResolveParams(fatalities_policy=args.fatalities_policy, merge_distance_km=args.merge_distance_km)


def _mention_cache_dir(args) -> Path | None:
    if args.no_mention_cache:
        return None
    if args.mention_cache is not None:
        return args.mention_cache
    env = os.environ.get("CONFLICT_EVENTS_MENTION_CACHE")
    if env:
        return None if env == "off" else Path(env)
    from pipeline.geo.cache import default_cache_root

    return default_cache_root() / "mentions"


def cmd_compile(args) -> int:
    from pipeline import stages
    from pipeline.atomic_output import check_target
    from pipeline.spill import spilling

    check_target(args.out)  # an unusable --out fails now, not after the whole extraction
    # What validation, the manifest and export import (pandera, the table writers) is imported
    # before any work is sent out: a Ctrl-C inside a compiled module's import ends Python by
    # SIGINT instead of raising KeyboardInterrupt, so that window must not fall in the run.
    import pipeline.export
    import pipeline.manifest
    import pipeline.validate.quarantine
    import pipeline.validate.schemas  # noqa: F401
    # Rules first: an invalid rule book stops the run before any input is read.
    extractor, gaz = stages.make_extractor(args.rules, args.gazetteer)
    online = stages.online_geocoder(args.geocoder, args.geocoder_cache)
    cache = stages.mention_cache(_mention_cache_dir(args), extractor, gaz)
    # The run's tables are spilled to files beside --out, removed however the run ends.
    with spilling(args.out):
        return _compile(args, extractor, gaz, online, cache)


def _compile(args, extractor, gaz, online, cache) -> int:
    import numpy as np

    from pipeline import stages
    from pipeline.arrow_rows import ArrowRows
    from pipeline.ingest import IngestReport
    from pipeline.progress import progress_bar
    from pipeline.spill import new_table
    from pipeline.tables import BATCH_ROWS, SCHEMAS, to_arrow

    ingest_report = IngestReport()
    # Articles stream through extraction a batch at a time; only their rows without the
    # text are kept for the articles table, as Arrow (a tenth of their size as dicts).
    articles, rejected, mentions = new_table(SCHEMAS["articles"]), [], ArrowRows("mentions")
    has_mentions = []  # per batch, whether each article had a mention: saves validation a set of every id
    batches = stages.ingest_batches(args.inputs, ingest_report, BATCH_ROWS, args.max_article_chars, args.rules)
    # closing: an interrupt stops the workers here, not whenever the generator is collected.
    with contextlib.closing(stages.extract_batches(batches, extractor, online, args.jobs, args.scheduler,
                                                   args.gazetteer, cache, args.max_article_seconds)) as extracted, \
            progress_bar(None) as bar:
        for batch, found in extracted:
            rows = [{k: v for k, v in a.items() if k != "text"} for a in batch]
            rejected.extend(a for a in rows if a.get("status") == "rejected")
            articles.append(to_arrow(rows, "articles"))
            mentions.add(found)
            mentioned = {m["article_id"] for m in found}
            has_mentions.append(np.fromiter((a["article_id"] in mentioned for a in batch), dtype=bool,
                                            count=len(batch)))
            bar.update(len(batch))
            interrupts.check()
    report = stages.report_dict(ingest_report)
    _report_problems(report, rejected)
    if not articles.num_rows:
        raise CompilerError(Errors.E010.format(paths=", ".join(args.inputs)), EXIT_INPUT)
    params = _resolve_params(args)
    events, merges = stages.resolve_table(mentions.arrow(), extractor.book, params)
    if cache is not None:
        print(f"conflict-events: {cache.hits} of {cache.hits + cache.misses} readable articles from the mention "
              f"cache {cache.path}", file=sys.stderr)
    run = {"articles": articles.table(), "mentions": mentions, "events": events, "merges": merges,
           "has_mentions": np.concatenate(has_mentions)}
    del articles, mentions, events, merges  # _finish drops each table's rows once it is checked
    return _finish(args, run, report, extractor.book, gaz, params)


def _finish(args, run: dict[str, list[dict]], report, book, gaz, params) -> int:
    """Validate, then write the contract files. `run` holds the rows of "articles",
    "mentions", "events" and "merges"; they are taken out of it as they are used."""
    from pipeline import stages
    from pipeline.atomic_output import staged
    from pipeline.export import write_outputs
    a_ok, m_ok, e_ok, dropped, quarantine = stages.validate_and_finalise(run, book)
    merges = stages.merges_kept(run.pop("merges"), dropped)
    manifest = stages.manifest_for(report, a_ok, m_ok, e_ok, quarantine, book, gaz, params, args.gazetteer)
    interrupts.check()  # a Ctrl-C swallowed by a finaliser stops the run before anything is swapped in
    with staged(args.out) as folder:  # every file, or none: a failed write leaves the previous dataset
        write_outputs(folder, a_ok, m_ok, e_ok, merges, quarantine, manifest, book.vocab)
    c = manifest["counts"]
    print(f"conflict-events: {c['articles_in']} articles ({c['articles_with_events']} with events, "
          f"{c['articles_without_events']} without, {c['articles_rejected']} rejected); {c['events']} events "
          f"from {c['mentions']} mentions; {c['quarantined_rows']} rows quarantined -> {args.out}", file=sys.stderr)
    if quarantine and getattr(args, "strict", False):
        return EXIT_VALIDATION
    return EXIT_OK


def cmd_ingest(args) -> int:
    from pipeline import stages
    from pipeline.ingest import IngestReport
    from pipeline.tables import BATCH_ROWS, RowWriter

    ingest_report = IngestReport()
    rejected: list[dict] = []
    with RowWriter("articles_stage", args.out) as out:
        for batch in stages.ingest_batches(args.inputs, ingest_report, BATCH_ROWS, args.max_article_chars, args.rules):
            rejected.extend(a for a in batch if a.get("status") == "rejected")
            out.write(batch)
    report = stages.report_dict(ingest_report)
    _report_problems(report, rejected)
    if not out.rows_written:
        args.out.unlink(missing_ok=True)
        raise CompilerError(Errors.E010.format(paths=", ".join(args.inputs)), EXIT_INPUT)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return EXIT_OK


def cmd_extract(args) -> int:
    from pipeline import stages
    from pipeline.progress import progress_bar
    from pipeline.tables import RowWriter, count_rows, iter_row_batches

    extractor, gaz = stages.make_extractor(args.rules, args.gazetteer)
    online = stages.online_geocoder(args.geocoder, args.geocoder_cache)
    cache = stages.mention_cache(_mention_cache_dir(args), extractor, gaz)
    rejected: list[dict] = []
    with RowWriter("mentions", args.out) as out, progress_bar(count_rows(args.articles)) as bar:
        for batch, mentions in stages.extract_batches(iter_row_batches(args.articles), extractor, online, args.jobs,
                                                      args.scheduler, args.gazetteer, cache, args.max_article_seconds):
            out.write(mentions)
            # Ingest's rejections are in the articles table already; only extraction's are new.
            rejected.extend({"article_id": a["article_id"], "reason": a["reason"]} for a in batch
                            if a.get("status") == "rejected" and (a.get("reason") or "").startswith("E023"))
            bar.update(len(batch))
            interrupts.check()
    for r in rejected:
        _err(r["reason"])
    if args.report is not None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps({"rejected": rejected}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return EXIT_OK


def cmd_resolve(args) -> int:
    from pipeline import stages
    from pipeline.rulebook import load_rulebook
    from pipeline.spill import spilling
    from pipeline.tables import read_table, write_parquet
    from pipeline.vocab import DEFAULT_RULES_DIR

    book = load_rulebook(args.rules or DEFAULT_RULES_DIR)
    with spilling(args.out):
        events, merges = stages.resolve_table(read_table(args.mentions, "mentions"), book, _resolve_params(args))
        write_parquet(events, "events", args.out)
        write_parquet(merges, "merges", args.merges)
    return EXIT_OK


def cmd_export(args) -> int:
    from pipeline.atomic_output import check_target
    from pipeline.geo.gazetteer import gazetteer_fingerprint
    from pipeline.resolve import ResolveParams
    from pipeline.rulebook import load_rulebook
    from pipeline.spill import spilling
    from pipeline.tables import ARTICLE_FIELDS, read_rows, read_table
    from pipeline.vocab import DEFAULT_RULES_DIR

    check_target(args.out)
    book = load_rulebook(args.rules or DEFAULT_RULES_DIR)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    params = ResolveParams()
    articles = read_rows(args.articles, columns=[name for name, _ in ARTICLE_FIELDS])  # not the texts
    if args.extract_report is not None:
        # Articles extraction rejected (E023) are rejected in the dataset too: they have no mentions.
        reasons = {r["article_id"]: r["reason"]
                   for r in json.loads(args.extract_report.read_text(encoding="utf-8"))["rejected"]}
        for a in articles:
            if a["article_id"] in reasons:
                a["status"], a["reason"] = "rejected", reasons[a["article_id"]]
    with spilling(args.out):
        run = {"articles": articles, "mentions": read_table(args.mentions, "mentions"),
               "events": read_table(args.events, "events"), "merges": read_table(args.merges, "merges")}
        del articles  # _finish drops each table's rows once it is checked
        return _finish(args, run, report, book, gazetteer_fingerprint(args.gazetteer), params)


def cmd_gazetteer(args) -> int:
    from pipeline.geo.build import load_build_cues, write_gazetteer
    from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

    rules_dir = args.rules or DEFAULT_RULES_DIR
    counts = write_gazetteer(load_vocabulary(rules_dir), args.out, load_build_cues(rules_dir))
    print(f"conflict-events: gazetteer with {counts['places']} places and {counts['keys']} names -> {args.out}",
          file=sys.stderr)
    return EXIT_OK


def cmd_rules(args) -> int:
    from pipeline.rulebook.lint import lint
    from pipeline.vocab import DEFAULT_RULES_DIR

    rules_dir = args.rules or DEFAULT_RULES_DIR
    book, problems = lint(rules_dir)
    if args.rules_command == "doc" and book is not None:
        from pipeline.rulebook.reference import render_reference

        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render_reference(book), encoding="utf-8")
        return EXIT_OK
    if args.rules_command == "lint":
        for p in problems:
            _err(p)
        n, cues = (len(book.all_rules()), len(book.cues)) if book else (0, 0)
        print(f"{n} rules and {cues} cues checked, {len(problems)} problems", file=sys.stderr)
        return EXIT_RULES if problems else EXIT_OK
    if book is None:
        for p in problems:
            _err(p)
        return EXIT_RULES
    from pipeline import stages
    from pipeline.extract.rule_examples import collect_cases, run_case

    extractor, _ = stages.make_extractor(rules_dir, args.gazetteer)
    cases = [c for c in collect_cases(extractor.book) if not args.only or args.only in c.rule_id]
    failures = [msg for c in cases if (msg := run_case(c, extractor))]
    for f in failures:
        _err(f)
    print(f"{len(cases) - len(failures)} passed, {len(failures)} failed")
    return EXIT_RULES if failures else EXIT_OK


def _piped_stdin() -> str:
    """What was piped in; nothing when stdin is a terminal (reading would wait for typing)."""
    if sys.stdin is None or sys.stdin.isatty():
        return ""
    return sys.stdin.read()


def cmd_explain(args) -> int:
    from pipeline import stages
    from pipeline.explain import explain

    if args.file:
        text = args.file.read_text(encoding="utf-8")
    elif args.text:
        text = args.text
    else:
        text = _piped_stdin()
    if not text.strip():
        print(args.usage, end="", file=sys.stderr)
        _err("explain: give the text as an argument, with --file, or on stdin")
        return EXIT_USAGE
    extractor, _ = stages.make_extractor(args.rules, args.gazetteer)
    print(explain(extractor, text, args.publication_date, as_json=args.json))
    return EXIT_OK


def cmd_codebook(args) -> int:
    from pipeline.codebook import render_html, render_markdown
    from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

    vocab = load_vocabulary(args.rules or DEFAULT_RULES_DIR)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "codebook.md").write_text(render_markdown(vocab), encoding="utf-8")
    (args.out / "codebook.html").write_text(render_html(vocab), encoding="utf-8")
    return EXIT_OK


def cmd_diff(args) -> int:
    from pipeline.diff import diff_events, read_events, render_table, write_changes

    def dataset(source: str) -> list[dict]:
        try:
            return read_events(source, args.path)
        except Exception as exc:  # a missing folder, revision or DVC cache entry: each raises its own type
            raise CompilerError(Errors.E022.format(source=source, detail=exc), EXIT_INPUT) from None

    try:
        old = dataset(args.old)
    except CompilerError as exc:
        if not args.missing_ok:
            raise
        _err(f"{exc}; compared against an empty dataset")
        old = []
    changes = diff_events(old, dataset(args.new))
    print(render_table(changes), end="")
    if args.out:
        write_changes(changes, args.out)
    return EXIT_OK


def cmd_report(args) -> int:
    from pipeline.report import render_report
    from pipeline.tables import read_rows

    events_path, manifest_path = args.dir / "events.parquet", args.dir / "manifest.json"
    if not events_path.exists():
        raise CompilerError(Errors.E022.format(source=args.dir, detail="no events.parquet"), EXIT_INPUT)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    out = args.out or args.dir / "report.html"
    out.write_text(render_report(read_rows(events_path), manifest), encoding="utf-8")
    print(f"conflict-events: report -> {out}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {"compile": cmd_compile, "ingest": cmd_ingest, "extract": cmd_extract, "resolve": cmd_resolve,
            "export": cmd_export, "gazetteer": cmd_gazetteer, "rules": cmd_rules, "explain": cmd_explain,
            "codebook": cmd_codebook, "diff": cmd_diff,
            "report": cmd_report}


def main(argv: list[str] | None = None) -> int:
    interrupts.guard()
    interrupts.program = argv is None  # run as `conflict-events` or `python -m pipeline`
    try:
        args = _parser().parse_args(argv)  # builds the parser from modules that import pandas: interruptible
        with few_collections():
            return COMMANDS[args.command](args)
    except RuleFilesError as exc:
        for p in exc.problems:
            _err(p)
        return EXIT_RULES
    except CompilerError as exc:
        _err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        # One line, not a traceback: the workers are already stopped and no output was swapped in.
        # (Interrupted inside some compiled modules' imports, Python then ends itself by SIGINT,
        # which a shell reports as 130 too.)
        _err(Errors.E020.format())
        return EXIT_INTERRUPTED
