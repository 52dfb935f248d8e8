"""Running one rule example: a time budget stops a pattern that backtracks."""

from __future__ import annotations

import re
import time

from pipeline.extract.rule_examples import ExampleCase, run_case


class BacktrackingExtractor:
    """Stands in for the extractor with a pattern that would take minutes on the example."""

    book = None

    def extract(self, article_id, text, publication_date, trace=False):
        re.match(r"(a+)+$", text)
        raise AssertionError("the budget should have stopped the match")


def test_an_example_over_its_budget_fails_naming_the_rule():
    case = ExampleCase("slow-rule", "event", "rules/events/slow.yaml", "a" * 40 + "b", True)
    start = time.monotonic()
    problem = run_case(case, BacktrackingExtractor(), budget=0.5)
    assert time.monotonic() - start < 3
    assert "rules/events/slow.yaml: rule 'slow-rule' took more than 0.5 s" in problem
