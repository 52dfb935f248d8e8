"""Find repeats that backtrack catastrophically, on the parsed regex (fragments expanded).

Python's `re` backtracks: a repeat whose iterations can split the same text in more
than one way tries every split before it fails, 2^n of them for n iterations. That
happens when the end of one iteration can stretch over a character the next iteration
could start with: (a+)+, (\\w+\\s*)*, (a|aa)+, (a{2,})+. Each unbounded repeat is checked
for exactly that: the characters its body may optionally go on with at its end,
against the characters its body starts with. Characters are compared on a sample
alphabet (ASCII and a few others), enough for the classes rules use.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the regex engine's own opcode names
import re._parser as P  # noqa: N812
from functools import lru_cache

ALPHABET = tuple(chr(c) for c in range(32, 127)) + ("\n", "\t", "\u00a0", "é", "’", "–", "ж")
_ALL = frozenset(ALPHABET)
EMPTY: frozenset[str] = frozenset()
_CATEGORIES = {
    C.CATEGORY_DIGIT: str.isdigit, C.CATEGORY_SPACE: str.isspace,
    C.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
}
_NEGATED = {C.CATEGORY_NOT_DIGIT: C.CATEGORY_DIGIT, C.CATEGORY_NOT_SPACE: C.CATEGORY_SPACE,
            C.CATEGORY_NOT_WORD: C.CATEGORY_WORD}
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
CHECKED_ABOVE = 10  # repeats allowing more iterations than this are checked ({0,3} costs little)


@lru_cache(maxsize=4096)
def risk(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """A description of the first repeat that can backtrack catastrophically, or None."""
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None  # compiling reports it
    return _find(list(tree))


def _find(seq: list) -> str | None:
    for op, av in seq:
        for body in _children(op, av):
            if op in REPEATS and av[1] > CHECKED_ABOVE:
                shared = _tail(body) & _first(body)
                if shared or _nullable(body):
                    return _describe(av, shared)
            found = _find(body)
            if found:
                return found
    return None


def _describe(av, shared: frozenset[str]) -> str:
    upper = "" if av[1] == C.MAXREPEAT else av[1]
    where = f"its iterations can share {''.join(sorted(shared))[:8]!r}" if shared else "its body can match nothing"
    return f"repeat {{{av[0]},{upper}}}: {where}"


def _children(op, av) -> list[list]:
    if op in REPEATS or op == C.POSSESSIVE_REPEAT:
        return [list(av[2])]
    if op == C.SUBPATTERN:
        return [list(av[3])]
    if op == C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op == C.ATOMIC_GROUP:
        return [list(av)]
    return []


def _nullable(seq: list) -> bool:
    return all(_item_nullable(op, av) for op, av in seq)


def _item_nullable(op, av) -> bool:
    if op in REPEATS or op == C.POSSESSIVE_REPEAT:
        return av[0] == 0 or _nullable(list(av[2]))
    if op == C.BRANCH:
        return any(_nullable(list(b)) for b in av[1])
    if op in (C.SUBPATTERN, C.ATOMIC_GROUP):
        return _nullable(_children(op, av)[0])
    return op in (C.AT, C.ASSERT, C.ASSERT_NOT)


def _first(seq: list) -> frozenset[str]:
    """Characters a non-empty match of `seq` can start with."""
    out = set()
    for op, av in seq:
        out |= _item_first(op, av)
        if not _item_nullable(op, av):
            break
    return frozenset(out)


def _item_first(op, av) -> frozenset[str]:
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return EMPTY
    if op == C.BRANCH:
        return frozenset().union(*(_first(list(b)) for b in av[1]))
    kids = _children(op, av)
    return _first(kids[0]) if kids else _chars(op, av)


def _tail(seq: list) -> frozenset[str]:
    """Characters a match of `seq` may optionally go on with at its end (a longer match
    that continues where a shorter one stopped)."""
    out: set[str] = set()
    allowed = _ALL  # a lookahead at the end ("-(?=\s)") says what may follow the shorter match
    for op, av in reversed(seq):
        if op == C.ASSERT and av[0] == 1:
            allowed = allowed & _first(list(av[1]))
            continue
        out |= _item_tail(op, av) & allowed
        if not _item_nullable(op, av):
            break
        out |= _item_first(op, av) & allowed  # the item may be skipped, or taken
    return frozenset(out)


def _item_tail(op, av) -> frozenset[str]:
    if op in REPEATS:
        body = list(av[2])
        return _tail(body) | (_first(body) if av[1] > av[0] else EMPTY)
    if op == C.BRANCH:
        alts = [list(b) for b in av[1]]
        return frozenset().union(*(_tail(a) for a in alts))
    if op in (C.SUBPATTERN, C.ATOMIC_GROUP):
        return _tail(_children(op, av)[0])
    return EMPTY  # one character, an anchor, a lookaround, a possessive repeat: no choice at the end


def _chars(op, av) -> frozenset[str]:
    """The characters one single-character item matches (folded: rules mostly ignore case)."""
    if op == C.LITERAL:
        return _fold(chr(av))
    if op == C.NOT_LITERAL:
        return _ALL - _fold(chr(av))
    if op == C.ANY:
        return _ALL - {"\n"}
    if op == C.IN:
        return _class_chars(tuple(av))
    return _ALL  # a back-reference or anything unusual: assume the worst


@lru_cache(maxsize=4096)
def _class_chars(items: tuple) -> frozenset[str]:
    r"""The characters of a class ([^\w\s,-]); rules repeat the same few classes."""
    negate = any(o == C.NEGATE for o, _ in items)
    hit = frozenset(ch for ch in ALPHABET if any(_in_item(o, a, ch) for o, a in items))
    return _ALL - hit if negate else hit


def _in_item(op, av, ch: str) -> bool:
    if op == C.LITERAL:
        return ch in _fold(chr(av))
    if op == C.RANGE:
        return any(av[0] <= ord(c) <= av[1] for c in _fold(ch))
    if op == C.CATEGORY:
        test = _CATEGORIES.get(av) or _CATEGORIES.get(_NEGATED.get(av))
        if test is None:
            return True
        return test(ch) != (av in _NEGATED)
    return False


def _fold(ch: str) -> frozenset[str]:
    return frozenset((ch, ch.lower(), ch.upper()))
