"""Named regex fragments, referenced from any rule as {name}.

Fragments may reference other fragments. Some are generated from the vocabularies
(month names, demonyms, vague quantities) so that a vocabulary edit reaches every
rule that uses it. Quantifiers like {2,3} are not references: names are lowercase words.
"""

from __future__ import annotations

import re

REFERENCE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
MAX_DEPTH = 10


class UnknownFragment(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so prefixes do not shadow."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


def expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > MAX_DEPTH:
        raise ValueError("fragment references nest too deeply (a cycle?)")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise UnknownFragment(name)
        return "(?:" + expand(fragments[name], fragments, depth + 1) + ")"

    return REFERENCE.sub(sub, pattern)


# A quantified group that itself contains an unbounded quantifier: (a+)+, (\w+\s*)*, ...
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*]")


def backtracking_risk(pattern: str) -> str | None:
    m = NESTED_QUANTIFIER.search(pattern)
    return m.group(0) if m else None
