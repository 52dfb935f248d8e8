"""Sentence spans over the original text (offsets are kept for provenance)."""

from __future__ import annotations

import re

# Abbreviations that end in a period without ending a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "gov", "sen", "rep",
    "st", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "prof", "rev", "hon", "brig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "e.g", "i.e", "approx", "est", "dept", "div", "fig", "mt", "ft", "adm", "cmdr", "supt", "insp", "dist",
}
BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[•\-–*]\s)|(?<=[.!?:”\"])\n")
LAST_WORD = re.compile(r"([A-Za-z.]+)\.[\"'”’)\]]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        end = m.start()
        lw = LAST_WORD.search(text, max(start, end - 12), end)
        if lw and lw.group(1).lower().rstrip(".") in ABBREVIATIONS and "\n" not in m.group(0):
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
