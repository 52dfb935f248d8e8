"""Literal prefilters for regex rules, derived from the patterns themselves.

For each compiled pattern we compute a set of literal strings of which at least one
must occur in any text the pattern matches (e.g. `killed|killing|shot dead` gives
{"killed", "killing", "shot"}). One Aho-Corasick pass over the folded text then says
which rules can match at all, and only those regexes run. A pattern with no usable
literal (rare) is always run. Rule authors write plain regexes; nothing is declared.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the stdlib's own name for its constants
import re._parser as P  # noqa: N812
from collections.abc import Iterable

import ahocorasick

from pipeline.textfold import fold

MIN_LITERAL = 3  # shorter literals ("a", "in") occur in every text and filter nothing


def _literal_runs(items: list) -> list[set[str]]:
    """Candidate required-literal sets for one sequence of parsed items."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append({"".join(run).lower()})
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        sub = _required(op, av)
        if sub:
            candidates.append(sub)
    flush()
    return candidates


def _best(candidates: list[set[str]]) -> set[str] | None:
    usable = [c for c in candidates if c and min(len(s) for s in c) >= MIN_LITERAL]
    if not usable:
        return None
    # The most selective set: long literals, few alternatives.
    return max(usable, key=lambda c: (min(len(s) for s in c), -len(c)))


def _required(op, av) -> set[str] | None:
    if op is C.SUBPATTERN:
        return _best(_literal_runs(list(av[-1])))
    if op is C.BRANCH:
        sets = []
        for alt in av[1]:
            s = _best(_literal_runs(list(alt)))
            if s is None:
                return None  # one alternative needs no literal: the branch guarantees none
            sets.append(s)
        return set().union(*sets)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, item = av
        return _best(_literal_runs(list(item))) if lo >= 1 else None
    if op is C.ATOMIC_GROUP:
        return _best(_literal_runs(list(av)))
    return None


def required_literals(pattern: str) -> set[str] | None:
    """Literals one of which every match of `pattern` contains, or None if none can be found."""
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    return _best(_literal_runs(list(parsed)))


class Prefilter:
    """Maps a text to the indices of patterns that can possibly match it."""

    def __init__(self, patterns: Iterable[str], literals_of=required_literals) -> None:
        """`literals_of(pattern)` gives a pattern's required literals (a cache may answer)."""
        self.always: list[int] = []
        by_literal: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            lits = literals_of(p)
            if not lits:
                self.always.append(i)
                continue
            for lit in lits:
                by_literal.setdefault(fold(lit), []).append(i)
        self.automaton = ahocorasick.Automaton()
        for lit, idxs in by_literal.items():
            self.automaton.add_word(lit, tuple(idxs))
        self.empty = not by_literal
        if not self.empty:
            self.automaton.make_automaton()

    def candidates(self, folded: str) -> set[int]:
        out = set(self.always)
        if not self.empty:
            for _, idxs in self.automaton.iter(folded):
                out.update(idxs)
        return out
