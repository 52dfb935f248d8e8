"""Literal prefilters for regex rules, derived from the patterns themselves.

For each compiled pattern we compute a set of literal strings of which at least one
must occur in any text the pattern matches (e.g. `killed|killing|shot dead` gives
{"killed", "killing", "shot"}). One Aho-Corasick pass over the folded text then says
which rules can match at all, and only those regexes run. A pattern with no usable
literal (rare) is always run. Rule authors write plain regexes; nothing is declared.

Most rule patterns also *start* with a literal alternation (`\b(?:gunmen|militants)...`).
Python's `re` cannot skip ahead to such a start and tries every position of the text;
the same automaton pass gives the positions where those prefixes occur, and the
pattern is matched only there (`matches_at`), which yields exactly what `finditer`
would: a match can only begin where one of its prefixes does.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the stdlib's own name for its constants
import re._parser as P  # noqa: N812
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import ahocorasick

from pipeline.textfold import fold

MIN_LITERAL = 3  # shorter literals ("a", "in") occur in every text and filter nothing
MAX_PREFIX = 24  # a longer prefix is no more selective, only a larger automaton
MAX_PREFIXES = 2000  # combinations of alternations beyond this stop growing longer
ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))
DIGITS = "0123456789"
DASHES = "‐‑‒–—―−"


class _RuleFoldTable(dict):
    r"""What the rule fold reads before the plain fold (filled on first use of a code point):
    - "ı" matches "i" under re.IGNORECASE, yet fold() maps it to "x";
    - every Unicode decimal digit matches `\d` like an ASCII one, so reads as "0";
    - the dashes read as "-", so that a pattern's dash is a usable prefix (fold() makes
      most of them a space, which begins nothing selective);
    - all whitespace reads as a space, as `\s` takes it, so a prefix may run on through
      the space after a short word ("at least", "up to")."""

    def __missing__(self, codepoint: int) -> str:
        c = chr(codepoint)
        value = ("i" if c == "ı" else "-" if c in DASHES else " " if c.isspace()
                 else "0" if c.isdecimal() and not c.isascii() else c)
        self[codepoint] = value
        return value


_RULE_TABLE = _RuleFoldTable()
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if c.isspace() and c != " "})


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


class _NotLiteral(Exception):
    """The sequence can begin with something other than a literal."""


def _starts(items: list, i: int = 0) -> set[tuple[str, bool]]:
    """Pairs (s, whole): every match of items[i:] begins with one of the strings s;
    `whole` when s is everything the sequence can match."""
    while i < len(items) and items[i][0] in ZERO_WIDTH:
        i += 1
    if i == len(items):
        return {("", True)}
    heads = _item_starts(*items[i])
    growing = [h for h, whole in heads if whole and len(h) < MAX_PREFIX]
    out = {(h, False) for h, whole in heads if not whole or len(h) >= MAX_PREFIX}
    if not growing:
        return out
    try:
        rest = _starts(items, i + 1)
    except _NotLiteral:
        rest = {("", False)}
    if len(growing) * len(rest) > MAX_PREFIXES:  # enough: the heads alone begin every match
        return out | {(h, False) for h in growing}
    return out | {(h + tail, more) for h in growing for tail, more in rest}


def _item_starts(op, av) -> set[tuple[str, bool]]:
    if op is C.LITERAL:
        return {(chr(av), True)}
    if op is C.SUBPATTERN:
        return _starts(list(av[-1]))
    if op is C.BRANCH:
        return set().union(*(_starts(list(alt)) for alt in av[1]))
    if op is C.IN:
        return {(c, True) for c in _class_members(av)}
    if op in REPEATS:
        lo, hi, item = av
        heads = _starts(list(item))
        if hi > 1:  # X{0,1} is X or nothing; more repeats go on past one X
            heads = {(h, False) for h, _ in heads}
        return heads | {("", True)} if lo == 0 else heads
    raise _NotLiteral


def _class_members(items: list) -> set[str]:
    """The characters of a small character class ([-–], [0-9], \\d), as the rule fold reads them."""
    members: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            members.add(chr(av))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            members.update(DIGITS)
        elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
            members.add(" ")
        elif op is C.RANGE and av[1] - av[0] < len(DIGITS):
            members.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            raise _NotLiteral
    return members


def _selective(prefix: str) -> bool:
    """A prefix worth anchoring on: MIN_LITERAL characters or more, a one-letter word with
    its space ("a dozen"), or a start without letters (a digit, a dash), which ordinary
    prose holds few of. A space begins nothing selective."""
    if not prefix or prefix[0] == " ":
        return False
    return len(prefix) >= MIN_LITERAL or prefix.endswith(" ") or not any(c.isalpha() for c in prefix)


def literal_prefixes(pattern: str) -> set[str] | None:
    """Literals one of which every match of `pattern` begins with (after zero-width
    assertions), or None when a match can begin otherwise or with an unselective prefix."""
    try:
        found = _starts(list(P.parse(pattern)))
    except (_NotLiteral, re.error, RecursionError):
        return None
    if not found or not all(_selective(rule_fold(s)) for s, _ in found):
        return None
    prefixes = {s for s, _ in found}
    # "shot" already marks every place "shot dead" begins.
    return {s for s in prefixes if not any(s[:k] in prefixes for k in range(1, len(s)))}


def rule_fold(text: str, folded: str | None = None) -> str:
    """The text (or a literal) folded for the rule automaton (see _RuleFoldTable), of the
    same length; `folded`, the text's plain fold, is reused for ASCII text."""
    if text.isascii():
        return (text.lower() if folded is None else folded).translate(_ASCII_SPACES)
    return fold(text.translate(_RULE_TABLE))


