"""How the figures of several fatality phrases combine into one toll."""

from __future__ import annotations

import datetime as dt

import pytest


def _toll(extractor, text):
    return extractor.extract("t", text, dt.date(2024, 3, 5)).mentions[0]["fatalities"]


# One article each and the toll its mention carries; each case names the convention it pins down.
TOLLS = [
    pytest.param("On 3 May 2004, gunmen burned a clinic in Gitega, a reminder of the civil war that killed "
                 "300,000 people in Burundi.",
                 0, id="a-wars-total-in-a-relative-clause-is-background"),
    pytest.param("Gunmen killed 12 villagers in Zamfara, Nigeria, on Monday, including three children.",
                 12, id="a-subset-is-not-added-to-the-toll"),
    pytest.param("A bomb killed eight people in a market in Maiduguri, Nigeria, on Monday. "
                 "The death toll rose to 15 on Tuesday, officials said.",
                 15, id="a-stated-total-wins"),
    pytest.param("Gunmen ambushed a car near Quetta, Pakistan, on Monday and killed a judge, his two sons, a driver and a guard.",
                 5, id="a-victim-list-sums-its-items"),
    pytest.param("Gunmen shot and killed Omar Hadi, the head of the finance office, and his driver in Kirkuk, Iraq, on Monday.",
                 2, id="an-apposition-in-a-victim-list-is-not-another-victim"),
    pytest.param("Six farmers from Dogon Noma village in Kaduna state, Nigeria -- 30 km from Kafanchan -- "
                 "were hacked to death by gunmen on Monday.",
                 6, id="a-passive-count-after-a-long-description"),
    pytest.param("A district prosecutor was shot to death outside his home in Kandahar, Afghanistan, on Monday.",
                 1, id="a-fallback-victim-counts-when-nothing-else-was-stated"),
    pytest.param("A bomb killed nine people at a market in Kandahar, Afghanistan, on Monday. "
                 "A local elder, who was killed in the blast, had survived an earlier attack.",
                 9, id="a-fallback-victim-is-not-added-to-a-stated-toll"),
    pytest.param("Militants bombed the house of a police captain in Mosul, Iraq, on Monday. The captain was killed by gunmen "
                 "months ago. No casualties were reported in the bombing.",
                 0, id="no-casualties-blocks-a-fallback-victim"),
    pytest.param("Gunmen abducted five engineers in Zabul, Afghanistan, on Monday. The hostages were executed a day later.",
                 5, id="captives-killed-in-the-next-sentence"),
    pytest.param("Two suicide bombers detonated near a market in Mora, Cameroon, on Monday. "
                 "There were no casualties apart from the two bombers.",
                 2, id="attackers-counted-when-only-they-died"),
    pytest.param("Eleven traders were Monday [3 June] evening killed by bandits on the road to Funtua, Nigeria.",
                 11, id="a-count-split-from-its-kill-verb-by-a-bracketed-date"),
    pytest.param("At least 14 villagers were <b>killed</b> when gunmen raided Kwall village in Plateau state, Nigeria, on Monday.",
                 14, id="a-markup-tag-before-the-kill-verb-keeps-the-count"),
    pytest.param("Gunmen attacked a group of miners near Mazar-i-Sharif, Afghanistan, on Monday, shooting six of them dead.",
                 6, id="shot-n-of-them-dead"),
    pytest.param("A local chief, Ibrahim Sule, was last Friday, May 8, 2015 reportedly killed by gunmen in Lafia, Nigeria.",
                 1, id="one-victim-after-a-dated-auxiliary"),
    pytest.param("On 3 May 2021, militias clashed near Jos, Nigeria, and 14 fighters were killed. "
                 "Fatalities split between three events.",
                 5, id="a-toll-split-between-events-takes-the-nearest-share"),
    pytest.param("On 3 May 2021, herders and farmers clashed near Lafia, Nigeria. Dozens were injured and 1 killed. "
                 "Fatalities split between 2 events.",
                 1, id="a-single-death-split-between-two-events-is-kept"),
    pytest.param("On 2 June 2021, traders marched in Aleppo, Syria, against new taxes. During the protest, "
                 "guards opened fire, killing a marcher.",
                 1, id="a-death-during-a-protest-counts-for-the-protest"),
    pytest.param("On 5 June 2021, unknown gunmen shot and killed 1 shopkeeper in Herat city, Afghanistan.",
                 1, id="a-digit-one-before-a-singular-victim"),
    pytest.param("On 5 June 2021, villagers in Wajir, Kenya, shot dead four Degodia militia in a revenge raid.",
                 4, id="a-count-of-militia-killed"),
    pytest.param("On 3 May 2021, 4 PKK militants were killed, injured or captured during security operations "
                 "carried out by the gendarmerie in Kagizman district, Kars, Turkey.",
                 0, id="killed-injured-or-captured-is-no-toll"),
    pytest.param("On 9 June 2021, in Soyapango, San Salvador, two teenagers were shot to death by masked men. "
                 "A bystander was hurt. The motive is not known. No arrests were made. 2 fatalities.",
                 2, id="the-coders-closing-note-outranks-reported-figures"),
    pytest.param("On 3 June 2021, a mob in Kisii, Kenya, lynched a man accused of killing three herders.",
                 1, id="a-killing-the-victim-was-accused-of-is-no-toll"),
    pytest.param("On 6 June 2021, hundreds of students protested in Basra, Iraq, carrying the coffins of "
                 "three activists killed last month.",
                 0, id="a-march-carrying-coffins-of-earlier-victims-has-no-toll"),
    pytest.param("On 5 August 2024, students marched in Rajshahi, Bangladesh, carrying the bodies of "
                 "3 marchers killed in Rajshahi (coded separately), and demanded the minister resign.",
                 0, id="a-toll-coded-separately-is-another-events"),
    pytest.param("On 2 May 2021, separatists shelled army positions near Avdiivka, Donetsk. One soldier was "
                 "killed that day [1 fatality split among 9 events].",
                 0, id="one-fatality-split-among-many-events-rounds-to-none"),
    pytest.param("On 6 June 2021, one Chadian soldier and three rebels were reportedly killed in fighting near Ouallam.",
                 4, id="a-date-opening-the-sentence-is-not-a-victim"),
    pytest.param("On 6 June 2021, rebels ambushed a convoy near Kidal and killed 9 soldiers while others were wounded.",
                 9, id="a-kill-count-is-not-read-as-an-injury-count"),
    pytest.param("Gunmen attacked three villages near Djibo and killed eight people. "
                 "Four were killed in Gasseliki, while two died in Silgadji.",
                 8, id="a-bare-count-after-a-full-stop-belongs-to-its-own-sentence"),
    pytest.param("On 3 May 2021, Houthi forces shelled villages near Hays, Yemen. Unknown number of fatalities "
                 "and injuries coded as 10, split between three locations.",
                 3, id="a-coded-figure-with-injuries-split-between-locations"),
    pytest.param("On 4 June 2021, militants ambushed a patrol near Arbinda, Burkina Faso, killing three soldiers. "
                 "The army said 30 militants were killed in the response. The figures could not be independently verified.",
                 3, id="a-figure-called-unverified-gives-way-to-a-reported-one"),
    pytest.param("On 4 June 2021, troops raided a camp near Arbinda, Burkina Faso, and said 30 militants were killed. "
                 "The figures could not be independently verified.",
                 30, id="a-figure-called-unverified-counts-when-it-is-the-only-one"),
    pytest.param("On 2 June 2021, 3 soldiers were killed in an ambush near Faizabad, Afghanistan. "
                 "2 other soldiers were killed when reinforcements arrived.",
                 5, id="other-victims-in-a-later-sentence-add-up"),
    pytest.param("Bombs across Iraq killed 20 people on Monday. A blast in Kirkuk killed eight people. "
                 "A car bomb in Hilla killed five other people.",
                 20, id="a-summary-toll-is-not-added-to-its-breakdown"),
    pytest.param("Militants attacked a checkpoint near Dori, wounding a boy and a policeman who later died of his wounds.",
                 1, id="a-wounded-victim-who-later-died-is-the-only-death"),
    pytest.param("A militia leader was shot dead by soldiers near Beni. He is alleged to have killed many civilians.",
                 1, id="killings-the-victim-is-alleged-to-have-committed-are-no-toll"),
    pytest.param("On 2 June 2021, a mob of residents tried to lynch a thief in Butembo, DR Congo, when police "
                 "fired against the rioters, killing 1 man.",
                 1, id="a-death-when-police-fire-against-rioters-counts-for-the-riot"),
    pytest.param("Troops killed 6 militants near Fallujah and left 9 warehouses burnt.",
                 6, id="buildings-left-burnt-are-not-victims"),
    pytest.param("On 4 June 2021, militants attacked a base near Jowhar. Four militants and two soldiers were killled.",
                 6, id="a-misspelt-kill-verb"),
    pytest.param("On 3 June 2021, gunmen abducted three elders of the Dogon community, including the imam of Sangha, "
                 "the deputy mayor of Bandiagara and the chief of Dourou, executed them and left their bodies on the road.",
                 3, id="captives-named-at-length-then-executed"),
    pytest.param("Militants abducted 20 police officers in Maiwand, Kandahar. At least six of the officers "
                 "were killed and the others were released.",
                 6, id="some-of-the-captives-killed-is-not-all-of-them"),
    pytest.param("On 3 June 2021, a shell hit a house in Hpruso, Kayah, where two sisters lived. "
                 "One of them died and the other was hurt.",
                 1, id="one-of-them-died"),
    pytest.param("On 3 June 2021, bandits killed four farmers near Gusau. The attack brings to 212 the number of "
                 "people killed in the state this year.", 4, id="a-running-tally-is-not-the-event-s-toll"),
    pytest.param("On 3 June 2021, a bomb hit a bus near Gusau, killing four. A fifth passenger died in hospital, "
                 "raising the death toll to five.", 5, id="a-toll-raised-without-a-span-of-time-is-the-event-s-own"),
]


