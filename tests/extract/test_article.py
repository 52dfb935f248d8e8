"""The extractor on short texts written for these tests (invented events, real places)."""

from __future__ import annotations

import datetime as dt

import pytest


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


def test_victims_a_later_sentence_says_were_also_killed_add_up(extractor):
    m = _one(extractor, "Two soldiers were killed in an ambush near Kidal on Monday. Four militants also died in the fighting.")
    assert m["fatalities"] == 6


def test_victims_also_among_the_dead_are_not_added_again(extractor):
    m = _one(extractor, "Ten people were killed in an attack on a market near Kidal on Monday. "
                        "Two soldiers were also among the dead.")
    assert m["fatalities"] == 10


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


def test_events_of_one_day_in_two_towns_are_two_events(extractor):
    text = ("CALI, 12 MAR 90 -- Four guerrillas died today in a skirmish with army troops near Florencia, Caqueta "
            "Department. Later that evening, in Santa Rosa de Osos, Antioquia Department, rebels set off a bomb at "
            "the town hall.")
    result = extractor.extract("t", text, dt.date(1990, 3, 12))
    assert sorted((m["location"], m["event_type"]) for m in result.mentions) == [
        ("Florencia", "Battles"), ("Santa Rosa de Osos", "Explosions/Remote violence")]


def test_a_sentence_naming_the_event_again_tells_more_of_it_wherever_its_town(extractor):
    # The second town is the victim's post, not a second scene: "the blast" is the event told before.
    text = ("03/14/2019: An explosive device detonated beside a district official's car in Sangin, Helmand, "
            "Afghanistan. The police chief of Gereshk was killed in the blast.")
    result = extractor.extract("t", text, None)
    assert [(m["location"], m["fatalities"]) for m in result.mentions] == [("Sangīn", 1)]


def test_undated_article_uses_office_holder_terms_for_the_year(extractor):
    text = ("President Joe Biden said the drone attack on January 28 that killed three soldiers at a base in Jordan "
            "would be answered.")
    m = _one(extractor, text)
    assert m["event_date"] == dt.date(2024, 1, 28)


def test_a_bare_year_in_a_sentence_told_on_a_weekday_is_not_the_events_date(extractor):
    # No publication date resolves "on Tuesday", but it says the march is recent: the year
    # belongs to the scheme the marchers oppose, so the march is kept, undated.
    m = _one(extractor, "Traders on Tuesday marched through Kisumu against a market levy introduced in 2015.")
    assert m["event_type"] == "Protests" and m["event_date"] is None


def test_a_bare_year_in_a_later_sentence_does_not_date_the_lead_event(extractor):
    text = ("A bomb hidden in a cart wounded four porters at a market in Gao. "
            "The town saw a string of bombings in 2013.")
    m = _one(extractor, text)
    assert m["sub_event_type"] == "Remote explosive/landmine/IED" and m["event_date"] is None


def test_a_bare_year_in_a_clause_about_something_else_dates_nothing(extractor):
    text = ("Gunmen shot dead a magistrate outside his home in Cali, police said, "
            "in a war between the cartels which began in 1984.")
    m = _one(extractor, text, dt.date(1989, 8, 1))
    assert m["event_type"] == "Violence against civilians" and m["event_date"].year == 1989


def test_an_event_dated_only_by_a_past_year_is_context(extractor):
    assert extractor.extract("t", "In 2013, a bomb wounded four porters at a market in Gao.", dt.date(2024, 5, 2)).mentions == []


def test_a_date_range_keeps_its_last_day_and_resolve_splits_it(extractor):
    from pipeline.resolve import ResolveParams, resolve_events

    m = _one(extractor, "Fighting between troops and rebels raged from 12 to 14 May 2024 near Goma, killing 30 fighters.")
    assert m["event_date"] == dt.date(2024, 5, 12) and m["event_date_end"] == dt.date(2024, 5, 14)
    events, _ = resolve_events([m], ResolveParams(), extractor.vocab.rank)
    assert [e["event_date"].day for e in events] == [12, 13, 14] and [e["fatalities"] for e in events] == [10, 10, 10]