def matches_at(regex: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """What `regex.finditer(text)` yields, for a regex whose every match begins at one of
    `starts` (ascending): leftmost matches, each search resuming where the last ended."""
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = regex.match(text, s)
        if m is not None and m.end() > m.start():
            yield m
            pos = m.end()


@dataclass
class Scan:
    """One text's automaton pass: the patterns that can match it, and for patterns with
    literal prefixes (`anchored`), the positions where a match can begin."""

    candidates: set[int]
    anchored: frozenset[int] = frozenset()
    starts: dict[int, list[int]] = field(default_factory=dict)

    def matches(self, i: int, regex: re.Pattern, text: str) -> Iterator[re.Match]:
        """What regex (pattern i) `.finditer(text)` yields."""
        if i not in self.anchored:
            return regex.finditer(text)
        return matches_at(regex, text, sorted(set(self.starts.get(i, ()))))


class Prefilter:
    """Maps a text to the indices of patterns that can possibly match it."""

    def __init__(self, patterns: Iterable[str], literals_of=required_literals, prefixes_of=literal_prefixes) -> None:
        """`literals_of(pattern)` gives a pattern's required literals, `prefixes_of(pattern)`
        its literal prefixes (a cache may answer both)."""
        self.always: list[int] = []
        required: dict[str, list[int]] = {}
        prefixed: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            for lit in prefixes_of(p) or ():
                prefixed.setdefault(rule_fold(lit), []).append(i)
            lits = literals_of(p)
            if not lits:
                self.always.append(i)
            for lit in lits or ():
                required.setdefault(rule_fold(lit), []).append(i)
        self.automaton = ahocorasick.Automaton()
        for lit in required.keys() | prefixed.keys():
            self.automaton.add_word(lit, (len(lit), tuple(required.get(lit, ())), tuple(prefixed.get(lit, ()))))
        self.anchored = frozenset(i for idxs in prefixed.values() for i in idxs)
        self.empty = not (required or prefixed)
        if not self.empty:
            self.automaton.make_automaton()

    def scan(self, folded: str) -> Scan:
        """The candidates of a text folded by `rule_fold`, with the start positions of its
        anchored patterns."""
        candidates = set(self.always)
        starts: dict[int, list[int]] = {}
        if not self.empty:
            for end, (size, req, pre) in self.automaton.iter(folded):
                candidates.update(req)
                for i in pre:
                    starts.setdefault(i, []).append(end - size + 1)
        return Scan(candidates, self.anchored, starts)
