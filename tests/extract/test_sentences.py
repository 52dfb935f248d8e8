from __future__ import annotations

import pytest

from pipeline.extract.sentences import SentenceCues, split_sentences


@pytest.fixture(scope="module")
def cues(rulebook) -> SentenceCues:
    return rulebook.cue_set(SentenceCues)


def _texts(text, cues):
    return [text[s:e] for s, e in split_sentences(text, cues)]


def test_splits_on_sentence_ends_and_paragraphs(cues):
    text = "Gunmen attacked a bus. Three died.\n\nPolice arrived later"
    assert _texts(text, cues) == ["Gunmen attacked a bus.", "Three died.", "Police arrived later"]


def test_abbreviations_and_initials_do_not_split(cues):
    text = "Gen. Musa said U.S. troops left. John F. Kennedy was not there."
    assert _texts(text, cues) == ["Gen. Musa said U.S. troops left.", "John F. Kennedy was not there."]


def test_spans_point_into_the_original_text(cues):
    text = "  First one.   Second one.  "
    for s, e in split_sentences(text, cues):
        assert text[s:e].strip() == text[s:e]
