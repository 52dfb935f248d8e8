"""Rules that test themselves: every rule's examples run through the real extractor.

A `match` example must make the rule fire (uncancelled) and yield the expected
fields on the article's main mention; a `no_match` example must not make it fire.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from dataclasses import dataclass

from pipeline.extract.article import Extractor
from pipeline.extract.hits import ArticleResult
from pipeline.rulebook.loader import RuleBook

# Wall seconds one example may take. Examples are a sentence or two and take milliseconds;
# the first ones of a run also compile the patterns they need (see pattern_cache.py).
EXAMPLE_SECONDS = 5.0


@dataclass(frozen=True)
class ExampleCase:
    rule_id: str
    kind: str
    path: str
    text: str
    should_match: bool
    publication_date: str | None = None
    expect: tuple[tuple[str, object], ...] = ()

    @property
    def name(self) -> str:
        tag = "match" if self.should_match else "no_match"
        return f"{self.rule_id}:{tag}:{abs(hash(self.text)) % 10**6:06d}"


def collect_cases(book: RuleBook) -> list[ExampleCase]:
    cases: list[ExampleCase] = []
    for cr in book.all_rules():
        kind = _kind_of(book, cr)
        for ex in cr.rule.examples.match:
            cases.append(ExampleCase(cr.id, kind, cr.path, ex.text, True, ex.publication_date,
                                     tuple(sorted(ex.expect.items()))))
        for text in cr.rule.examples.no_match:
            cases.append(ExampleCase(cr.id, kind, cr.path, text, False))
    for path, examples in sorted(book.dictionary_examples.items()):
        for ex in examples.match:
            cases.append(ExampleCase(path, "dictionary", path, ex.text, True, ex.publication_date,
                                     tuple(sorted(ex.expect.items()))))
        for text in examples.no_match:
            cases.append(ExampleCase(path, "dictionary", path, text, False))
    return cases


def _kind_of(book: RuleBook, cr) -> str:
    for kind, rules in book.by_kind.items():
        if any(r is cr for r in rules):
            return kind
    return "unknown"


def _fired(case: ExampleCase, result: ArticleResult, book: RuleBook) -> bool:
    kind = {"actor_pattern": "actor"}.get(case.kind, case.kind)
    if case.kind == "dictionary":
        ids = {a.id for a in book.actors} | {v.id for v in book.venues}
        return any(h.rule_id in ids for h in result.hits if h.kind in ("actor", "place")) or any(
            r in ids for m in result.mentions for r in m["rule_ids"])
    if kind == "decision":
        # A decision row fires when it recoded a mention (absent-cue rows leave no hit).
        return any(case.rule_id in m["rule_ids"] for m in result.mentions)
    if kind == "filter" and not case.should_match:
        # A filter may match a no_match text; it must not cancel any trigger there.
        return any(h.kind == "event" and h.cancelled_by == case.rule_id for h in result.hits)
    for h in result.hits:
        if h.kind == kind and h.rule_id == case.rule_id:
            if kind == "event" and h.cancelled_by is not None:
                continue
            if kind == "date" and "date" not in h.data:
                continue
            return True
    return False


class _OverBudget(Exception):
    pass


def _within(seconds: float, work):
    """`work()`, stopped after `seconds` of wall time (a SIGALRM timer, which also interrupts a
    backtracking regex); where no timer can be set (not the main thread) it simply runs."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work()

    def stop(signum, frame):
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_case(case: ExampleCase, extractor: Extractor, budget: float = EXAMPLE_SECONDS) -> str | None:
    """None when the example holds, else a message saying what went wrong. An example that
    takes longer than `budget` seconds fails: a one-sentence text that slow means a pattern
    that backtracks, and it would stall a compile."""
    pub = dt.date.fromisoformat(case.publication_date) if case.publication_date else None
    where = f"{case.path}: rule {case.rule_id!r}"
    try:
        result = _within(budget, lambda: extractor.extract("example", case.text, pub, trace=True))
    except _OverBudget:
        return f"{where} took more than {budget:g} s on its example {case.text!r} (a pattern that backtracks?)"
    fired = _fired(case, result, extractor.book)
    if not case.should_match:
        return f"{where} fired on its no_match example: {case.text!r}" if fired else None
    if not fired:
        return f"{where} did not fire on its match example: {case.text!r}"
    main = result.mentions[0] if result.mentions else {}
    for key, want in case.expect:
        if key == "mentions":
            got = len(result.mentions)
        elif key == "actor":
            names = [h.data.get("actor") for h in result.hits if h.kind == "actor"]
            got = want if want in names else names
        else:
            got = main.get(key)
        if hasattr(got, "isoformat"):
            got = got.isoformat()
        if str(got) != str(want):
            return f"{where} on {case.text!r}: expected {key}={want!r}, got {got!r}"
    return None