@pytest.mark.parametrize(("text", "expected"), TOLLS)
def test_the_toll_of_one_article(extractor, text, expected):
    assert _toll(extractor, text) == expected


def test_killed_and_wounded_are_kept_apart(extractor):
    m = extractor.extract("t", "A roadside bomb killed four soldiers and wounded 20 others at a checkpoint in Mogadishu on Monday.",
                          dt.date(2024, 3, 5)).mentions[0]
    assert m["injuries"] == 20 and m["fatalities"] == 4


def test_a_range_is_coded_at_its_lower_end(extractor):
    m = extractor.extract("t", "Between 14 and 18 people were killed when gunmen attacked a bus in Tillaberi, Niger, on Monday.",
                          dt.date(2024, 3, 5)).mentions[0]
    assert (m["fatalities"], m["fatalities_low"], m["fatalities_high"]) == (14, 14, 18)


def test_a_range_written_between_n_to_n_keeps_its_low_end(extractor):
    m = extractor.extract("t", "On 3 May 2023, troops killed between 2 to 4 rebel fighters near Deir ez-Zor.", None).mentions[0]
    assert (m["fatalities"], m["fatalities_low"], m["fatalities_high"]) == (2, 2, 4)




def test_a_toll_does_not_run_across_a_paragraph_break(extractor):
    """A headline's vague count must not join the next paragraph's subject into one victim
    group ("... villagers in Mali\n\nSuspected militants killed"): the body's range stands."""
    text = ("Raiders kill dozens of herders in central Mali\n\nSuspected militants killed between 21 and 26 herders "
            "near the village of Dialloube on Sunday 8 October 2023, local officials said.")
    m = extractor.extract("t", text, dt.date(2023, 10, 9)).mentions[0]
    assert m["fatalities"] == 21