# How a one-event text is typed: (text, the fields it must yield). The publication date is
# unknown: the typing must not depend on it.
TYPED = [
    pytest.param("On 3 March 2024, traders protested in Kisumu against new market fees. "
                 "They vandalised the county offices and set two cars on fire.",
                 {"event_type": "Riots", "sub_event_type": "Violent demonstration"},
                 id="protest-whose-crowd-turns-destructive-is-a-violent-demonstration"),
    pytest.param("On 3 March 2024, gunmen stormed a village near Djibo and killed four farmers.",
                 {"event_type": "Violence against civilians"}, id="destructive-words-without-a-protest-are-no-riot"),
    pytest.param("On 3 March 2024, relatives staged a protest in Kaduna against the abduction of twelve pupils by gunmen.",
                 {"event_type": "Protests"}, id="protest-about-an-abduction-stays-a-protest"),
    pytest.param("On 3 March 2024, 7 Shabaab fighters were killed near Jowhar, Somalia.",
                 {"event_type": "Battles", "sub_event_type": "Armed clash"}, id="armed-side-casualties-make-a-clash"),
    pytest.param("On 3 March 2024, members of two ethnic communities clashed over grazing land near Moyale, Kenya.",
                 {"sub_event_type": "Armed clash"}, id="ethnic-sides-keep-a-clash-a-battle"),
    pytest.param("4 killed in land row near Eldoret, Kenya.",
                 {"event_type": "Violence against civilians"}, id="bare-death-count-headline-is-detected"),
    pytest.param("On 3 March 2024, a bomb struck a crowd marking the anniversary of the war, killing 9 people in Kabul.",
                 {"event_type": "Explosions/Remote violence"}, id="anniversary-filter-reaches-only-its-own-clause"),
    pytest.param("On 5 May 2021, in Natal, a suspected pickpocket was beaten to death by a mob near the bus station.",
                 {"event_type": "Riots", "sub_event_type": "Mob violence"}, id="a-crowd-beating-a-suspect-is-mob-violence"),
    pytest.param("On 3 March 2021, angry villagers lynched a man accused of raping a girl in Kasese.",
                 {"sub_event_type": "Mob violence"}, id="a-mob-avenging-a-rape-is-mob-violence"),
    pytest.param("On 6 April 2021, suspected militants attacked the village of Tin-Akoff, assaulted villagers and looted shops.",
                 {"event_type": "Violence against civilians"}, id="armed-men-harming-villagers-stay-an-attack"),
    pytest.param("On 7 May 2021, in Arequipa, a dozen inhabitants attacked police officers who tried to close a market.",
                 {"event_type": "Riots"}, id="crowd-attacking-police-is-a-riot-not-a-battle"),
    pytest.param("On 8 June 2021, moto-taxi drivers blocked a road in Bouake to protest a new tax. Police arrived, "
                 "leading to clashes.", {"sub_event_type": "Violent demonstration"},
                 id="protest-that-leads-to-clashes-is-violent"),
    pytest.param("On 4 May 2021, police in Mzuzu hit several vendors with sticks for defying a market ban.",
                 {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                 id="forces-hitting-people-is-an-attack"),
    pytest.param("On 3 March 2024, unknown gunmen on motorbikes entered the weekly market in Dori, Burkina Faso, "
                 "and reportedly killed between 5 and 8 people.",
                 {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                 id="armed-men-and-a-killing-in-one-sentence-is-an-attack"),
    pytest.param("On 2 May 2021, supporters of the candidates for the post of mayor and deputy mayor clashed in Bhola "
                 "after the count.", {"event_type": "Riots", "sub_event_type": "Mob violence"},
                 id="a-title-after-of-is-no-verbal-clash"),
    pytest.param("On 6 May 2021, a group of lawyers protested in front of the high court in Sfax to denounce delays.",
                 {"event_type": "Protests"}, id="lawyers-protesting-at-a-court-is-a-protest"),
    pytest.param("On 5 May 2021, some 300 residents gathered in front of the governor's office in Kasserine "
                 "to support the local delegate.", {"event_type": "Protests"}, id="gathering-to-support-is-a-protest"),
    pytest.param("On 7 May 2021, 140 Venezuelan refugees arrived in San Cristobal from Colombia.",
                 {"event_type": "Strategic developments", "sub_event_type": "Other"},
                 id="refugees-arriving-is-a-population-movement"),
    pytest.param("On 3 May 2021, in Cusco, a group of neighbours caught a robber in the street, tied him to a post and "
                 "beat him.", {"event_type": "Riots", "sub_event_type": "Mob violence"},
                 id="a-crowd-beating-a-caught-thief-is-mob-violence"),
    pytest.param("On 4 May 2021, 2000 people went to the streets of Bobo-Dioulasso to demand the release of a general jailed "
                 "over the 2015 coup.", {"event_type": "Protests"}, id="a-named-past-event-cancels-only-what-follows"),
    pytest.param("On 2 May 2021, soldiers found and destroyed a clandestine airstrip used for drug trafficking near "
                 "Puerto Lempira.", {"sub_event_type": "Looting/property destruction"},
                 id="drug-words-without-an-arrest-do-not-make-a-criminal-case"),
    pytest.param("On 3 May 2021, 80 Venezuelan migrants returned from Ecuador to Barquisimeto.",
                 {"sub_event_type": "Other"}, id="migrants-returning-is-no-criminal-case"),
    pytest.param("On 3 May 2021, retired teachers stormed the county offices in Nyeri demanding their pension arrears.",
                 {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
                 id="storming-an-office-with-demands-is-a-protest"),
]


def test_drug_arrest_is_still_a_criminal_case(extractor):
    text = "On 3 May 2021, police arrested two men carrying drugs at a checkpoint in Tema."
    assert extractor.extract("t", text, None).mentions == []


def test_speeding_off_is_no_traffic_offence(extractor):
    text = "On 3 May 2021, gunmen set fire to two trucks near Dori and destroyed a telecom mast before speeding off."
    assert _one(extractor, text)["event_type"] == "Strategic developments"


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_typing(extractor, text, expected):
    m = _one(extractor, text, None)
    assert {k: m[k] for k in expected} == expected


def test_arrest_in_a_criminal_case_is_not_an_event(extractor):
    text = "A bank clerk was arrested in Lagos on Monday. She had been charged with fraud and was later granted bail."
    assert extractor.extract("t", text, dt.date(2024, 3, 4)).mentions == []


def test_criminal_words_keep_an_article_with_more_than_arrests(extractor):
    text = ("Hundreds protested against fuel prices in Harare on Monday, and police arrested ten of them. "
            "One of those detained was later charged with fraud.")
    assert extractor.extract("t", text, dt.date(2024, 3, 4)).mentions != []


def test_crowd_words_count_only_near_a_protest(extractor):
    alone = extractor.extract("t", "On 2 May 2021, the market stalls were vandalised in Tamale.", None).mentions
    assert all(m["event_type"] != "Riots" for m in alone)
    m = _one(extractor, "On 2 May 2021, traders protested new levies in Tamale. They vandalised the council office.")
    assert m["sub_event_type"] == "Violent demonstration"


def _quarantined_checks(extractor, mention):
    from pipeline.validate.quarantine import validate_rows
    from pipeline.validate.schemas import schema_for

    _, quarantine = validate_rows([mention], "mentions", schema_for("mentions", extractor.vocab), "extract")
    return {q["check"] for q in quarantine}


def test_an_event_date_after_publication_is_kept_and_quarantined_not_replaced(extractor):
    pub = dt.date(2024, 5, 1)
    m = _one(extractor, "Gunmen killed 14 villagers near Maiduguri, Nigeria, on March 3, 2031.", pub)
    assert m["event_date"] == dt.date(2031, 3, 3)
    m["publication_date"] = pub
    assert "E201 not_after_publication" in _quarantined_checks(extractor, m)


def test_an_event_date_in_the_future_is_quarantined(extractor):
    m = _one(extractor, "Gunmen killed 14 villagers near Maiduguri, Nigeria, on March 3, 2091.")
    assert m["event_date"] == dt.date(2091, 3, 3)
    m["publication_date"] = None
    assert "E201 not_in_future" in _quarantined_checks(extractor, m)


def test_a_clash_with_no_armed_actor_in_its_sentence_is_no_battle(extractor):
    # An event needs its participants: the figurative battle of two firms names no one armed.
    result = extractor.extract("t", "On 3 May 2024, a fierce battle between two chip makers began in Seoul, "
                                    "South Korea, over the price of memory.", None)
    assert result.mentions == []
    assert any(h.cancelled_by == "needs-armed-actor" for h in result.hits if h.kind == "event")


def test_a_clash_between_named_armed_sides_is_a_battle(extractor):
    result = extractor.extract("t", "On 3 May 2024, heavy fighting broke out between soldiers and separatists in "
                                    "Bamenda, Cameroon.", None)
    assert result.mentions[0]["event_type"] == "Battles"
