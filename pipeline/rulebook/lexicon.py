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
    """A regex matching any of the literal words, as a trie.

    Python's `re` tries the branches of a flat alternation one by one at every position;
    a trie (`Nige(?:ri(?:an|en))`) shares prefixes and fails after a character or two,
    which makes vocabularies of hundreds of names cheap. Longer words win over their
    prefixes because each node tries its continuations before ending."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


def expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > MAX_DEPTH:
        raise ValueError("fragment references nest too deeply (a cycle?)")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise UnknownFragment(name)
        return "(?:" + expand(fragments[name], fragments, depth + 1) + ")"

    return REFERENCE.sub(sub, pattern)


def backtracking_risk(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """A description of a repeat in `pattern` (fragments already expanded) that can
    backtrack catastrophically, or None; see backtracking.py."""
    from pipeline.rulebook.backtracking import risk

    return risk(pattern, flags)
