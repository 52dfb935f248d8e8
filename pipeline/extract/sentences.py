"""Sentence spans over the original text (offsets are kept for provenance)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class SentenceCues(CueSet):
    """The words sentence splitting reads by: rules/cues/sentences.yaml, cue `sentence-<field>`."""

    PREFIX = "sentence"
    abbreviation: re.Pattern


BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[•\-–*]\s)|(?<=[.!?:”\"])\n")
LAST_WORD = re.compile(r"([A-Za-z.]+)\.[\"'”’)\]]*$")


def split_sentences(text: str, cues: SentenceCues) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        end = m.start()
        lw = LAST_WORD.search(text, max(start, end - 12), end)
        # "Gen. Ali": an abbreviation's full stop does not end the sentence.
        if lw and cues.abbreviation.fullmatch(lw.group(1).lower().rstrip(".")) and "\n" not in m.group(0):
            continue
        if lw and len(lw.group(1)) == 1 and "\n" not in m.group(0):  # an initial: "John F. Kennedy"
            continue
        _push(text, start, end, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
