"""Which filter cancels a trigger: the first filter of its sentence that reaches it.

A filter cancels a trigger of its sentence whose event type or sub-event type it names
(or any, when it names none); a filter of scope "following" reaches only triggers after it in its own
clause ("explosions struck a crowd marking the anniversary of ..., killing 40" is a real
event). Answered per trigger with binary searches, so that a sentence of a megabyte
with thousands of triggers and filters costs no more than its length.
"""

from __future__ import annotations

import bisect
import math
import re

from pipeline.extract.hits import Hit

COMMA = re.compile(",")


class _Candidates:
    """The filters of one sentence that could cancel one event type, in sentence order."""

    def __init__(self, filters: list[tuple[int, Hit]]) -> None:
        # Filters of any scope but "following" reach every trigger: the first of them wins.
        self.first_general = next((i for i, f in filters if f.data["rule"].scope != "following"), math.inf)
        self.following = [(i, f) for i, f in filters if f.data["rule"].scope == "following"]
        self.starts = [f.start for _, f in self.following]
        self.longest = max((f.end - f.start for _, f in self.following), default=0)

    def first_reaching(self, t: Hit, last_comma: int) -> float:
        """Index of the first "following" filter that starts before the trigger, with no comma
        between its end and the trigger. Filters wholly before the comma cannot, so the search
        starts just before it."""
        k = bisect.bisect_right(self.starts, last_comma - self.longest) if last_comma >= 0 else 0
        for i, f in self.following[k:]:
            if f.start > t.start:
                break
            if f.end > last_comma:
                return i
        return math.inf


def _names(f: Hit, sets) -> bool:
    """A filter reaches a trigger whose event type or sub-event type it names, or any when it names none."""
    cancels = f.data["rule"].cancels
    return not cancels or sets.event_type in cancels or sets.sub_event_type in cancels


def cancel(triggers: list[Hit], filters: list[Hit]) -> None:
    """Mark each trigger cancelled by the first filter of its sentence that reaches it."""
    if not triggers or not filters:
        return
    commas = [m.start() for m in COMMA.finditer(filters[0].data["match"].string)]
    by_sentence: dict[int, list[tuple[int, Hit]]] = {}
    for i, f in enumerate(filters):
        by_sentence.setdefault(f.sentence, []).append((i, f))
    candidates: dict[tuple[int, str], _Candidates] = {}
    for t in triggers:
        if t.sentence not in by_sentence:
            continue
        sets = t.data["rule"].sets
        key = (t.sentence, sets.event_type, sets.sub_event_type)
        if key not in candidates:
            candidates[key] = _Candidates([(i, f) for i, f in by_sentence[t.sentence] if _names(f, sets)])
        c = candidates[key]
        k = bisect.bisect_left(commas, t.start)
        best = min(c.first_general, c.first_reaching(t, commas[k - 1] if k else -1))
        if best != math.inf:
            f = filters[best]
            t.cancelled_by, t.cancel_reason = f.rule_id, f.data["rule"].reason
