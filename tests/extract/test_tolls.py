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


def test_a_victim_list_sums_its_items(extractor):
    text = "Gunmen ambushed a car near Quetta, Pakistan, on Monday and killed a judge, his two sons, a driver and a guard."
    assert _toll(extractor, text) == 5


def test_an_apposition_in_a_victim_list_is_not_another_victim(extractor):
    text = "Gunmen shot and killed Omar Hadi, the head of the finance office, and his driver in Kirkuk, Iraq, on Monday."
    assert _toll(extractor, text) == 2


def test_a_passive_count_after_a_long_description(extractor):
    text = ("Six farmers from Dogon Noma village in Kaduna state, Nigeria -- 30 km from Kafanchan -- "
            "were hacked to death by gunmen on Monday.")
    assert _toll(extractor, text) == 6


def test_a_fallback_victim_counts_when_nothing_else_was_stated(extractor):
    text = "A district prosecutor was shot to death outside his home in Kandahar, Afghanistan, on Monday."
    assert _toll(extractor, text) == 1


def test_a_fallback_victim_is_not_added_to_a_stated_toll(extractor):
    text = ("A bomb killed nine people at a market in Kandahar, Afghanistan, on Monday. "
            "A local elder, who was killed in the blast, had survived an earlier attack.")
    assert _toll(extractor, text) == 9


def test_no_casualties_blocks_a_fallback_victim(extractor):
    text = ("Militants bombed the house of a police captain in Mosul, Iraq, on Monday. The captain was killed by gunmen "
            "months ago. No casualties were reported in the bombing.")
    assert _toll(extractor, text) == 0


def test_captives_killed_in_the_next_sentence(extractor):
    text = "Gunmen abducted five engineers in Zabul, Afghanistan, on Monday. The hostages were executed a day later."
    assert _toll(extractor, text) == 5


def test_attackers_counted_when_only_they_died(extractor):
    text = ("Two suicide bombers detonated near a market in Mora, Cameroon, on Monday. "
            "There were no casualties apart from the two bombers.")
    assert _toll(extractor, text) == 2


def test_a_range_is_coded_at_its_lower_end(extractor):
    m = extractor.extract("t", "Between 14 and 18 people were killed when gunmen attacked a bus in Tillaberi, Niger, on Monday.",
                          dt.date(2024, 3, 5)).mentions[0]
    assert (m["fatalities"], m["fatalities_low"], m["fatalities_high"]) == (14, 14, 18)


def test_a_count_split_from_its_kill_verb_by_a_bracketed_date(extractor):
    text = "Eleven traders were Monday [3 June] evening killed by bandits on the road to Funtua, Nigeria."
    assert _toll(extractor, text) == 11


def test_a_markup_tag_before_the_kill_verb_keeps_the_count(extractor):
    text = "At least 14 villagers were <b>killed</b> when gunmen raided Kwall village in Plateau state, Nigeria, on Monday."
    assert _toll(extractor, text) == 14


def test_shot_n_of_them_dead(extractor):
    text = "Gunmen attacked a group of miners near Mazar-i-Sharif, Afghanistan, on Monday, shooting six of them dead."
    assert _toll(extractor, text) == 6


def test_one_victim_after_a_dated_auxiliary(extractor):
    text = "A local chief, Ibrahim Sule, was last Friday, May 8, 2015 reportedly killed by gunmen in Lafia, Nigeria."
    assert _toll(extractor, text) == 1


def test_a_toll_split_between_events_takes_the_nearest_share(extractor):
    text = ("On 3 May 2021, militias clashed near Jos, Nigeria, and 14 fighters were killed. "
            "Fatalities split between three events.")
    assert _toll(extractor, text) == 5


def test_a_single_death_split_between_two_events_is_kept(extractor):
    text = ("On 3 May 2021, herders and farmers clashed near Lafia, Nigeria. Dozens were injured and 1 killed. "
            "Fatalities split between 2 events.")
    assert _toll(extractor, text) == 1


def test_a_death_during_a_protest_counts_for_the_protest(extractor):
    text = ("On 2 June 2021, traders marched in Aleppo, Syria, against new taxes. During the protest, "
            "guards opened fire, killing a marcher.")
    assert _toll(extractor, text) == 1


def test_a_digit_one_before_a_singular_victim(extractor):
    text = "On 5 June 2021, unknown gunmen shot and killed 1 shopkeeper in Herat city, Afghanistan."
    assert _toll(extractor, text) == 1


def test_a_count_of_militia_killed(extractor):
    text = "On 5 June 2021, villagers in Wajir, Kenya, shot dead four Degodia militia in a revenge raid."
    assert _toll(extractor, text) == 4


def test_killed_injured_or_captured_is_no_toll(extractor):
    text = ("On 3 May 2021, 4 PKK militants were killed, injured or captured during security operations "
            "carried out by the gendarmerie in Kagizman district, Kars, Turkey.")
    assert _toll(extractor, text) == 0


def test_the_coders_closing_note_outranks_reported_figures(extractor):
    text = ("On 9 June 2021, in Soyapango, San Salvador, two teenagers were shot to death by masked men. "
            "A bystander was hurt. The motive is not known. No arrests were made. 2 fatalities.")
    assert _toll(extractor, text) == 2


def test_a_killing_the_victim_was_accused_of_is_no_toll(extractor):
    text = "On 3 June 2021, a mob in Kisii, Kenya, lynched a man accused of killing three herders."
    assert _toll(extractor, text) == 1


