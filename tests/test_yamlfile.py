"""The one YAML reader of rule files: safe, and strict about keys given twice."""

from __future__ import annotations

import pytest
import yaml

from pipeline.vocab import parse_rule_yaml
from pipeline.yamlfile import load_yaml


def test_plain_data_loads():
    assert load_yaml("admin1_names:\n  BLR: {Horad Minsk: Minsk}\n") == {"admin1_names": {"BLR": {"Horad Minsk": "Minsk"}}}


def test_a_key_given_twice_in_one_mapping_is_an_error():
    with pytest.raises(yaml.YAMLError, match="'BLR' twice"):
        load_yaml("admin1_names:\n  BLR: {Horad Minsk: Minsk}\n  BLR: {Grodnenskaya: Grodno}\n")


def test_the_same_key_in_different_mappings_is_fine():
    assert load_yaml("a: {BLR: 1}\nb: {BLR: 2}\n") == {"a": {"BLR": 1}, "b": {"BLR": 2}}


def test_a_duplicate_key_is_a_coded_error_naming_the_file():
    doc, problem = parse_rule_yaml(b"x: 1\nx: 2\n", "rules/vocab/example.yaml")
    assert doc == {} and problem.startswith("E101 rules/vocab/example.yaml") and "twice" in problem


def test_tags_build_nothing():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
