"""Associated actors: the identity or occupational group a side of the event belongs to.

ACLED names the demonstrators of a student protest "Protesters (Kenya)" and records the
students as assoc_actor_1 "Students (Kenya)"; villagers attacked by gunmen are actor2
"Civilians (Nigeria)" with the farmers among them as assoc_actor_2. The groups and the
words that name them are the vocabulary rules/vocab/identities.yaml; here they are only
looked for in the mention's evidence and given to the side they describe.
"""

from __future__ import annotations

import re

from pipeline.rulebook import lexicon

RIOTERS, PROTESTERS, CIVILIANS = 5, 6, 7  # ACLED inter codes


class AssociateFinder:
    def __init__(self, identities: dict[str, list[str]]) -> None:
        self.label_of = {w.lower(): label for label, words in identities.items() for w in words}
        words = list(self.label_of)
        self.pattern = re.compile(r"\b(?:" + lexicon.alternation(words) + r")\b", re.I) if words else None

    def groups(self, evidence: str) -> list[str]:
        """The identity labels named in the text, sorted, each once."""
        if self.pattern is None:
            return []
        return sorted({self.label_of[" ".join(m.group().lower().split())] for m in self.pattern.finditer(evidence)})

    def assign(self, evidence: str, inter1: int | None, inter2: int | None,
               country: str | None) -> tuple[str | None, str | None]:
        """(assoc_actor_1, assoc_actor_2): the groups named belong to peaceful demonstrators
        (actor1 protesters); otherwise to civilians acted upon (actor2 civilians: "rioters beat
        traders"), else to rioters; armed sides get none (ACLED names armed groups themselves)."""
        found = self.groups(evidence)
        if not found:
            return None, None
        named = "; ".join(f"{g} ({country})" if country else g for g in found)
        if inter1 == PROTESTERS:
            return named, None
        if inter2 == CIVILIANS:
            return None, named
        if inter1 == RIOTERS:
            return named, None
        return None, None
