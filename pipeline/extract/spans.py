"""Overlap tests between character spans in logarithmic time.

A long article has thousands of hits of each kind; testing every hit against every
other span made extraction time grow with the square of the text. These answer the
same questions with a binary search.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanSet:
    """A fixed set of spans (they may overlap one another): does a span overlap any?"""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []  # the furthest end among the spans up to each index
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self._max_end.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span has s < end and start < e."""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._max_end[k - 1] > start


class ClaimedSpans:
    """Disjoint spans claimed one after another: does a new span overlap a claimed one?"""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)  # claimed spans starting before `end`
        return k > 0 and self._ends[k - 1] > start  # disjoint and sorted: the last of them ends furthest

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
