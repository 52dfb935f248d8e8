"""Counts written as digits, number words or vague quantities, with their interval."""

from __future__ import annotations

import math
import re

UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "no": 0, "both": 2,
}
# Words a fatality rule captures in place of a count when they name one person: a singular
# definite victim ("the guard died"), a dying attacker ("the bomber blew himself up").
SINGLE = {"the", "his", "her", "him", "himself", "herself", "bomber", "suicide bomber", "assailant", "attacker",
          "perpetrator", "gunman", "suicide assailant", "suicide attacker"}
UNITS.update(dict.fromkeys(SINGLE, 1))
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
QUALIFIER_WORDS = (r"all|at\s+least|more\s+than|over|nearly|almost|up\s+to|about|around|approximately|some|as\s+many\s+as|"
                   r"roughly|a\s+total\s+of|an\s+estimated|no\s+fewer\s+than|fewer\s+than|less\s+than")
RANGE = re.compile(r"(?:between\s+)?(.+?)\s*(?:-|–|\bto\b|\bor\b|\band\b)\s*(.+)")
QUALIFIER = re.compile(rf"^({QUALIFIER_WORDS})\s+", re.I)


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


def words_to_int(s: str) -> int | None:
    s = s.lower().replace("-", " ").replace(" and ", " ").strip()
    if s in UNITS:
        return UNITS[s]
    if re.fullmatch(r"[\d,]+", s) or POWER.fullmatch(s):
        return figure(s)
    if s in ("a dozen", "dozen"):
        return 12
    total, current = 0, 0
    for w in s.split():
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif w == "a":
            current += 0
        else:
            return None
    return total + current


def parse_quantity(raw: str, vague: dict[str, dict]) -> tuple[int, int, int] | None:
    """Return (value, low, high) for a count phrase, ACLED's conservative value first."""
    # A dash before a count is punctuation ("killed -5 people"), never a sign: no toll is negative.
    s = " ".join(raw.lower().split()).lstrip("-−– ")
    qual = None
    m = QUALIFIER.match(s)
    if m:
        qual = " ".join(m.group(1).split())
        s = s[m.end():]
    if s in vague:
        v = vague[s]
        return int(v["value"]), int(v["low"]), int(v["high"])
    n = words_to_int(s)
    if n is None and (rng := RANGE.fullmatch(s)):
        lo, hi = words_to_int(rng.group(1)), words_to_int(rng.group(2))
        if lo is not None and hi is not None:
            return min(lo, hi), min(lo, hi), max(lo, hi)  # the conservative end, the range kept
    if n is None:
        # A rule that captures a person's name in place of a count ("shot and killed Ahmad")
        # counts that one person.
        return (1, 1, 1) if re.fullmatch(r"[A-Z][a-z][\w'’-]*", raw.strip()) else None
    # ACLED codes the stated figure ("more than 90" is 90, "nearly 100" is 100);
    # the qualifier widens the interval kept in fatalities_low/high.
    if qual in ("more than", "over", "at least", "no fewer than"):
        return n, n, n * 2
    if qual in ("nearly", "almost", "fewer than", "less than", "up to", "as many as"):
        return n, max(n // 2, 0), n
    if qual in ("about", "around", "approximately", "some", "roughly", "an estimated"):
        return n, max(n - max(n // 5, 1), 0), n + max(n // 5, 1)
    return n, n, n


_WORD = "|".join(sorted((w for w in (*UNITS, *TENS, "hundred", "thousand") if w not in SINGLE and " " not in w),
                        key=len, reverse=True))
LEADING_COUNT = re.compile(
    rf"^(?:(?:{QUALIFIER_WORDS})\s+)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_WORD})(?:[\s-](?:and[\s-])?(?:{_WORD})){{0,3}})(?![\w-])",
    re.I)


def leading_quantity(phrase: str, vague: dict[str, dict]) -> tuple[int, int, int]:
    """The count that opens a victim phrase ("three bodyguards" 3, "several others" 3); a
    phrase without one names one person ("his driver", "Congressman Diego Turbay")."""
    s = " ".join(phrase.lower().split())
    for word in sorted(vague, key=len, reverse=True):
        if s.startswith(word + " ") or s == word:
            v = vague[word]
            return int(v["value"]), int(v["low"]), int(v["high"])
    m = LEADING_COUNT.match(s)
    if m and not re.fullmatch(r"an?|one", m.group(0)):
        q = parse_quantity(m.group(0), vague)
        if q is not None:
            return q
    return (1, 1, 1)
