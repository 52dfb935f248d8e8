"""What each published column means, for the codebook and the datapackage.

Types, nullability and allowed values are not written here: they come from the Arrow
schemas (pipeline/tables.py), the pandera models (pipeline/validate/schemas.py) and the
vocabularies (rules/vocab), so the documentation cannot drift from what is checked.
Each entry: (meaning, how we differ from ACLED's column of that name, or "" if we do not).
"""

from __future__ import annotations

COLUMN_DOCS: dict[str, tuple[str, str]] = {
    "event_id_cnty": (
        "Stable identifier of the event: the country's ISO3 code and 12 digits derived from the ids of the "
        "mentions merged into it. An unchanged event keeps its id from one dataset version to the next.",
        "ACLED numbers events in the order it codes them; ours are content hashes, so they are not consecutive."),
    "event_date": ("Day the event happened; with time_precision 2-4, a day within the week, month or year the text "
                   "gives.", ""),
    "year": ("Year of event_date.", ""),
    "time_precision": (
        "How exactly event_date is known: 1 the day; 2 the week (within seven days); 3 the month; "
        "4 only the year.",
        "ACLED uses 1-3; 4 is ours, for background events recalled with only a year."),
    "disorder_type": ("ACLED's disorder type of the sub-event type (political violence, demonstrations, "
                      "strategic developments).", ""),
    "event_type": ("ACLED event type.", ""),
    "sub_event_type": ("ACLED sub-event type; when several fire, ACLED's hierarchy picks one.", ""),
    "actor1": ("The actor who did it, named by ACLED's conventions (e.g. \"Protesters (Kenya)\").", ""),
    "assoc_actor_1": ("Identity or occupational groups among actor1's demonstrators or rioters (\"Students (Kenya)\"), "
                      "several joined with \"; \".",
                      "Only the groups listed in rules/vocab/identities.yaml; ACLED also records allied armed groups "
                      "and parties here, which we do not yet."),
    "inter1": ("Actor type of actor1, as ACLED's current exports label it.", ""),
    "actor2": ("The actor it was done to, if any.", ""),
    "assoc_actor_2": ("Identity or occupational groups among civilians acted upon (\"Farmers (Nigeria)\"), "
                      "several joined with \"; \".",
                      "Only the groups listed in rules/vocab/identities.yaml."),
    "inter2": ("Actor type of actor2.", ""),
    "interaction": (
        "The two actor types, lower code first (\"State forces-Rebel group\"), or one actor type acting alone "
        "(\"Protesters only\").", ""),
    "civilian_targeting": ("\"Civilian targeting\" when civilians were the target, else empty.", ""),
    "iso": ("ISO 3166 numeric code of the country.", ""),
    "region": ("ACLED region of the country.", ""),
    "country": ("Country where the event happened, by ACLED's name.", ""),
    "admin1": ("First-level administrative division (state, province, region).", ""),
    "admin2": ("Second-level administrative division (district, county).", ""),
    "admin3": ("Third-level administrative division, where the gazetteer knows it.", ""),
    "location": ("Most precise place named for the event (town, venue, or the country when no place is named).", ""),
    "latitude": ("Latitude of location (WGS84).", ""),
    "longitude": ("Longitude of location (WGS84).", ""),
    "geo_precision": (
        "How exactly the coordinates place the event: 1 the town or venue itself; 2 near a town, or a district "
        "(admin2); 3 only a province (admin1) or the country.", ""),
    "source": ("The outlets that reported the event, joined with \"; \".", ""),
    "source_scale": (
        "Reach of those outlets (Local, Subnational, National, Regional, International, New media), joined in that "
        "order with \"-\"; from the vocabulary of sources in rules/vocab/sources.yaml.",
        "Empty when no source is in our vocabulary; ACLED always codes it."),
    "notes": ("The sentence(s) that report the event, as written in the article.",
              "ACLED's notes are a coder's summary; ours quote the source text."),
    "fatalities": (
        "Deaths in the event: the lowest credible figure among its reports (ACLED's conservative rule). "
        "Vague quantities count as ACLED counts them (\"dozens\" 12). 0 means no death was reported, not that "
        "none happened.", ""),
    "tags": ("\"background reporting\" for an event recalled in a story about another (a past attack), else empty.",
             "ACLED's tags hold crowd sizes and other notes; ours mark background events only."),
    "timestamp": (
        "Unix time (seconds, UTC midnight) of the latest publication date among the event's reports: when the "
        "record last gained information. It depends only on the inputs, so rebuilding does not change it.",
        "ACLED's timestamp is when ACLED last uploaded or edited the row."),
    "iso3": ("ISO 3166 alpha-3 code of the country (extension).", ""),
    "fatalities_low": ("Lowest figure any report gave (extension).", ""),
    "fatalities_high": ("Highest figure any report gave, including upper bounds like \"up to 20\" (extension).", ""),
    "inter1_code": ("Numeric actor type of actor1, 1-8, as ACLED's older exports gave inter1 (extension).", ""),
    "inter2_code": ("Numeric actor type of actor2 (extension).", ""),
    "interaction_code": ("The two numeric codes, lower first (12), or the code times ten for one actor type alone "
                         "(60) (extension).", ""),
    "article_ids": ("Ids of the articles that reported the event (provenance; see articles.parquet).", ""),
    "mention_ids": ("Ids of the mentions merged into the event (provenance; see mentions.parquet).", ""),
    "n_sources": ("Number of distinct articles that reported the event.", ""),
    "evidence": ("The lead mention's sentence(s), the text the event was read from.", ""),
    "rule_ids": ("Ids of every rule that produced a value of the event (see docs/rules.md).", ""),
}

# What a reader must know before counting anything; rendered at the top of the codebook.
CAVEATS = [
    ("fatalities is the lowest credible figure",
     "When reports of one event disagree, fatalities keeps the lowest credible figure, as ACLED does; "
     "fatalities_low and fatalities_high keep the range the reports gave. Summing fatalities gives a floor, "
     "not an estimate."),
    ("Dates and places have a precision",
     "time_precision and geo_precision say how exactly the date and the place are known. A monthly or yearly "
     "date, or a province-level place, is not a claim that the event happened on that day or at those "
     "coordinates: filter on precision before mapping or plotting by day."),
    ("Background events",
     "A story about one attack often recalls others (\"the 2015 attack that killed 40\"). These become their own "
     "events tagged \"background reporting\", dated to the month or year the text gives. Leave them out "
     "(tags is empty for current events) when counting what happened in the period the articles cover."),
    ("How reports merge into one event",
     "Reports from different articles are one event when they share the day (within the date precision), the "
     "country, a compatible event type and the place (or lie within merge_distance_km of each other). An event "
     "reported over several days (\"from 12 to 14 May\") becomes one event per day with the toll divided. "
     "merges.parquet records every merge and its reason."),
    ("Read by rules, not by people",
     "Every value was read from the text by the rules in rules/; rule_ids and evidence say which rule read what. "
     "Check the evidence before quoting a figure."),
]
