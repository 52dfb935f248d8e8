"""Associated actors: which side a named group joins, and how it is written (our own sentences)."""

from __future__ import annotations

import pytest

from pipeline.extract.associates import AssociateFinder
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

FINDER = AssociateFinder(load_vocabulary(DEFAULT_RULES_DIR).identities)

CASES = {
    "students protest": ("Hundreds of university students marched to parliament.", 6, None, "Kenya",
                         ("Students (Kenya)", None)),
    "rioting traders and teachers": ("Teachers and market traders burned tyres outside the county offices.", 5, 1,
                                     "Kenya", ("Teachers (Kenya); Traders (Kenya)", None)),
    "farmers attacked by gunmen": ("Gunmen killed four farmers in their fields.", 3, 7, "Nigeria",
                                   (None, "Farmers (Nigeria)")),
    "armed sides get none": ("Soldiers clashed with rebels near the miners' camp.", 1, 2, "Mali", (None, None)),
    "protesters keep their group even beside civilians": ("Taxi drivers marched through Lima.", 6, 7, "Peru",
                                                           ("Taxi Drivers (Peru)", None)),
    "rioters who beat traders": ("Rioters beat traders at the market.", 5, 7, "Kenya", (None, "Traders (Kenya)")),
    "no group named": ("Protesters gathered in the square.", 6, None, "Chile", (None, None)),
    "union workers, no country": ("Workers of the trade union struck outside the plant.", 6, None, None,
                                  ("Labor Group", None)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_named_groups_go_to_the_side_they_describe(case):
    text, inter1, inter2, country, expected = CASES[case]
    assert FINDER.assign(text, inter1, inter2, country) == expected


def test_words_are_whole_words():
    assert FINDER.groups("The studentship fund and womenswear shop reopened.") == []
