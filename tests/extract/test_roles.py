"""actor1/actor2 on short texts written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.roles import interaction


@pytest.mark.parametrize(("i1", "i2", "code"), [(1, 2, 12), (2, 1, 12), (3, 7, 37), (1, None, 10), (None, None, None)])
def test_interaction_is_the_two_codes_lower_first(i1, i2, code):
    assert interaction(i1, i2) == code


def _main(extractor, text, pub=dt.date(2024, 3, 5)):
    return extractor.extract("t", text, pub).mentions[0]


def test_a_claim_of_responsibility_names_the_perpetrator(extractor):
    m = _main(extractor, "A car bomb killed five people in Mogadishu on Monday. Al Shabaab claimed responsibility for the attack.")
    assert m["actor1"].startswith("Al Shabaab")


def test_passive_voice_author_is_actor1(extractor):
    m = _main(extractor, "Two farmers were shot dead by Fulani militiamen near Jos, Nigeria, on Sunday.")
    assert m["actor2"] == "Civilians (Nigeria)"
    assert m["actor1"] and "Civilians" not in m["actor1"]


def test_protest_crowd_is_named_by_convention(extractor):
    m = _main(extractor, "Hundreds of traders protested in Kampala, Uganda, on Monday against new taxes.")
    assert m["actor1"] == "Protesters (Uganda)" and m["inter1"] == "Protesters" and m["inter1_code"] == 6


def test_a_group_named_in_a_claim_is_kept_as_written(extractor):
    m = _main(extractor, "A bomb exploded at a bus station in Quetta, Pakistan, on Monday, killing three people. "
                         "A group calling itself the Northern Liberation Front claimed the bombing.")
    assert m["actor1"] == "Northern Liberation Front"
