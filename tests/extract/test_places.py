"""Place resolution on short texts written for these tests (invented events, real places)."""

from __future__ import annotations

import datetime as dt

import pytest

PUB = dt.date(2021, 5, 3)


def _place(extractor, text):
    result = extractor.extract("t", text, PUB)
    assert result.mentions, text
    m = result.mentions[0]
    return m["country"], m["admin1"], m["location"], m["geo_precision"]


def test_a_province_named_without_a_town_places_the_event_in_it(extractor):
    country, admin1, location, precision = _place(
        extractor, "Gunmen burned a school and killed two teachers near a hamlet in Soum Province.")
    assert (country, admin1, location, precision) == ("Burkina Faso", "Sahel", "Soum", 2)


def test_a_district_in_brackets_after_an_unknown_village_places_it(extractor):
    country, admin1, _, _ = _place(extractor, "Armed men killed three herders in Gnaremi (Tapoa) on Sunday.")
    assert (country, admin1) == ("Burkina Faso", "Est")


def test_a_county_missing_from_the_town_tables_is_still_a_place(extractor):
    country, admin1, _, precision = _place(extractor, "Police shot dead a trader during a protest in Vihiga County.")
    assert (country, admin1, precision) == ("Kenya", "Vihiga", 3)


def test_a_town_after_in_outweighs_a_foreign_group_s_home_country(extractor):
    country, admin1, location, _ = _place(extractor, "Al-Shabaab militants killed two police officers in Wajir on Monday.")
    assert (country, admin1, location) == ("Kenya", "Wajir", "Wajir")


def test_units_after_a_town_of_another_country_overrule_it(extractor):
    country, admin1, _, _ = _place(
        extractor, "Rival supporters clashed and injured nine people in Raiganj town (Sirajganj, Rajshahi).")
    assert (country, admin1) == ("Bangladesh", "Rajshahi")


def test_units_after_a_town_pick_its_namesake_in_them(extractor):
    country, admin1, location, precision = _place(
        extractor, "On 6 May 2021, an airstrike killed four militants in Baharak district, Takhar.")
    assert (country, admin1, location, precision) == ("Afghanistan", "Takhar", "Baharak", 2)


@pytest.mark.parametrize("text, location", [
    ("Gunmen shot dead a tribal elder in Qala Shahi, Kunduz, Afghanistan.", "Qala Shahi"),
    ("A bomb killed three farmers in Tor Ghar, Spin Boldak, Kandahar, Afghanistan.", "Tor Ghar"),
])
def test_an_ungazetteered_locality_before_its_units_is_named(extractor, text, location):
    country, _, found, precision = _place(extractor, text)
    assert (country, found, precision) == ("Afghanistan", location, 2)


def test_a_month_in_a_wire_dateline_is_no_town(extractor):
    country, _, location, _ = _place(
        extractor, "SAN SALVADOR, 9 NOV 89 (AFP) -- [TEXT] URBAN GUERRILLAS KILLED TWO GUARDS AT A BRIDGE IN DOWNTOWN "
                   "SAN SALVADOR TODAY.")
    assert (country, location) == ("El Salvador", "San Salvador")


def test_a_surname_in_capitals_does_not_beat_the_dateline(extractor):
    country, _, _, _ = _place(
        extractor, "SAN SALVADOR, 4 DEC 89 (DPA) -- [TEXT] MSGR MARIO RIVERA TOLD REPORTERS TODAY THAT GUNMEN KILLED "
                   "THREE CATECHISTS.")
    assert country == "El Salvador"


def test_a_place_name_after_a_title_is_a_person(extractor):
    country, _, _, _ = _place(
        extractor, "Colonel Andres Vargas said rebels killed four soldiers in an ambush near Cojutepeque.")
    assert country == "El Salvador"


def test_an_acronym_is_no_town(extractor):
    country, _, location, _ = _place(
        extractor, "A bomb planted under the car of an NGO worker killed him in Diwaniya city on Sunday.")
    assert country == "Iraq" and location != "Ngo"


def test_a_region_named_like_a_people_casts_no_vote(extractor):
    country, _, _, _ = _place(extractor, "Two explosions killed seven people in the Somali town of Baidoa.")
    assert country == "Somalia"
