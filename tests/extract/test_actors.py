"""Named groups found by the dictionary automaton carry the countries they point to."""

from __future__ import annotations

from pipeline.extract.actors import ActorMatcher
from pipeline.textfold import fold


def test_a_cross_border_group_points_to_home_and_operating_countries(rulebook):
    text = "Al Shabaab fighters raided a police post near the border."
    [hit] = [h for h in ActorMatcher(rulebook).find(text, fold(text), None) if h.rule_id == "al-shabaab"]
    assert hit.countries[0] == "SOM" and "KEN" in hit.countries


def test_a_kenyan_town_stands_against_the_group_home_country(extractor):
    text = "Grenade attack on Garissa church blamed on Al Shabaab militants kills two worshippers."
    [m] = extractor.extract("t1", text, None).mentions
    # Supported by the group's operating country, not kept only as an unsupported lone town.
    assert m["country"] == "Kenya" and m["location"] == "Garissa" and "gazetteer-town" in m["rule_ids"]
