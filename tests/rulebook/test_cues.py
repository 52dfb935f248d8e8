"""Cue lists (rules/cues/) are validated like rules: schema, regex, fragments, and their own
examples, each problem naming file and cue. Every cue the extractor reads exists, and every
cue in rules/cues/ is read by some module."""

from __future__ import annotations

import dataclasses
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.extract import actors, article, date_ranges, dates, numbers, places, roles, sentences, tolls  # noqa: F401
from pipeline.geo import build, online  # noqa: F401 - their CueSets must be defined
from pipeline.ingest import dumps, pubdate  # noqa: F401
from pipeline.rulebook import RuleBookError, load_rulebook
from pipeline.rulebook.cues import CueSet, bind, cue_id, example_failures
from pipeline.rulebook.lint import lint
from pipeline.vocab import DEFAULT_RULES_DIR

GOOD_CUE = """
kind: cue
cues:
  - id: wombat-sighting
    description: "A wombat seen somewhere ('a wombat was seen')."
    pattern: '\\bwombats?\\s+(?:was|were)\\s+seen\\b'
    examples:
      match: ["A wombat was seen near the bridge."]
      no_match: ["A wombat was heard."]
"""


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, dst)
    return dst


def _write(rules_dir: Path, text: str) -> None:
    (rules_dir / "cues" / "wombats.yaml").write_text(text, encoding="utf-8")


def _load_problems(rules_dir: Path) -> list[str]:
    with pytest.raises(RuleBookError) as exc:
        load_rulebook(rules_dir)
    return exc.value.problems


def test_a_valid_cue_file_loads(rules_copy):
    _write(rules_copy, GOOD_CUE)
    book = load_rulebook(rules_copy)
    assert book.cues["wombat-sighting"].regex.search("Two wombats were seen.")
    assert lint(rules_copy)[1] == []


def test_a_cue_whose_example_fails_is_reported_by_lint(rules_copy):
    _write(rules_copy, GOOD_CUE.replace("was heard", "was seen at dusk"))
    _, problems = lint(rules_copy)
    [problem] = problems
    assert problem.startswith("E108") and "wombats.yaml" in problem and "'wombat-sighting'" in problem
    assert "no_match" in problem and "was seen at dusk" in problem


def test_a_match_example_can_say_what_the_cue_finds(rules_copy):
    _write(rules_copy, GOOD_CUE.replace('match: ["A wombat was seen near the bridge."]',
                                        'match: [{text: "A wombat was seen.", finds: "wombat was"}]'))
    [problem] = lint(rules_copy)[1]
    assert problem.startswith("E108") and "finds 'wombat was seen', not 'wombat was'" in problem


def test_a_cue_without_examples_is_reported(rules_copy):
    _write(rules_copy, GOOD_CUE.split("    examples:")[0])
    [problem] = lint(rules_copy)[1]
    assert problem.startswith("E106") and "'wombat-sighting'" in problem


def test_a_cue_that_matches_any_text_shows_where_it_stops(rules_copy):
    # A cue that can match the empty text is found in every no_match text: a `finds` example
    # is what shows the words it does not take.
    loose = GOOD_CUE.replace("'\\bwombats?\\s+(?:was|were)\\s+seen\\b'", "'(?:(?!\\bseen)[^.])*'")
    _write(rules_copy, loose.replace('      no_match: ["A wombat was heard."]\n', ""))
    [problem] = lint(rules_copy)[1]
    assert problem.startswith("E106")
    _write(rules_copy, loose.replace('      no_match: ["A wombat was heard."]\n', "").replace(
        '["A wombat was seen near the bridge."]', '[{text: "A wombat was seen.", finds: "A wombat was "}]'))
    assert lint(rules_copy)[1] == []


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (("\\s+seen", "\\s+(seen"), "E102", "pattern"),  # unbalanced bracket
        (("\\s+seen", "\\s+{wombat_verb}"), "E105", "pattern"),  # no such fragment
        (("pattern:", "patern:"), "E101", "patern"),  # unknown key
        (("wombat-sighting", "Wombat Sighting"), "E101", "kebab-case"),
    ],
)
def test_invalid_cues_are_rejected_naming_file_and_field(rules_copy, edit, code, field):
    _write(rules_copy, GOOD_CUE.replace(*edit))
    [problem] = _load_problems(rules_copy)
    assert problem.startswith(code) and "wombats.yaml" in problem and field in problem


def test_a_cue_id_clashing_with_a_rule_id_is_an_error(rules_copy):
    _write(rules_copy, GOOD_CUE.replace("wombat-sighting", "toll-across"))
    [problem] = _load_problems(rules_copy)
    assert problem.startswith("E103") and "toll-across" in problem


def test_a_cue_set_names_the_cues_it_lacks(rulebook):
    @dataclass(frozen=True)
    class WombatCues(CueSet):
        PREFIX = "wombat"
        sighting: re.Pattern

    with pytest.raises(KeyError, match="wombat-sighting"):
        bind(WombatCues, rulebook.cues)


def _cue_sets() -> list[type[CueSet]]:
    return CueSet.__subclasses__()


@pytest.mark.parametrize("cls", _cue_sets(), ids=lambda c: c.__name__)
def test_every_cue_a_module_reads_is_in_the_rule_book(rulebook, cls):
    cues = rulebook.cue_set(cls)
    assert all(isinstance(getattr(cues, f.name), re.Pattern) for f in dataclasses.fields(cls))


def test_every_cue_in_the_rule_book_is_read_by_a_module(rulebook):
    read = {cue_id(cls, f.name) for cls in _cue_sets() for f in dataclasses.fields(cls)}
    assert set(rulebook.cues) - read == set()


def test_every_cue_passes_its_own_examples(rulebook):
    # `rules lint` runs the same check; here each failure is listed by cue id.
    failures = [p for cue in rulebook.cues.values() for p in example_failures(cue)]
    assert failures == []


def test_the_rule_book_never_imports_the_extractor():
    # The rule book sits below the extractor (issue #15): the cues' own examples run here
    # because they need only their regex; a rule's examples run in pipeline/extract.
    import ast

    from tests.conftest import ROOT

    for path in (ROOT / "pipeline" / "rulebook").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith("pipeline.extract")], path.name
