from __future__ import annotations

import re

import pytest

from pipeline.rulebook import lexicon


def test_fragments_expand_recursively_as_groups():
    frags = {"num": "\\d+", "count": "{num} people"}
    assert lexicon.expand("killed {count}", frags) == "killed (?:(?:\\d+) people)"


def test_quantifier_braces_are_not_references():
    assert lexicon.expand("\\d{1,3}", {}) == "\\d{1,3}"


def test_unknown_reference_raises():
    with pytest.raises(lexicon.UnknownFragment):
        lexicon.expand("{nothing}", {})


def test_alternation_prefers_longer_words():
    rx = re.compile(lexicon.alternation(["South", "South Sudanese"]))
    assert rx.match("South Sudanese").group(0) == "South Sudanese"


@pytest.mark.parametrize("pattern", ["(a+)+", "(\\w+\\s*)*", "(x*y+)+"])
def test_backtracking_risk_is_detected(pattern):
    assert lexicon.backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", ["(?:[\\w-]+\\s+){0,3}", "\\bkilled\\s+\\d+"])
def test_bounded_patterns_pass(pattern):
    assert lexicon.backtracking_risk(pattern) is None


def _fragment(rulebook, name):
    return re.compile(lexicon.expand("{" + name + "}", rulebook.fragments), re.I)


@pytest.mark.parametrize("text", ["On 4 May 2020", "4 May 2020", "A clash broke out"])
def test_a_victim_item_is_not_a_date_or_a_clause(rulebook, text):
    m = _fragment(rulebook, "toll_victim_item").match(text)
    assert m is None or m.group(0) != text


@pytest.mark.parametrize("text", ["three bodyguards", "his driver", "Congressman Diego Turbay"])
def test_a_victim_item_is_a_count_a_determiner_or_a_name(rulebook, text):
    assert _fragment(rulebook, "toll_victim_item").fullmatch(text)


def test_a_passive_kill_covers_stoning_and_fatal_assault(rulebook):
    rx = _fragment(rulebook, "toll_passive_kill")
    assert rx.fullmatch("stoned to death") and rx.fullmatch("fatally assaulted")


@pytest.mark.parametrize("pattern", ["((a+))+$", "(a{2,})+$", "(a|aa)+$", "(?:\\w+\\s*){2,}", "(a*)*"])
def test_nested_overlapping_and_counted_repeats_are_caught(pattern):
    assert lexicon.backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", ["(\\w+\\s+)*x", "(?:a|b)+", "\\d+(?:,\\d{3})*", "(?:-(?=\\s)|[^-])+"])
def test_repeats_that_split_text_one_way_pass(pattern):
    assert lexicon.backtracking_risk(pattern) is None
