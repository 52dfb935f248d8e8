"""The extractor on short texts written for these tests (invented events, real places)."""

from __future__ import annotations

import datetime as dt


def _one(extractor, text, pub=None):
    result = extractor.extract("t", text, pub)
    assert len(result.mentions) == 1, [m["evidence"] for m in result.mentions]
    return result.mentions[0]


def test_a_short_report_yields_one_complete_mention(extractor):
    m = _one(extractor, "On 4 June 2023, gunmen killed 14 villagers in a night raid on a village near Maiduguri, Borno State, Nigeria.")
    assert m["event_type"] == "Violence against civilians" and m["sub_event_type"] == "Attack"
    assert m["event_date"] == dt.date(2023, 6, 4) and m["time_precision"] == 1
    assert m["country"] == "Nigeria" and m["iso3"] == "NGA" and m["iso"] == 566
    assert m["fatalities"] == 14
    assert m["actor2"] == "Civilians (Nigeria)" and m["civilian_targeting"] == "Civilian targeting"
    assert m["rule_ids"] and all(isinstance(r, str) for r in m["rule_ids"])


def test_weekday_resolves_against_publication_date(extractor):
    m = _one(extractor, "A roadside bomb killed three soldiers near Kandahar on Friday, officials said.", dt.date(2024, 3, 23))
    assert m["event_date"] == dt.date(2024, 3, 22)
    assert m["sub_event_type"] == "Remote explosive/landmine/IED"
    assert m["fatalities"] == 3 and m["country"] == "Afghanistan"


def test_victim_groups_in_one_sentence_add_up(extractor):
    m = _one(extractor, "One soldier and ten assailants were killed in fighting between troops and militants near Djibo.")
    assert m["fatalities"] == 11


def test_wounded_are_not_counted_as_killed(extractor):
    m = _one(extractor, "A grenade attack on a bar in Bujumbura wounded 12 people on Sunday.", dt.date(2024, 5, 6))
    assert m["fatalities"] == 0 and m["injuries"] == 12


def test_cancelled_trigger_yields_no_mention_but_is_explained(extractor):
    result = extractor.extract("t", "The group denied carrying out the bombing in the capital.", None)
    assert result.mentions == []
    assert any(h.kind == "event" and h.cancelled_by == "negated-event" for h in result.hits)


def test_non_conflict_text_yields_nothing(extractor):
    text = "The central bank held its key rate at 13 percent on Wednesday as inflation eased to its lowest in two years."
    assert extractor.extract("t", text, dt.date(2024, 6, 5)).mentions == []


def test_dated_background_list_items_are_separate_events(extractor):
    text = (
        "Gunmen stormed a hotel in Mogadishu on Friday, killing nine people, police said.\n\n"
        "Previous attacks:\n\n"
        "March 2019 A car bomb killed 20 people at a checkpoint in Mogadishu.\n\n"
        "October 2017 A truck bomb killed more than 500 people in the capital."
    )
    result = extractor.extract("t", text, dt.date(2024, 3, 2))
    dates = sorted((m["event_date"], m["time_precision"], m["fatalities"], m["background"]) for m in result.mentions)
    assert (dt.date(2017, 10, 1), 3, 500, True) in dates
    assert (dt.date(2019, 3, 1), 3, 20, True) in dates
    assert (dt.date(2024, 3, 1), 1, 9, False) in dates


def test_undated_article_uses_office_holder_terms_for_the_year(extractor):
    text = ("President Joe Biden said the drone attack on January 28 that killed three soldiers at a base in Jordan "
            "would be answered.")
    m = _one(extractor, text)
    assert m["event_date"] == dt.date(2024, 1, 28)


def test_a_date_range_keeps_its_last_day_and_resolve_splits_it(extractor):
    from pipeline.resolve import ResolveParams, resolve_events

    m = _one(extractor, "Fighting between troops and rebels raged from 12 to 14 May 2024 near Goma, killing 30 fighters.")
    assert m["event_date"] == dt.date(2024, 5, 12) and m["event_date_end"] == dt.date(2024, 5, 14)
    events, _ = resolve_events([m], ResolveParams(), extractor.vocab.rank)
    assert [e["event_date"].day for e in events] == [12, 13, 14] and [e["fatalities"] for e in events] == [10, 10, 10]


