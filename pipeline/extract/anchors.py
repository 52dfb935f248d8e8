"""Time anchors for undated articles: office-holders named with their title.

"President Joe Biden" in present-tense copy bounds the publication date to his
term. The intersection of every anchor's term is the window the article was
written in; its end lets a day and month without a year ("January 28") resolve.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.vocab import Vocabulary


class TimeAnchors:
    """The office-holders of rules/vocab/office_holders.yaml, each compiled after the file's
    `not_current` words (a "former" president dates nothing)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.anchors = []
        for h in vocab.office_holders:
            lo = dt.date.fromisoformat(str(h["from"])) if h.get("from") else None
            hi = dt.date.fromisoformat(str(h["to"])) if h.get("to") else None
            self.anchors.append((re.compile(vocab.office_not_current + r"\b" + h["pattern"] + r"\b"), lo, hi))

    def window(self, text: str) -> tuple[dt.date | None, dt.date | None]:
        lo = hi = None
        for rx, a_lo, a_hi in self.anchors:
            if rx.search(text):
                if a_lo and (lo is None or a_lo > lo):
                    lo = a_lo
                if a_hi and (hi is None or a_hi < hi):
                    hi = a_hi
        if lo and hi and lo > hi:  # contradictory anchors: trust none
            return None, None
        return lo, hi
