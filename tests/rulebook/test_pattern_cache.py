"""Patterns checked once are trusted afterwards and compiled only when first used."""

from __future__ import annotations

import json
import re
import shutil

from pipeline.rulebook import RuleBookError, load_rulebook
from pipeline.rulebook.pattern_cache import (
    CompiledStore,
    LazyPattern,
    PatternCache,
    compile_program,
    from_program,
    pattern_key,
)
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


def test_every_rule_and_cue_regex_built_from_its_kept_program_is_the_one_re_compiles(tmp_path):
    cache = tmp_path / "patterns.json"
    load_rulebook(DEFAULT_RULES_DIR, cache).patterns.save()  # learns, then keeps every program
    assert cache.with_suffix(".sre").exists()
    warm = load_rulebook(DEFAULT_RULES_DIR, cache)
    store = warm.patterns.compiled
    lazy = [rx for cr in warm.all_rules() for rx in cr.regexes]
    assert lazy and all(isinstance(rx, LazyPattern) for rx in lazy)
    assert all(store.knows(rx.pattern, rx.flags) for rx in lazy)
    for rx in lazy:
        # Equal compiled regexes have the same pattern, flags and engine program.
        assert rx.compiled() == re.compile(rx.pattern, rx.flags), rx.pattern[:80]
    for cue in warm.cues.values():
        assert store.knows(cue.regex.pattern, cue.regex.flags)
        assert cue.regex == re.compile(cue.regex.pattern, cue.regex.flags), cue.id
    assert not store.changed  # nothing was compiled afresh


def test_a_damaged_or_foreign_program_file_is_not_used(tmp_path):
    path = tmp_path / "patterns.sre"
    pattern, flags = r"\b(?P<n>\d+)\s+(?:people|villagers)\s+killed", re.I
    store = CompiledStore(path)
    regex = store.compile(pattern, flags)
    store.save()
    assert CompiledStore(path).knows(pattern, flags)
    data = bytearray(path.read_bytes())
    data[-5] ^= 1  # one bit of one kept program
    path.write_bytes(bytes(data))
    assert CompiledStore(path).programs == {}  # the SHA-256 no longer matches
    path.write_bytes(b"not a program file")
    damaged = CompiledStore(path)
    assert damaged.programs == {}
    assert damaged.compile(pattern, flags) == regex == re.compile(pattern, flags)
    damaged.save()  # rebuilt
    assert CompiledStore(path).knows(pattern, flags)


def test_a_program_the_engine_rejects_is_compiled_afresh(tmp_path):
    pattern, flags = r"\bkilled\s+(\d+)", re.I
    store = CompiledStore(tmp_path / "patterns.sre")
    store.programs[pattern_key(pattern, flags)] = (flags, 0, {}, (None,), b"\xff\xff\xff\xff")
    assert store.compile(pattern, flags) == re.compile(pattern, flags)
    assert store.changed


def test_a_kept_program_gives_the_regex_re_compiles():
    for pattern, flags in [(r"\bkilled\b", 0), (r"(?P<n>\d+) (dead|killed)", re.I), (r"^Updated", re.M | re.I)]:
        regex, program = compile_program(pattern, flags)
        assert regex == from_program(pattern, program) == re.compile(pattern, flags)
        assert regex.groupindex == re.compile(pattern, flags).groupindex
