"""Fatality tolls of one mention: the figures the fatality rules found, combined per ACLED.

Distinct victim groups in one sentence add up; across sentences a later, higher toll
supersedes an earlier one; a stated total wins; tolls of other events (an earlier
attack, a subset "including", a toll split across several events) are kept apart.
"""

from __future__ import annotations

import re

from pipeline.extract.hits import Hit
from pipeline.extract.numbers import parse_quantity, words_to_int


def aggregate_fatalities(fatal_hits: list[Hit], sentences: set[int], vague: dict,
                crowd: bool = False) -> tuple[tuple[int, int, int], int, set[str]]:
    """The event's toll: the largest stated figure, victim groups of one sentence summed.
    For a protest or riot, a death named as its cause ("protested after a worker was
    killed") is not a death in the event."""
    killed: list[tuple[int, int, int]] = []
    injured = 0
    rules: set[str] = set()
    totals: list[tuple[int, int, int]] = []
    per_sentence: dict[int, list[tuple[int, int, int]]] = {}
    taken: list[tuple[int, int]] = []
    coded = None
    for h in sorted(fatal_hits, key=lambda h: (-(h.end - h.start), h.start)):
        if h.sentence not in sentences or any(h.start < e and s < h.end for s, e in taken):
            continue
        m, rule = h.data["match"], h.data["rule"]
        if crowd and CAUSE_CLAUSE.search(m.string, max(0, h.start - 90), h.start):
            continue
        if EARLIER_EVENT.search(m.string, max(0, h.start - 60), h.start):
            continue
        parts = []
        for g in ("n", "n2", "n3"):
            if g in m.re.groupindex and m.group(g):
                q = parse_quantity(m.group(g), vague)
                if q is not None:
                    parts.append(q)
        if not parts:
            continue
        taken.append((h.start, h.end))
        q = (sum(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts))
        rules.add(h.rule_id)
        if rule.role == "injured":
            injured = max(injured, q[0])
        elif CODED_AS.search(m.group(0)):
            coded = q  # the coder's own note ("fatalities coded as 0") outranks every reported figure
        elif rule.total:
            totals.append(q)
        else:
            per_sentence.setdefault((h.sentence, _sum_group(m.string, h.start)), []).append(q)
    if coded is not None:
        totals, per_sentence = [coded], {}
    for qs in per_sentence.values():
        # Distinct victim groups in one sentence add up; across sentences the toll is restated.
        killed.append((sum(q[0] for q in qs), sum(q[1] for q in qs), sum(q[2] for q in qs)))
    pool = totals + killed
    if not pool:
        return (0, 0, 0), injured, rules
    best = max(pool, key=lambda q: q[0])
    low, high = min(q[1] for q in pool if q[0] > 0) if best[0] > 0 else 0, max(q[2] for q in pool)
    parts = _split_parts(fatal_hits[0].data["match"].string) if best[0] > 0 else 1
    if parts > 1:
        # A toll stated for several coded events is shared between them, ACLED and GTD alike.
        return (int(best[0] / parts + 0.5), low // parts, -(-high // parts)), injured, rules
    return (best[0], low, high), injured, rules


# A count introduced by "including"/"among them" is part of a toll already stated, and a
# bracketed note ("[another report says six]") is an alternative figure: neither adds up
# with the other victim groups of its sentence.
SUBSET_BEFORE = re.compile(r"\b(?:including|among\s+(?:them|whom|the\s+dead|the\s+victims)|of\s+(?:them|whom))\s+"
                           r"(?:(?:at\s+least|about|some)\s+)?$", re.I)
# "... just 24 hours after one person was killed": a toll of an earlier event, in background.
EARLIER_EVENT = re.compile(r"\b(?:hours?|days?|weeks?|months?|a\s+day|a\s+week)\s+(?:after|since)\s+(?:[\w'’-]+\s+){0,6}?$",
                           re.I)
OPEN_NOTE = re.compile(r"[\[(][^\])]*$")


def _sum_group(text: str, start: int) -> int:
    """Which figures of one sentence are summed together: 0 for the main clause, 1 for a
    bracketed note, and a group of its own for a subset count."""
    if SUBSET_BEFORE.search(text, max(0, start - 40), start):
        return 2 + start
    return 1 if OPEN_NOTE.search(text, max(0, start - 120), start) else 0


CAUSE_CLAUSE = re.compile(r"\b(?:after|following|over|against|protest(?:ing|ed)?|condemn\w*|demand\w*|mourn\w*|"
                          r"commemorat\w*|anniversary|for\s+(?:the\s+)?(?:people|those|victims))\b[^.;]*$", re.I)
CODED_AS = re.compile(r"\bcoded\s+as\b", re.I)
SPLIT_NOTE = re.compile(r"\bfatalities\s+(?:were\s+|are\s+)?(?:split|divided)\s+(?:evenly\s+)?(?:between|among|across|over)\s+"
                        r"(?P<k>\w+)\s+(?:events|locations|days|incidents|villages|areas)\b", re.I)
ONE_OF_N = re.compile(r"\bone\s+of\s+(?P<k>\w+)\s+(?:(?:related|coordinated|similar|simultaneous|separate)\s+)?"
                      r"(?:attacks|assaults|incidents|events|bombings|explosions|raids|clashes)\b", re.I)
ACROSS = re.compile(r"\bacross\s+(?:the\s+|all\s+|these\s+|both\s+)?(?:(?P<k>\w+)\s+)?(?:(?:related|coordinated|ensuing|separate)\s+)?"
                    r"(?:attacks|assaults|incidents|events|bombings|explosions|raids|clashes|locations)\b", re.I)


def _split_parts(text: str) -> int:
    """How many coded events share the stated toll: ACLED's "fatalities split between three
    events", GTD's "one of three related attacks ... killed across the attacks"."""
    m = SPLIT_NOTE.search(text)
    if m:
        return max(words_to_int(m.group("k")) or 1, 1)
    across = ACROSS.search(text)
    if not across:
        return 1
    k = words_to_int(across.group("k")) if across.group("k") else None
    if k is None:
        one_of = ONE_OF_N.search(text)
        k = words_to_int(one_of.group("k")) if one_of else None
    return max(k or 1, 1)
