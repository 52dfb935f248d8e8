"""Ingest's words (rules/ingest/cues.yaml) and the gazetteer build's (rules/gazetteer/cues.yaml)
are cue files read apart from the rule book: checked by `rules lint` like every cue, read by
their own stage alone, and part of that stage's key (DVC deps, the gazetteer's cache key)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.cli import main
from pipeline.errors import RuleFilesError
from pipeline.geo.build import load_build_cues
from pipeline.geo.cache import cache_key
from pipeline.ingest.cues import load_ingest_cues
from pipeline.rulebook import RuleBookError, load_rulebook
from pipeline.rulebook.lint import lint
from pipeline.vocab import DEFAULT_RULES_DIR
from tests.conftest import ROOT

DUMP = """Floods close the valley road
Floods close the valley road
Water rose over the road on Tuesday, officials said.
Source link
#floods
Second headline here
Second headline here
A bridge was closed.
"""


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_lint_reports_a_failing_ingest_cue_example(rules_copy):
    _edit(rules_copy / "ingest" / "cues.yaml", "- 'Source linked'", "- 'SOURCE LINK'")
    _, problems = lint(rules_copy)
    [problem] = problems
    assert problem.startswith("E108") and "rules/ingest/cues.yaml" in problem and "'dump-footer'" in problem
    assert main(["rules", "lint", "--rules", str(rules_copy)]) == 4


def test_lint_reports_a_failing_gazetteer_cue_example(rules_copy):
    _edit(rules_copy / "gazetteer" / "cues.yaml", "- 'Provincetown'", "- 'Province of Lakes'")
    [problem] = lint(rules_copy)[1]
    assert problem.startswith("E108") and "rules/gazetteer/cues.yaml" in problem and "'admin-unit-prefix'" in problem


def test_an_ingest_cue_sees_only_its_own_fragments(rules_copy):
    # {number_word} is in rules/lexicon.yaml; ingest does not read the lexicon, so neither may its cues.
    _edit(rules_copy / "ingest" / "cues.yaml", "pattern: '^\\s*source link\\s*$'", "pattern: '{number_word} source link'")
    with pytest.raises(RuleBookError) as book_exc:
        load_rulebook(rules_copy)
    with pytest.raises(RuleFilesError) as ingest_exc:
        load_ingest_cues(rules_copy)
    for problems in (book_exc.value.problems, ingest_exc.value.problems):
        assert any(p.startswith("E105") and "rules/ingest/cues.yaml" in p and "'dump-footer'" in p for p in problems)


def test_a_rule_file_in_a_folder_read_apart_is_an_error(rules_copy):
    shutil.copy(rules_copy / "filters.yaml", rules_copy / "ingest" / "filters.yaml")
    with pytest.raises(RuleBookError) as exc:
        load_rulebook(rules_copy)
    assert any(p.startswith("E101") and "rules/ingest/filters.yaml" in p and "kind: cue" in p for p in exc.value.problems)


def test_ingest_reads_its_cues_from_the_rules_option_and_no_other_rule_file(rules_copy, tmp_path):
    # Every extraction rule broken: ingest neither loads nor needs them.
    for path in (rules_copy / "events").glob("*.yaml"):
        path.write_text("kind: event\nrules: [{id: Broken}]\n", encoding="utf-8")
    (rules_copy / "lexicon.yaml").write_text("fragments: [not, a, mapping]\n", encoding="utf-8")
    dump = tmp_path / "dump.txt"
    dump.write_text(DUMP, encoding="utf-8")
    out, report = tmp_path / "articles.parquet", tmp_path / "ingest.json"
    assert main(["ingest", str(dump), "--out", str(out), "--report", str(report), "--rules", str(rules_copy)]) == 0
    assert len(pd.read_parquet(out)) == 2
    # The footer's word is read from the copy: renamed there, the dump is no longer split at it.
    _edit(rules_copy / "ingest" / "cues.yaml", "'^\\s*source link\\s*$'", "'^\\s*origin link\\s*$'")
    _edit(rules_copy / "ingest" / "cues.yaml", "- 'Source link'\n        - '  SOURCE LINK '", "- 'Origin link'")
    assert main(["ingest", str(dump), "--out", str(out), "--report", str(report), "--rules", str(rules_copy)]) == 0
    assert "Source link" in " ".join(pd.read_parquet(out)["text"])


def test_the_dvc_ingest_stage_depends_on_no_extraction_rule():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    rule_deps = {name: [d for d in stage.get("deps", []) if str(d).startswith("rules")] for name, stage in stages.items()}
    assert rule_deps["ingest"] == ["rules/ingest/cues.yaml"]
    assert "rules/gazetteer/cues.yaml" in rule_deps["gazetteer"]


def test_the_build_words_are_part_of_the_gazetteer_key(rules_copy):
    before = cache_key(rules_copy)
    assert cache_key(rules_copy) == before
    _edit(rules_copy / "gazetteer" / "cues.yaml", "|lga|", "|lga|borough|")
    assert cache_key(rules_copy) != before
    assert load_build_cues(rules_copy).suffix.search("Northmoor Borough")
