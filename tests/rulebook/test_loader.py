"""Rule files are validated before use; every problem names file, rule id and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.rulebook import RuleBookError, load_rulebook
from pipeline.rulebook.lint import lint
from pipeline.vocab import DEFAULT_RULES_DIR

GOOD_RULE = """
kind: event
rules:
  - id: wombat-stampede
    patterns: ["\\\\bwombats?\\\\s+stampeded\\\\b"]
    sets: {event_type: Riots, sub_event_type: Mob violence}
    examples:
      match: [{text: "Wombats stampeded through the market.", expect: {event_type: Riots}}]
      no_match: ["Wombats slept all day."]
"""


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A private copy of the real rules, so a test can add one broken file."""
    dst = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, dst)
    return dst


def _problems(rules_dir: Path) -> list[str]:
    with pytest.raises(RuleBookError) as exc:
        load_rulebook(rules_dir)
    return exc.value.problems


def test_real_rules_load_and_lint_clean():
    book, problems = lint(DEFAULT_RULES_DIR)
    assert problems == []
    assert len(book.rules("event")) >= 10


def test_a_valid_new_rule_file_loads(rules_copy):
    (rules_copy / "events" / "extra.yaml").write_text(GOOD_RULE, encoding="utf-8")
    assert any(r.id == "wombat-stampede" for r in load_rulebook(rules_copy).rules("event"))


