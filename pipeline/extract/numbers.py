"""Counts written as digits, number words or vague quantities, with their interval."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pipeline.rulebook.cues import CueSet
from pipeline.rulebook.loader import RuleBook
from pipeline.vocab import NumberWords


@dataclass(frozen=True)
class NumberCues(CueSet):
    """The shapes of a count phrase: rules/cues/numbers.yaml, cue `number-<field>`."""

    PREFIX = "number"
    qualifier: re.Pattern
    span: re.Pattern
    leading_count: re.Pattern


@dataclass(frozen=True)
class Counting:
    """Everything a count is read by: the number words and vague quantities of the
    vocabulary, and the cues."""

    words: NumberWords
    vague: dict[str, dict]
    cues: NumberCues

    @classmethod
    def of(cls, book: RuleBook) -> Counting:
        return cls(book.vocab.numbers, book.vocab.vague_quantities, book.cue_set(NumberCues))


# A figure past this many digits is no toll anyone reports: it is held at TOO_LARGE (a true
# lower bound of what was written) so that it stays an integer the tables can store, and
# the schema's ceiling on fatalities quarantines its row with that reason.
MAX_DIGITS = 15
TOO_LARGE = 10**MAX_DIGITS
POWER = re.compile(r"([\d,]+)\s*(\^|\*\*|e\+?)\s*(\d+)")  # "10^9", "10**9", "1e9"


def figure(digits: str) -> int:
    """A written number ("1,200", "10^9", "1e9", ten thousand nines) as a non-negative
    integer, at most TOO_LARGE; never raises, whatever its length."""
    if m := POWER.fullmatch(digits):
        mantissa, operator, exponent = m.groups()
        if operator.startswith("e"):  # 1e9: the mantissa times a power of ten
            return _power(10, exponent, figure(mantissa))
        return _power(figure(mantissa), exponent, 1)
    significant = digits.replace(",", "").lstrip("0")
    return TOO_LARGE if len(significant) > MAX_DIGITS else int(significant or "0")


def _power(base: int, exponent: str, factor: int) -> int:
    exponent = exponent.lstrip("0") or "0"
    if base <= 1 or factor == 0 or exponent == "0":
        return factor * (base if exponent != "0" else 1)
    if len(exponent) > 3 or int(exponent) * math.log10(base) + math.log10(factor) >= MAX_DIGITS:
        return TOO_LARGE
    return factor * base ** int(exponent)


def words_to_int(s: str, words: NumberWords) -> int | None:
    """A count in digits or number words ("1,200", "one hundred and five") as an integer;
    None for anything else."""
    s = s.lower().replace("-", " ")
    for joiner in words.joiners:
        s = s.replace(f" {joiner} ", " ")
    s = s.strip()
    if s in words.value_of:
        return words.value_of[s]
    if re.fullmatch(r"[\d,]+", s) or POWER.fullmatch(s):
        return figure(s)
    if s in words.phrases:
        return words.phrases[s]
    total, current = 0, 0
    for w in s.split():
        if w in words.value_of:
            current += words.value_of[w]
        elif w in words.tens:
            current += words.tens[w]
        elif w in words.scales and words.scales[w] >= 1000:
            total += (current or 1) * words.scales[w]
            current = 0
        elif w in words.scales:
            current = (current or 1) * words.scales[w]
        else:
            return None
    return total + current


def parse_quantity(raw: str, counting: Counting) -> tuple[int, int, int] | None:
    """Return (value, low, high) for a count phrase, ACLED's conservative value first."""
    # A dash before a count is punctuation ("killed -5 people"), never a sign: no toll is negative.
    s = " ".join(raw.lower().split()).lstrip("-−– ")
    qual, vague = None, counting.vague
    m = counting.cues.qualifier.match(s)
    if m:
        qual = " ".join(m.group(1).split())
        s = s[m.end():]
    if s in vague:
        v = vague[s]
        return int(v["value"]), int(v["low"]), int(v["high"])
    n = words_to_int(s, counting.words)
    if n is None and (rng := counting.cues.span.fullmatch(s)):
        lo, hi = words_to_int(rng.group(1), counting.words), words_to_int(rng.group(2), counting.words)
        if lo is not None and hi is not None:
            return min(lo, hi), min(lo, hi), max(lo, hi)  # the conservative end, the range kept
    if n is None:
        # A rule that captures a person's name in place of a count ("shot and killed Ahmad")
        # counts that one person.
        return (1, 1, 1) if re.fullmatch(r"[A-Z][a-z][\w'’-]*", raw.strip()) else None
    # ACLED codes the stated figure ("more than 90" is 90, "nearly 100" is 100);
    # the qualifier's kind widens the interval kept in fatalities_low/high.
    kind = counting.words.qualifier_kind.get(qual)
    if kind == "floor":
        return n, n, n * 2
    if kind == "ceiling":
        return n, max(n // 2, 0), n
    if kind == "about":
        return n, max(n - max(n // 5, 1), 0), n + max(n // 5, 1)
    return n, n, n


def leading_quantity(phrase: str, counting: Counting) -> tuple[int, int, int]:
    """The count that opens a victim phrase ("three bodyguards" 3, "several others" 3); a
    phrase without one names one person ("his driver", "Congressman Diego Turbay")."""
    s, vague = " ".join(phrase.lower().split()), counting.vague
    for word in sorted(vague, key=len, reverse=True):
        if s.startswith(word + " ") or s == word:
            v = vague[word]
            return int(v["value"]), int(v["low"]), int(v["high"])
    m = counting.cues.leading_count.match(s)
    if m:
        q = parse_quantity(m.group(0), counting)
        if q is not None:
            return q
    return (1, 1, 1)
