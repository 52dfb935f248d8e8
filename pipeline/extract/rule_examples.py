"""Rules that test themselves: every rule's examples run through the real extractor.

A `match` example must make the rule fire (uncancelled) and yield the expected
fields on the article's main mention; a `no_match` example must not make it fire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.extract.article import Extractor
from pipeline.extract.hits import ArticleResult
from pipeline.rulebook.loader import RuleBook


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


def run_case(case: ExampleCase, extractor: Extractor) -> str | None:
    """None when the example holds, else a message saying what went wrong."""
    pub = dt.date.fromisoformat(case.publication_date) if case.publication_date else None
    result = extractor.extract("example", case.text, pub, trace=True)
    fired = _fired(case, result, extractor.book)
    where = f"{case.path}: rule {case.rule_id!r}"
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