def test_protest_whose_crowd_turns_destructive_is_a_violent_demonstration(extractor):
    text = ("On 3 March 2024, traders protested in Kisumu against new market fees. "
            "They vandalised the county offices and set two cars on fire.")
    m = _one(extractor, text, dt.date(2024, 3, 4))
    assert (m["event_type"], m["sub_event_type"]) == ("Riots", "Violent demonstration")


def test_destructive_words_without_a_protest_do_not_make_a_riot(extractor):
    m = _one(extractor, "On 3 March 2024, gunmen stormed a village near Djibo and killed four farmers.", dt.date(2024, 3, 4))
    assert m["event_type"] == "Violence against civilians"


def test_protest_about_an_abduction_stays_a_protest(extractor):
    text = "On 3 March 2024, relatives staged a protest in Kaduna against the abduction of twelve pupils by gunmen."
    m = _one(extractor, text, dt.date(2024, 3, 4))
    assert m["event_type"] == "Protests"


def test_armed_side_casualties_make_a_clash(extractor):
    m = _one(extractor, "On 3 March 2024, 7 Shabaab fighters were killed near Jowhar, Somalia.", dt.date(2024, 3, 4))
    assert (m["event_type"], m["sub_event_type"]) == ("Battles", "Armed clash")


def test_ethnic_sides_keep_a_clash_a_battle(extractor):
    text = "On 3 March 2024, members of two ethnic communities clashed over grazing land near Moyale, Kenya."
    m = _one(extractor, text, dt.date(2024, 3, 4))
    assert m["sub_event_type"] == "Armed clash"


def test_bare_death_count_headline_is_detected(extractor):
    m = _one(extractor, "4 killed in land row near Eldoret, Kenya.", dt.date(2024, 3, 4))
    assert m["event_type"] == "Violence against civilians"


def test_arrest_in_a_criminal_case_is_not_an_event(extractor):
    text = "A bank clerk was arrested in Lagos on Monday. She had been charged with fraud and was later granted bail."
    assert extractor.extract("t", text, dt.date(2024, 3, 4)).mentions == []


def test_criminal_words_keep_an_article_with_more_than_arrests(extractor):
    text = ("Hundreds protested against fuel prices in Harare on Monday, and police arrested ten of them. "
            "One of those detained was later charged with fraud.")
    assert extractor.extract("t", text, dt.date(2024, 3, 4)).mentions != []


def test_anniversary_filter_reaches_only_its_own_clause(extractor):
    text = "On 3 March 2024, a bomb struck a crowd marking the anniversary of the war, killing 9 people in Kabul."
    m = _one(extractor, text, dt.date(2024, 3, 4))
    assert m["event_type"] == "Explosions/Remote violence"


def test_crowd_words_count_only_near_a_protest(extractor):
    alone = extractor.extract("t", "On 2 May 2021, the market stalls were vandalised in Tamale.", None).mentions
    assert all(m["event_type"] != "Riots" for m in alone)
    m = _one(extractor, "On 2 May 2021, traders protested new levies in Tamale. They vandalised the council office.")
    assert m["sub_event_type"] == "Violent demonstration"


def test_a_crowd_beating_a_suspect_is_mob_violence(extractor):
    m = _one(extractor, "On 5 May 2021, in Natal, a suspected pickpocket was beaten to death by a mob near the bus station.")
    assert m["event_type"] == "Riots" and m["sub_event_type"] == "Mob violence"


def test_a_mob_avenging_a_rape_is_mob_violence(extractor):
    m = _one(extractor, "On 3 March 2021, angry villagers lynched a man accused of raping a girl in Kasese.")
    assert m["sub_event_type"] == "Mob violence"


def test_armed_men_harming_villagers_stay_an_attack(extractor):
    m = _one(extractor, "On 6 April 2021, suspected militants attacked the village of Tin-Akoff, assaulted villagers and looted shops.")
    assert m["event_type"] == "Violence against civilians"


def test_crowd_attacking_police_is_a_riot_not_a_battle(extractor):
    m = _one(extractor, "On 7 May 2021, in Arequipa, a dozen inhabitants attacked police officers who tried to close a market.")
    assert m["event_type"] == "Riots"


def test_protest_that_leads_to_clashes_is_violent(extractor):
    m = _one(extractor, "On 8 June 2021, moto-taxi drivers blocked a road in Bouake to protest a new tax. Police arrived, leading to clashes.")
    assert m["sub_event_type"] == "Violent demonstration"
