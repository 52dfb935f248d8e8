"""Gazetteer build helpers."""

from __future__ import annotations

import pytest

from pipeline.geo.build import admin2_short_name


@pytest.mark.parametrize("raw, short", [
    ("Province du Ganzourgou", "Ganzourgou"),
    ("Province de la Kompienga", "Kompienga"),
    ("Municipio de Chajul", "Chajul"),
    ("Dera Ghazi Khan District", "Dera Ghazi Khan"),
    ("Kozelshchyna Raion", "Kozelshchyna"),
    ("Tapoa", "Tapoa"),
])
def test_second_level_units_are_matched_by_their_own_name(raw, short):
    assert admin2_short_name(raw) == short
