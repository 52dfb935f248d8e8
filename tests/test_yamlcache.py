import datetime as dt

import pytest
import yaml

from pipeline import yamlcache
from pipeline.vocab import DEFAULT_RULES_DIR, RULE_SUFFIXES
from pipeline.yamlfile import load_yaml


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_EVENTS_CACHE", str(tmp_path))
    monkeypatch.delenv("CONFLICT_EVENTS_YAML_CACHE", raising=False)
    return tmp_path / "conflict-events" / "rulebook" / "yaml"


def _entries(folder):
    return sorted(folder.glob("*.marshal"))


def test_every_rule_file_comes_back_equal_from_the_cache(cache_root):
    files = [p for p in sorted(DEFAULT_RULES_DIR.rglob("*")) if p.suffix in RULE_SUFFIXES]
    for path in files:
        raw = path.read_bytes()
        first = yamlcache.load_rule_document(raw)  # parsed and stored
        again = yamlcache.load_rule_document(raw)  # read back
        assert first == again == load_yaml(raw.decode("utf-8")), path
    assert len(_entries(cache_root)) == len({p.read_bytes() for p in files})


def test_dates_keep_their_type_and_key_order_is_kept(cache_root):
    raw = b"b: 2024-03-01\na: [1, 2.5, null, true, x]\n2020-01-02: k\n"
    yamlcache.load_rule_document(raw)
    doc = yamlcache.load_rule_document(raw)
    assert doc == {"b": dt.date(2024, 3, 1), "a": [1, 2.5, None, True, "x"], dt.date(2020, 1, 2): "k"}
    assert list(doc) == ["b", "a", dt.date(2020, 1, 2)]


def test_each_read_gives_a_fresh_document(cache_root):
    raw = b"rules: [{id: a}]\n"
    yamlcache.load_rule_document(raw)
    yamlcache.load_rule_document(raw)["rules"].append("changed")
    assert yamlcache.load_rule_document(raw) == {"rules": [{"id": "a"}]}


def test_a_damaged_entry_is_parsed_again_and_rewritten(cache_root):
    raw = b"a: 1\n"
    yamlcache.load_rule_document(raw)
    (entry,) = _entries(cache_root)
    data = bytearray(entry.read_bytes())
    data[-2] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert yamlcache.load_rule_document(raw) == {"a": 1}
    assert yamlcache._read(entry) == ({"a": 1},)


def test_an_edited_file_has_its_own_entry(cache_root):
    assert yamlcache.load_rule_document(b"a: 1\n") == {"a": 1}
    assert yamlcache.load_rule_document(b"a: 2\n") == {"a": 2}
    assert len(_entries(cache_root)) == 2


def test_a_document_with_other_types_is_not_kept(cache_root):
    raw = b"when: 2024-03-01 10:00:00\n"
    assert yamlcache.load_rule_document(raw) == {"when": dt.datetime(2024, 3, 1, 10)}
    assert _entries(cache_root) == []


def test_invalid_yaml_raises_as_before_and_is_not_kept(cache_root):
    with pytest.raises(yaml.YAMLError):
        yamlcache.load_rule_document(b"a: [1\n")
    assert _entries(cache_root) == []


def test_the_cache_can_be_turned_off(cache_root, monkeypatch):
    monkeypatch.setenv("CONFLICT_EVENTS_YAML_CACHE", "off")
    assert yamlcache.load_rule_document(b"a: 1\n") == {"a": 1}
    assert not cache_root.exists()
