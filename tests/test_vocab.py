"""ACLED's text labels for actor types and the scale of news sources come from rules/vocab."""

from __future__ import annotations

import pytest

from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary(DEFAULT_RULES_DIR)


@pytest.mark.parametrize(("c1", "c2", "label"), [
    (2, 1, "State forces-Rebel group"), (1, 7, "State forces-Civilians"), (6, None, "Protesters only"),
    (None, None, None), (8, 8, "External/Other forces-External/Other forces"),
])
def test_interaction_labels_name_both_actor_types_lower_code_first(vocab, c1, c2, label):
    assert vocab.interaction_label(c1, c2) == label


def test_inter_labels_are_acleds_current_export_labels(vocab):
    assert [vocab.inter_label(c) for c in range(1, 9)] == [
        "State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters", "Civilians",
        "External/Other forces"]


def test_source_scale_joins_known_scales_in_order_and_ignores_unknown_sources(vocab):
    assert vocab.source_scale(["Reuters"]) == "International"
    assert vocab.source_scale(["associated press", "Daily Nation", "A blog nobody knows"]) == "National-International"
    assert vocab.source_scale(["A blog nobody knows"]) is None


def test_a_community_is_named_by_its_label_whatever_the_spelling():
    vocab = load_vocabulary()
    assert vocab.community_label("Maasais") == "Maasai"
    assert vocab.community_label("PEUL") == "Fulani"
    assert vocab.community_label("tribal") == "Ethnic"
    assert vocab.community_label("Kampala") is None


def test_only_a_peaceful_protest_is_one_sided():
    vocab = load_vocabulary()
    assert [s for s in vocab.sub_event_types if vocab.one_sided(s)] == ["Peaceful protest"]


def test_a_country_is_named_as_it_was_on_the_day(rulebook):
    import datetime as dt

    vocab = rulebook.vocab
    assert vocab.country_on("SWZ", dt.date(1982, 6, 17)).name == "Swaziland"
    assert vocab.country_on("SWZ", dt.date(2019, 1, 1)).name == vocab.countries["SWZ"].name
    # Kosovo in 1999 was part of Serbia, itself then the Federal Republic of Yugoslavia.
    assert (vocab.country_on("XKX", dt.date(1999, 5, 1)).iso3, vocab.country_on("XKX", dt.date(1999, 5, 1)).name) == ("SRB", "Yugoslavia")
    assert vocab.country_on("XKX", None).iso3 == "XKX"


def test_a_front_line_holds_in_its_units_and_span_only(rulebook):
    import datetime as dt

    vocab = rulebook.vocab
    assert vocab.front_line("UKR", "Donetsk", dt.date(2020, 5, 4)).id == "donbas"
    assert vocab.front_line("UKR", None, dt.date(2020, 5, 4)).id == "donbas"  # the unit unknown
    assert vocab.front_line("UKR", "Kherson", dt.date(2020, 5, 4)) is None
    assert vocab.front_line("UKR", "Donetsk", dt.date(2023, 5, 4)) is None  # after the span
    assert vocab.front_line("UKR", "Donetsk", None) is None
