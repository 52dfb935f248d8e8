"""Patterns checked once are trusted afterwards and compiled only when first used."""

from __future__ import annotations

import json
import re
import shutil

from pipeline.rulebook import RuleBookError, load_rulebook
from pipeline.rulebook.pattern_cache import LazyPattern, PatternCache, pattern_key
from pipeline.vocab import DEFAULT_RULES_DIR


def test_a_second_load_compiles_lazily_with_the_same_matches(tmp_path):
    cache = tmp_path / "patterns.json"
    cold = load_rulebook(DEFAULT_RULES_DIR, cache)
    cold.patterns.save()
    warm = load_rulebook(DEFAULT_RULES_DIR, cache)
    cold_rx = [rx for cr in cold.all_rules() for rx in cr.regexes]
    warm_rx = [rx for cr in warm.all_rules() for rx in cr.regexes]
    firsts = {}
    for rx in cold_rx:  # a pattern used twice is checked once: its second use is already lazy
        firsts.setdefault(rx.pattern, rx)
    assert all(isinstance(rx, re.Pattern) for rx in firsts.values())
    assert all(isinstance(rx, LazyPattern) and rx._compiled is None for rx in warm_rx)
    text = "Gunmen killed 12 villagers and burned houses in Zamfara on 3 March 2024, police said."
    for a, b in zip(cold_rx, warm_rx, strict=True):
        assert a.pattern == b.pattern
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_a_changed_checker_or_a_damaged_file_starts_afresh(tmp_path):
    path = tmp_path / "patterns.json"
    cache = PatternCache(path)
    cache.learn(r"\bkilled\s+\d+", re.I)
    cache.save()
    assert PatternCache(path).knows(r"\bkilled\s+\d+", re.I)
    assert not PatternCache(path).knows(r"\bkilled\s+\d+", 0)
    doc = json.loads(path.read_text())
    path.write_text(json.dumps({**doc, "version": "other"}))
    assert not PatternCache(path).knows(r"\bkilled\s+\d+", re.I)
    path.write_text("{not json")
    assert PatternCache(path).entries == {}


def test_an_unknown_pattern_is_still_checked(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    cache = tmp_path / "patterns.json"
    load_rulebook(rules, cache).patterns.save()
    target = rules / "events" / "explosions.yaml"
    text = target.read_text(encoding="utf-8")
    changed = text.replace('"\\\\b(?:hand\\\\s+)?grenades?', '"(?:a+)+\\\\b(?:hand\\\\s+)?grenades?', 1)
    assert changed != text
    target.write_text(changed, encoding="utf-8")
    try:
        load_rulebook(rules, cache)
    except RuleBookError as exc:
        assert any("E107" in p for p in exc.problems)
    else:
        raise AssertionError("a new pattern with a nested repeat passed the warm load")


def test_a_compiled_regex_and_its_flags_share_a_key():
    # re.compile adds UNICODE to the flags: the prefilter asks with the compiled flags.
    assert pattern_key(r"\bkilled\b", re.compile(r"\bkilled\b", re.I).flags) == pattern_key(r"\bkilled\b", re.I)
