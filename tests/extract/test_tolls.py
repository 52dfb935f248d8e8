"""How the figures of several fatality phrases combine into one toll."""

from __future__ import annotations

import datetime as dt


def _toll(extractor, text):
    return extractor.extract("t", text, dt.date(2024, 3, 5)).mentions[0]["fatalities"]


def test_a_subset_is_not_added_to_the_toll(extractor):
    assert _toll(extractor, "Gunmen killed 12 villagers in Zamfara, Nigeria, on Monday, including three children.") == 12


def test_a_stated_total_wins(extractor):
    text = ("A bomb killed eight people in a market in Maiduguri, Nigeria, on Monday. "
            "The death toll rose to 15 on Tuesday, officials said.")
    assert _toll(extractor, text) == 15


def test_killed_and_wounded_are_kept_apart(extractor):
    m = extractor.extract("t", "A roadside bomb killed four soldiers and wounded 20 others at a checkpoint in Mogadishu on Monday.",
                          dt.date(2024, 3, 5)).mentions[0]
    assert m["injuries"] == 20 and m["fatalities"] == 4
