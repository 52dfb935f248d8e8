"""One test case per rule example: `pytest -k suicide-bombing` runs one rule's examples."""

from __future__ import annotations

import pytest

from pipeline.extract.rule_examples import collect_cases, run_case
from pipeline.rulebook import load_rulebook
from pipeline.vocab import DEFAULT_RULES_DIR

CASES = collect_cases(load_rulebook(DEFAULT_RULES_DIR))


def test_every_rule_kind_has_examples():
    kinds = {c.kind for c in CASES}
    assert {"event", "filter", "fatality", "date", "actor_pattern"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_example(case, extractor):
    problem = run_case(case, extractor)
    assert problem is None, problem
