from __future__ import annotations

from pipeline.extract.sentences import split_sentences


def _texts(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_sentence_ends_and_paragraphs():
    text = "Gunmen attacked a bus. Three died.\n\nPolice arrived later"
    assert _texts(text) == ["Gunmen attacked a bus.", "Three died.", "Police arrived later"]


def test_abbreviations_and_initials_do_not_split():
    text = "Gen. Musa said U.S. troops left. John F. Kennedy was not there."
    assert _texts(text) == ["Gen. Musa said U.S. troops left.", "John F. Kennedy was not there."]


def test_spans_point_into_the_original_text():
    text = "  First one.   Second one.  "
    for s, e in split_sentences(text):
        assert text[s:e].strip() == text[s:e]