def test_invalid_regex_names_file_rule_and_field(rules_copy):
    (rules_copy / "events" / "bad.yaml").write_text(GOOD_RULE.replace("stampeded\\\\b", "stampeded(\\\\b"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E102") and "bad.yaml" in problem
    assert "'wombat-stampede'" in problem and "patterns[0]" in problem


def test_unknown_key_is_an_error(rules_copy):
    (rules_copy / "events" / "typo.yaml").write_text(GOOD_RULE.replace("patterns:", "paterns:"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E101") and "typo.yaml" in problem and "paterns" in problem


def test_duplicate_id_is_an_error(rules_copy):
    (rules_copy / "events" / "a.yaml").write_text(GOOD_RULE, encoding="utf-8")
    (rules_copy / "events" / "b.yaml").write_text(GOOD_RULE, encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E103") and "wombat-stampede" in problem


def test_value_outside_vocabulary_is_an_error(rules_copy):
    (rules_copy / "events" / "v.yaml").write_text(GOOD_RULE.replace("Mob violence", "Pillow fight"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E104") and "sets.sub_event_type" in problem and "Pillow fight" in problem


def test_needs_nearby_must_name_an_event_type(rules_copy):
    bad = GOOD_RULE.replace("    examples:", "    needs_nearby: Picnics\n    examples:")
    (rules_copy / "events" / "n.yaml").write_text(bad, encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E104") and "needs_nearby" in problem and "Picnics" in problem


def test_needs_nearby_is_read_from_the_rule_file():
    book = load_rulebook(DEFAULT_RULES_DIR)
    needing = {cr.id: cr.rule.needs_nearby for cr in book.rules("event") if cr.rule.needs_nearby}
    assert needing.get("protest-turns-destructive") == "Protests"


def test_article_cancels_must_name_sub_event_types(rules_copy):
    path = rules_copy / "filters.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("article_cancels: [Arrests]", "article_cancels: [Parking fines]"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E104") and "article_cancels[0]" in problem and "Parking fines" in problem


def test_unknown_fragment_is_an_error(rules_copy):
    (rules_copy / "events" / "f.yaml").write_text(GOOD_RULE.replace("\\\\bwombats?", "{marsupial}"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E105") and "{marsupial}" in problem


def test_nested_quantifier_is_rejected(rules_copy):
    (rules_copy / "events" / "slow.yaml").write_text(GOOD_RULE.replace("\\\\bwombats?", "(\\\\w+\\\\s*)+"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E107")


def test_lint_requires_both_kinds_of_example(rules_copy):
    text = GOOD_RULE.replace('      no_match: ["Wombats slept all day."]\n', "")
    (rules_copy / "events" / "noex.yaml").write_text(text, encoding="utf-8")
    _, problems = lint(rules_copy)
    assert problems == [p for p in problems if p.startswith("E106")] and len(problems) == 1


def test_ids_must_be_kebab_case(rules_copy):
    (rules_copy / "events" / "id.yaml").write_text(GOOD_RULE.replace("wombat-stampede", "Wombat_Stampede"), encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E101") and "kebab-case" in problem


def test_unknown_operating_country_names_the_actor(rules_copy):
    (rules_copy / "actors" / "extra.yaml").write_text(
        "kind: actor_dictionary\nactors:\n"
        "  - {id: wombat-front, name: Wombat Front, inter: 2, country: KEN, operates_in: [XXX]}\n",
        encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E104") and "wombat-front" in problem and "operates_in" in problem and "XXX" in problem


@pytest.fixture
def small_rules(tmp_path) -> Path:
    """The real vocabularies and lexicon with one rule file: quick to load whole."""
    dst = tmp_path / "small"
    shutil.copytree(DEFAULT_RULES_DIR / "vocab", dst / "vocab")
    shutil.copy(DEFAULT_RULES_DIR / "lexicon.yaml", dst)
    (dst / "events").mkdir()
    (dst / "events" / "wombats.yaml").write_text(GOOD_RULE, encoding="utf-8")
    return dst


@pytest.mark.parametrize("name", ["vocab/vague_quantities.yaml", "vocab/place_stopwords.yaml", "lexicon.yaml"])
def test_a_yaml_tag_in_a_vocabulary_or_the_lexicon_is_a_coded_error_that_runs_nothing(small_rules, tmp_path, name):
    marker = tmp_path / "ran"
    path = small_rules / name
    path.write_text(f"evil: !!python/object/apply:os.system ['touch {marker}']\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    problems = _problems(small_rules)
    assert problems[0].startswith("E101") and name.split("/")[-1] in problems[0] and not marker.exists()


@pytest.mark.parametrize("name", ["vocab/event_types.yaml", "lexicon.yaml", "events/wombats.yaml"])
def test_broken_yaml_anywhere_in_rules_is_a_coded_error(small_rules, name):
    (small_rules / name).write_text("fragments: [unclosed\n", encoding="utf-8")
    problems = _problems(small_rules)
    assert any(p.startswith("E101") and name.split("/")[-1] in p for p in problems), problems


def test_a_vocabulary_without_its_section_is_a_coded_error(small_rules):
    (small_rules / "vocab" / "actor_types.yaml").write_text("other: {}\n", encoding="utf-8")
    [problem] = _problems(small_rules)
    assert problem.startswith("E101") and "actor_types.yaml" in problem


def test_yml_files_are_rule_files_too(small_rules):
    (small_rules / "events" / "wombats.yaml").rename(small_rules / "events" / "wombats.yml")
    (small_rules / "lexicon.yaml").rename(small_rules / "lexicon.yml")
    (small_rules / "vocab" / "event_types.yaml").rename(small_rules / "vocab" / "event_types.yml")
    book = load_rulebook(small_rules)
    assert [r.id for r in book.rules("event")] == ["wombat-stampede"] and "number" in book.fragments


@pytest.mark.parametrize("pattern", ["\\\\b(a+)+$", "\\\\b((?:a+))+$", "\\\\b(a{2,})+$", "\\\\b(a|aa)+$", "\\\\b(?:{risky})+$"])
def test_backtracking_is_caught_after_fragment_expansion(small_rules, pattern):
    lexicon = small_rules / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("fragments:\n", "fragments:\n  risky: \"\\\\w+\\\\s*\"\n", 1),
                       encoding="utf-8")
    (small_rules / "events" / "wombats.yaml").write_text(GOOD_RULE.replace("\\\\bwombats?\\\\s+stampeded\\\\b", pattern),
                                                         encoding="utf-8")
    [problem] = _problems(small_rules)
    assert problem.startswith("E107") and "'wombat-stampede'" in problem


def test_a_broken_vocabulary_stops_the_cli_with_exit_4_not_a_traceback(small_rules, capsys):
    from pipeline.cli import main

    (small_rules / "vocab" / "vague_quantities.yaml").write_text("vague_quantities: !!python/name:os.system\n", encoding="utf-8")
    assert main(["rules", "lint", "--rules", str(small_rules)]) == 4
    assert main(["gazetteer", "--rules", str(small_rules), "--out", str(small_rules.parent / "gaz")]) == 4
    assert "E101" in capsys.readouterr().err


def test_decision_rows_must_name_sub_event_types(rules_copy):
    path = rules_copy / "decisions" / "event_types.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("applies_to: [Peaceful protest]", "applies_to: [Quiet picnic]"), encoding="utf-8")
    with pytest.raises(RuleBookError) as exc:
        load_rulebook(rules_copy)
    assert any("applies_to[0]" in p and "Quiet picnic" in p for p in exc.value.problems)


def test_decision_rows_cite_the_codebook(rules_copy):
    path = rules_copy / "decisions" / "event_types.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    codebook: ", "    source: ", 1), encoding="utf-8")
    with pytest.raises(RuleBookError) as exc:
        load_rulebook(rules_copy)
    assert any("codebook" in p for p in exc.value.problems)


def test_a_decision_row_needs_a_condition(rules_copy):
    (rules_copy / "decisions" / "empty.yaml").write_text("""
kind: decision
rules:
  - id: wombat-decision
    applies_to: [Attack]
    sets: {event_type: Battles, sub_event_type: Armed clash}
    codebook: "Battles / Armed clash: two organised armed groups fight."
""", encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E101") and "empty.yaml" in problem and "condition" in problem


def test_an_actor_named_after_a_group_must_capture_it(rules_copy):
    (rules_copy / "actors" / "group.yaml").write_text("""
kind: actor_pattern
rules:
  - id: wombat-militia
    actor: "{group} Wombat Militia ({country})"
    inter: 4
    patterns: ["\\\\bwombat\\\\s+militia\\\\b"]
""", encoding="utf-8")
    [problem] = _problems(rules_copy)
    assert problem.startswith("E101") and "group.yaml" in problem and "(?P<group>" in problem
