r"""A `\b(word|word|...)\b` alternation of many words, tried only where one of them begins.

Python's `re` tries such an alternation at every position of the text, which for the
hundreds of demonyms costs more than reading the text once: one Aho-Corasick pass finds
where a word occurs, and the regex is matched there only. That yields exactly what its
`finditer` yields (see prefilter.matches_at): a match begins with one of the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick

from pipeline.rulebook.prefilter import matches_at


class WordAlternation:
    def __init__(self, words: Iterable[str]) -> None:
        words = list(words)
        self.regex = alternation_regex(words)
        self._automaton = ahocorasick.Automaton()
        for w in set(words):
            self._automaton.add_word(w, len(w))
        self._automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[re.Match]:
        starts = sorted({end - size + 1 for end, size in self._automaton.iter(text)})
        return matches_at(self.regex, text, starts)


def word_alternation(words) -> WordAlternation | re.Pattern | None:
    """The alternation of `words` (None for none); with an empty word, which matches
    anywhere, the plain regex."""
    if not words:
        return None
    return alternation_regex(words) if "" in words else WordAlternation(words)


def alternation_regex(words) -> re.Pattern:
    # Longest first, so that "Equatorial Guinean" wins over "Guinean" where both begin.
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