def test_a_march_carrying_coffins_of_earlier_victims_has_no_toll(extractor):
    text = ("On 6 June 2021, hundreds of students protested in Basra, Iraq, carrying the coffins of "
            "three activists killed last month.")
    assert _toll(extractor, text) == 0


def test_a_toll_coded_separately_is_another_events(extractor):
    text = ("On 5 August 2024, students marched in Rajshahi, Bangladesh, carrying the bodies of "
            "3 marchers killed in Rajshahi (coded separately), and demanded the minister resign.")
    assert _toll(extractor, text) == 0


def test_one_fatality_split_among_many_events_rounds_to_none(extractor):
    text = ("On 2 May 2021, separatists shelled army positions near Avdiivka, Donetsk. One soldier was "
            "killed that day [1 fatality split among 9 events].")
    assert _toll(extractor, text) == 0


def test_a_range_written_between_n_to_n_keeps_its_low_end(extractor):
    m = extractor.extract("t", "On 3 May 2023, troops killed between 2 to 4 rebel fighters near Deir ez-Zor.", None).mentions[0]
    assert (m["fatalities"], m["fatalities_low"], m["fatalities_high"]) == (2, 2, 4)


def test_a_date_opening_the_sentence_is_not_a_victim(extractor):
    text = "On 6 June 2021, one Chadian soldier and three rebels were reportedly killed in fighting near Ouallam."
    assert _toll(extractor, text) == 4


def test_a_kill_count_is_not_read_as_an_injury_count(extractor):
    text = "On 6 June 2021, rebels ambushed a convoy near Kidal and killed 9 soldiers while others were wounded."
    assert _toll(extractor, text) == 9


def test_a_bare_count_after_a_full_stop_belongs_to_its_own_sentence(extractor):
    text = ("Gunmen attacked three villages near Djibo and killed eight people. "
            "Four were killed in Gasseliki, while two died in Silgadji.")
    assert _toll(extractor, text) == 8


def test_a_coded_figure_with_injuries_split_between_locations(extractor):
    text = ("On 3 May 2021, Houthi forces shelled villages near Hays, Yemen. Unknown number of fatalities "
            "and injuries coded as 10, split between three locations.")
    assert _toll(extractor, text) == 3


def test_a_figure_called_unverified_gives_way_to_a_reported_one(extractor):
    text = ("On 4 June 2021, militants ambushed a patrol near Arbinda, Burkina Faso, killing three soldiers. "
            "The army said 30 militants were killed in the response. The figures could not be independently verified.")
    assert _toll(extractor, text) == 3


def test_a_figure_called_unverified_counts_when_it_is_the_only_one(extractor):
    text = ("On 4 June 2021, troops raided a camp near Arbinda, Burkina Faso, and said 30 militants were killed. "
            "The figures could not be independently verified.")
    assert _toll(extractor, text) == 30


def test_other_victims_in_a_later_sentence_add_up(extractor):
    text = ("On 2 June 2021, 3 soldiers were killed in an ambush near Faizabad, Afghanistan. "
            "2 other soldiers were killed when reinforcements arrived.")
    assert _toll(extractor, text) == 5


def test_a_summary_toll_is_not_added_to_its_breakdown(extractor):
    text = ("Bombs across Iraq killed 20 people on Monday. A blast in Kirkuk killed eight people. "
            "A car bomb in Hilla killed five other people.")
    assert _toll(extractor, text) == 20


def test_a_wounded_victim_who_later_died_is_the_only_death(extractor):
    text = "Militants attacked a checkpoint near Dori, wounding a boy and a policeman who later died of his wounds."
    assert _toll(extractor, text) == 1


def test_killings_the_victim_is_alleged_to_have_committed_are_no_toll(extractor):
    text = "A militia leader was shot dead by soldiers near Beni. He is alleged to have killed many civilians."
    assert _toll(extractor, text) == 1


def test_a_death_when_police_fire_against_rioters_counts_for_the_riot(extractor):
    text = ("On 2 June 2021, a mob of residents tried to lynch a thief in Butembo, DR Congo, when police "
            "fired against the rioters, killing 1 man.")
    assert _toll(extractor, text) == 1


def test_buildings_left_burnt_are_not_victims(extractor):
    text = "Troops killed 6 militants near Fallujah and left 9 warehouses burnt."
    assert _toll(extractor, text) == 6


def test_a_misspelt_kill_verb(extractor):
    text = "On 4 June 2021, militants attacked a base near Jowhar. Four militants and two soldiers were killled."
    assert _toll(extractor, text) == 6


def test_captives_named_at_length_then_executed(extractor):
    text = ("On 3 June 2021, gunmen abducted three elders of the Dogon community, including the imam of Sangha, "
            "the deputy mayor of Bandiagara and the chief of Dourou, executed them and left their bodies on the road.")
    assert _toll(extractor, text) == 3


def test_some_of_the_captives_killed_is_not_all_of_them(extractor):
    text = ("Militants abducted 20 police officers in Maiwand, Kandahar. At least six of the officers "
            "were killed and the others were released.")
    assert _toll(extractor, text) == 6


def test_one_of_them_died(extractor):
    text = ("On 3 June 2021, a shell hit a house in Hpruso, Kayah, where two sisters lived. "
            "One of them died and the other was hurt.")
    assert _toll(extractor, text) == 1
