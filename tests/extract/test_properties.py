"""Properties of the extractors on arbitrary text (hypothesis): nothing raises, tolls are
never negative, spans stay inside their article, kept event dates never follow publication."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extract.numbers import Counting, leading_quantity, parse_quantity, words_to_int
from pipeline.validate.quarantine import validate_rows
from pipeline.validate.schemas import schema_for

# Words that reach deep into the extractor: triggers, filters, tolls, dates, actors, places.
WORDS = ["gunmen", "killed", "soldiers", "clashed", "with", "militants", "in", "Kabul", "Maiduguri", "Nigeria",
         "on", "Friday", "3", "May", "2024", "March", "2031", "at", "least", "-5", "10^9", "1e9", "dozens",
         "wounded", "protesters", "police", "arrested", "denied", "the", "attack", ",", ".", "\n", "(Reuters)",
         "between", "and", "yesterday", "bomb", "exploded", "twelve", "hundred", "99999999999999999999999"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
texts = st.one_of(st.text(max_size=400), st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
pubs = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))


@pytest.fixture(scope="module")
def counting(rulebook) -> Counting:
    return Counting.of(rulebook)


# Inputs that once raised (issue #13): random generation seldom writes a 10,000-digit figure.
ABSURD_TOLL = "Gunmen killed " + "9" * 10_000 + " people in Kabul, Afghanistan, on 3 May 2024."


@SETTINGS
@given(text=texts, pub=pubs)
@example(text=ABSURD_TOLL, pub=None)
@example(text="Gunmen killed 10^9 people in Kabul, Afghanistan, on 3 May 2024.", pub=dt.date(2024, 5, 4))
def test_any_text_extracts_without_raising_and_within_bounds(extractor, text, pub):
    for m in extractor.extract("p", text, pub).mentions:
        assert 0 <= m["char_start"] < m["char_end"] <= len(text)
        assert min(m["fatalities"], m["fatalities_low"], m["fatalities_high"], m["injuries"]) >= 0
        m["publication_date"] = pub
        kept, _ = validate_rows([m], "mentions", schema_for("mentions", extractor.vocab), "extract")
        assert all(pub is None or k["event_date"] is None or k["event_date"] <= pub for k in kept)


@SETTINGS
@given(raw=st.one_of(st.text(max_size=60), st.from_regex(r"[-+]?\d{1,5000}(?:[\^e]\d{1,6})?", fullmatch=True)))
@example(raw="9" * 10_000)
@example(raw="-" + "9" * 5_000)
@example(raw="10^99999")
def test_any_count_phrase_parses_to_nothing_or_a_non_negative_figure(raw, counting):
    n = words_to_int(raw, counting.words)
    assert n is None or n >= 0
    q = parse_quantity(raw, counting)
    assert q is None or min(q) >= 0
    assert min(leading_quantity(raw, counting)) >= 0
