"""A word alternation tried only where its words begin finds what the plain regex finds."""

from __future__ import annotations

import pytest

from pipeline.extract.word_alternation import alternation_regex, word_alternation


@pytest.mark.parametrize("text", [
    "Equatorial Guinean and Guinean troops; a Guineans' march",
    "Nigerians, Nigerian-born, xNigerian, Nigerian",
    "no demonym here",
    "",
])
def test_the_same_matches_as_the_regex(text):
    words = {"Guinean": "GIN", "Guineans": "GIN", "Equatorial Guinean": "GNQ", "Nigerian": "NGA"}
    found = [(m.span(), m.group(1)) for m in word_alternation(words).finditer(text)]
    assert found == [(m.span(), m.group(1)) for m in alternation_regex(words).finditer(text)]


def test_no_words_no_alternation():
    assert word_alternation({}) is None
