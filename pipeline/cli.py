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
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RULES,
    EXIT_VALIDATION,
    CompilerError,
    Errors,
    RuleFilesError,
)

EXAMPLES = {
    "compile": "example:\n  conflict-events compile ../shared/corpus/seeds data/sample --out build/",
    "ingest": "example:\n  conflict-events ingest data/sample --out output/stage/articles.parquet --report output/stage/ingest.json",
    "extract": "example:\n  conflict-events extract output/stage/articles.parquet --gazetteer output/gazetteer --out output/stage/mentions.parquet",
    "resolve": "example:\n  conflict-events resolve output/stage/mentions.parquet --out output/stage/events.parquet --merges output/stage/merges.parquet",
    "export": ("example:\n  conflict-events export --articles output/stage/articles.parquet --mentions output/stage/mentions.parquet \\\n"
               "      --events output/stage/events.parquet --merges output/stage/merges.parquet --report output/stage/ingest.json --out output/"),
    "gazetteer": "example:\n  conflict-events gazetteer --out output/gazetteer",
    "rules lint": "example:\n  conflict-events rules lint --rules rules/",
    "rules test": "example:\n  conflict-events rules test -k suicide-bombing",
    "rules doc": "example:\n  conflict-events rules doc --out docs/rules.md",
    "explain": 'example:\n  conflict-events explain "Gunmen killed 12 villagers in Zamfara on Friday." --publication-date 2024-03-23',
}


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="conflict-events", formatter_class=fmt,
        description="Compile news articles into an ACLED-style conflict-event dataset.",
        epilog="example:\n  conflict-events compile data/sample --out build/\n  conflict-events explain \"A bomb killed 3 people in Kabul on Monday.\"",
    )
    p.add_argument("--version", action="version", version=f"conflict-events {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    c.add_argument("--fatalities-policy", choices=["conservative", "latest"], default="conservative")
    c.add_argument("--merge-distance-km", type=float, default=25.0)
    c.add_argument("--strict", action="store_true", help=f"exit {EXIT_VALIDATION} if any row was quarantined")
    max_chars(c)
    common(c)
    geocoder(c)
    jobs(c)

    i = sub.add_parser("ingest", help="read inputs into the staged articles table",
                       epilog=EXAMPLES["ingest"], formatter_class=fmt)
    i.add_argument("inputs", nargs="+")
    i.add_argument("--out", type=Path, required=True)
    i.add_argument("--report", type=Path, required=True, help="JSON report of file errors and warnings")
    max_chars(i)

    e = sub.add_parser("extract", help="staged articles to event mentions", epilog=EXAMPLES["extract"], formatter_class=fmt)
    e.add_argument("articles", type=Path)
    e.add_argument("--out", type=Path, required=True)
    common(e)
    geocoder(e)
    jobs(e)

    r = sub.add_parser("resolve", help="mentions to events, with a merge log", epilog=EXAMPLES["resolve"], formatter_class=fmt)
    r.add_argument("mentions", type=Path)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--merges", type=Path, required=True)
    r.add_argument("--fatalities-policy", choices=["conservative", "latest"], default="conservative")
    r.add_argument("--merge-distance-km", type=float, default=25.0)
    common(r, gazetteer=False)

    x = sub.add_parser("export", help="validate every table, quarantine bad rows, write the contract files",
                       epilog=EXAMPLES["export"], formatter_class=fmt)
    for name in ("articles", "mentions", "events", "merges", "report"):
        x.add_argument(f"--{name}", type=Path, required=True)
    x.add_argument("--gazetteer", type=Path, required=True, help="gazetteer directory (for the manifest)")
    x.add_argument("--out", type=Path, required=True)
    x.add_argument("--strict", action="store_true")
    common(x, gazetteer=False)

    g = sub.add_parser("gazetteer", help="build the offline gazetteer", epilog=EXAMPLES["gazetteer"], formatter_class=fmt)
    g.add_argument("--out", type=Path, required=True)
    common(g, gazetteer=False)

    rl = sub.add_parser("rules", help="lint or test the rule files")
    rsub = rl.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    lint_p = rsub.add_parser("lint", help="check every rule file", epilog=EXAMPLES["rules lint"], formatter_class=fmt)
    common(lint_p, gazetteer=False)
    test_p = rsub.add_parser("test", help="run every rule's examples", epilog=EXAMPLES["rules test"], formatter_class=fmt)
    test_p.add_argument("-k", dest="only", default=None, help="only rules whose id contains this text")
    common(test_p)
    doc_p = rsub.add_parser("doc", help="write the rule reference generated from the rule files",
                            epilog=EXAMPLES["rules doc"], formatter_class=fmt)
    doc_p.add_argument("--out", type=Path, required=True)
    common(doc_p, gazetteer=False)

    ex = sub.add_parser("explain", help="show every rule that fired on a text, and why",
                        epilog=EXAMPLES["explain"], formatter_class=fmt)
    ex.add_argument("text", nargs="?", help="the text (or use --file)")
    ex.add_argument("--file", type=Path, help="read the text from a file")
    ex.add_argument("--publication-date", type=dt.date.fromisoformat, default=None)
    ex.add_argument("--json", action="store_true", help="machine-readable output")
    common(ex)
    return p


def _err(msg: str) -> None:
    print(f"conflict-events: {msg}", file=sys.stderr)


def _report_problems(report: dict, articles: list[dict]) -> None:
    for item in report.get("file_errors", []) + report.get("warnings", []):
        _err(item["message"])
    for a in articles:
        if a.get("status") == "rejected":
            _err(a["reason"])


def _resolve_params(args):
    from pipeline.resolve import ResolveParams

    return ResolveParams(fatalities_policy=args.fatalities_policy, merge_distance_km=args.merge_distance_km)


def cmd_compile(args) -> int:
    from pipeline import stages
    from pipeline.atomic_output import check_target
    from pipeline.ingest import IngestReport
    from pipeline.tables import BATCH_ROWS

    check_target(args.out)  # an unusable --out fails now, not after the whole extraction
    # Rules first: an invalid rule book stops the run before any input is read.
    extractor, gaz = stages.make_extractor(args.rules, args.gazetteer)
    online = stages.online_geocoder(args.geocoder, args.geocoder_cache)
    ingest_report = IngestReport()
    # Articles stream through extraction a batch at a time; only their rows without the
    # text are kept for the articles table.
    articles, mentions = [], []
    batches = stages.ingest_batches(args.inputs, ingest_report, BATCH_ROWS, args.max_article_chars)
    # closing: an interrupt stops the workers here, not whenever the generator is collected.
    with contextlib.closing(stages.extract_batches(batches, extractor, online, args.jobs, args.scheduler,
                                                   args.gazetteer)) as extracted:
        for batch, found in extracted:
            articles.extend({k: v for k, v in a.items() if k != "text"} for a in batch)
            mentions.extend(found)
    report = stages.report_dict(ingest_report)
    _report_problems(report, articles)
    if not articles:
        raise CompilerError(Errors.E010.format(paths=", ".join(args.inputs)), EXIT_INPUT)
    params = _resolve_params(args)
    events, merges = stages.resolve(mentions, extractor.book, params)
    return _finish(args, articles, mentions, events, merges, report, extractor.book, gaz, params)


def _finish(args, articles, mentions, events, merges, report, book, gaz, params) -> int:
    from pipeline import stages
    from pipeline.atomic_output import staged
    from pipeline.export import write_outputs

    a_ok, m_ok, e_ok, kept, quarantine = stages.validate_and_finalise(articles, mentions, events, book)
    merges = [m for m in merges if m["event_id_cnty"] in kept]
    manifest = stages.manifest_for(report, a_ok, m_ok, e_ok, quarantine, book, gaz, params)
    with staged(args.out) as folder:  # every file, or none: a failed write leaves the previous dataset
        write_outputs(folder, a_ok, m_ok, e_ok, merges, quarantine, manifest)
    c = manifest["counts"]
    print(f"conflict-events: {c['articles_in']} articles ({c['events']} events in {c['mentions']} mentions; "
          f"{c['no_events']} without events; {c['rejected']} rejected), {c['quarantined_rows']} rows quarantined "
          f"-> {args.out}", file=sys.stderr)
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
        for batch in stages.ingest_batches(args.inputs, ingest_report, BATCH_ROWS, args.max_article_chars):
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
    from pipeline.tables import RowWriter, iter_row_batches

    extractor, _ = stages.make_extractor(args.rules, args.gazetteer)
    online = stages.online_geocoder(args.geocoder, args.geocoder_cache)
    with RowWriter("mentions", args.out) as out:
        for _, mentions in stages.extract_batches(iter_row_batches(args.articles), extractor, online, args.jobs,
                                                  args.scheduler, args.gazetteer):
            out.write(mentions)
    return EXIT_OK


def cmd_resolve(args) -> int:
    from pipeline import stages
    from pipeline.rulebook import load_rulebook
    from pipeline.tables import read_rows, write_parquet
    from pipeline.vocab import DEFAULT_RULES_DIR

    book = load_rulebook(args.rules or DEFAULT_RULES_DIR)
    events, merges = stages.resolve(read_rows(args.mentions), book, _resolve_params(args))
    write_parquet(events, "events", args.out)
    write_parquet(merges, "merges", args.merges)
    return EXIT_OK


def cmd_export(args) -> int:
    from pipeline.atomic_output import check_target
    from pipeline.geo.gazetteer import gazetteer_fingerprint
    from pipeline.resolve import ResolveParams
    from pipeline.rulebook import load_rulebook
    from pipeline.tables import ARTICLE_FIELDS, read_rows
    from pipeline.vocab import DEFAULT_RULES_DIR

    check_target(args.out)
    book = load_rulebook(args.rules or DEFAULT_RULES_DIR)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    params = ResolveParams()
    articles = read_rows(args.articles, columns=[name for name, _ in ARTICLE_FIELDS])  # not the texts
    return _finish(args, articles, read_rows(args.mentions), read_rows(args.events),
                   read_rows(args.merges), report, book, gazetteer_fingerprint(args.gazetteer), params)


def cmd_gazetteer(args) -> int:
    from pipeline.geo.build import write_gazetteer
    from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

    counts = write_gazetteer(load_vocabulary(args.rules or DEFAULT_RULES_DIR), args.out)
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
        n = len(book.all_rules()) if book else 0
        print(f"{n} rules checked, {len(problems)} problems", file=sys.stderr)
        return EXIT_RULES if problems else EXIT_OK
    if book is None:
        for p in problems:
            _err(p)
        return EXIT_RULES
    from pipeline import stages
    from pipeline.rulebook.examples import collect_cases, run_case

    extractor, _ = stages.make_extractor(rules_dir, args.gazetteer)
    cases = [c for c in collect_cases(extractor.book) if not args.only or args.only in c.rule_id]
    failures = [msg for c in cases if (msg := run_case(c, extractor))]
    for f in failures:
        _err(f)
    print(f"{len(cases) - len(failures)} passed, {len(failures)} failed")
    return EXIT_RULES if failures else EXIT_OK


def cmd_explain(args) -> int:
    from pipeline import stages
    from pipeline.explain import explain

    if args.file:
        text = args.file.read_text(encoding="utf-8")
    elif args.text:
        text = args.text
    else:
        text = sys.stdin.read()
    extractor, _ = stages.make_extractor(args.rules, args.gazetteer)
    print(explain(extractor, text, args.publication_date, as_json=args.json))
    return EXIT_OK


COMMANDS = {"compile": cmd_compile, "ingest": cmd_ingest, "extract": cmd_extract, "resolve": cmd_resolve,
            "export": cmd_export, "gazetteer": cmd_gazetteer, "rules": cmd_rules, "explain": cmd_explain}


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)  # builds the parser from modules that import pandas: interruptible
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
