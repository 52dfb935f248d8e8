"""`rules lint`: the loader's checks plus the rule-authoring conventions, and every cue's
examples (a cue needs only its regex to be tried; a rule's examples need the extractor)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Errors
from pipeline.rulebook.cues import example_failures, lacks_examples
from pipeline.rulebook.loader import RuleBook, RuleBookError, load_rulebook


def lint(rules_dir: Path) -> tuple[RuleBook | None, list[str]]:
    """Return the loaded book (if it loads) and every problem found, each naming file and rule."""
    try:
        book = load_rulebook(rules_dir)
    except RuleBookError as exc:
        return None, exc.problems
    problems = []
    for cr in book.all_rules():
        ex = cr.rule.examples
        if not ex.match or not ex.no_match:
            problems.append(Errors.E106.format(path=cr.path, rule_id=cr.id))
    for path, ex in sorted(book.dictionary_examples.items()):
        if not ex.match or not ex.no_match:
            problems.append(Errors.E106.format(path=path, rule_id="(file examples)"))
    for cue in book.cues.values():
        if lacks_examples(cue):
            problems.append(Errors.E106.format(path=cue.path, rule_id=cue.id))
        problems += example_failures(cue)
    return book, problems
