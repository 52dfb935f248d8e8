"""Fatality tolls of one mention: the figures the fatality rules found, combined per ACLED.

Distinct victim groups in one sentence add up; across sentences a later, higher toll
supersedes an earlier one; a stated total wins; tolls of other events (an earlier
attack, a subset "including", a toll split across several events) are kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.hits import Hit
from pipeline.extract.numbers import TOO_LARGE, Counting, leading_quantity, parse_quantity, words_to_int
from pipeline.extract.spans import ClaimedSpans
from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class TollCues(CueSet):
    """The words tolls are read by: rules/cues/tolls.yaml, cue `toll-<field>` (see there what
    each one means)."""

    PREFIX = "toll"
    next_two_sentences: re.Pattern
    unverified: re.Pattern
    additive: re.Pattern
    note_end: re.Pattern
    name_item: re.Pattern
    article_item: re.Pattern
    place_tail: re.Pattern
    possessive: re.Pattern
    plural_without_count: re.Pattern
    both_count: re.Pattern
    both_coordination: re.Pattern
    list_separator: re.Pattern
    subset_before: re.Pattern
    earlier_event: re.Pattern
    accused_of: re.Pattern
    long_conflict: re.Pattern
    coded_separately: re.Pattern
    crosses_sentence: re.Pattern
    cause_clause: re.Pattern
    coded_as: re.Pattern
    split_note: re.Pattern
    one_of_n: re.Pattern
    across: re.Pattern
    tally_before: re.Pattern


def aggregate_fatalities(fatal_hits: list[Hit], sentences: set[int], counting: Counting, cues: TollCues,
                         crowd: bool = False) -> tuple[tuple[int, int, int], int, set[str]]:
    """The event's toll: the largest stated figure, victim groups of one sentence summed.
    For a protest or riot, a death named as its cause ("protested after a worker was
    killed") is not a death in the event."""
    injured = 0
    rules: set[str] = set()
    totals: list[tuple[int, int, int]] = []
    per_sentence: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    additive: set[tuple[int, int]] = set()
    taken = ClaimedSpans()
    coded = None
    fallback: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    fallback_rules: set[str] = set()
    disputed: list[tuple[int, int, int]] = []
    # Specific rules claim their spans first; a fallback hit overlapping one is the same victim.
    # A kill count claims its span before an injury one that overran it ("killed 11 soldiers
    # while others were wounded": the 11 are dead, not wounded).
    for h in sorted(fatal_hits, key=lambda h: (is_fallback(h.rule_id), h.data["rule"].role == "injured",
                                               -(h.end - h.start), h.start)):
        if h.sentence not in sentences or taken.overlaps(h.start, h.end):
            continue
        m, rule = h.data["match"], h.data["rule"]
        if crowd and cues.cause_clause.search(m.string, max(0, h.start - 90), h.start):
            continue
        if cues.earlier_event.search(m.string, max(0, h.start - 60), h.start) or cues.accused_of.search(m.string, max(0, h.start - 40), h.start) \
                or cues.long_conflict.search(m.string, max(0, h.start - 40), h.start):
            continue
        if cues.tally_before.search(m.string, max(0, h.start - 80), h.start):
            continue  # a running tally ("brings to 150 the number killed this year"), not this event's dead
        if cues.coded_separately.match(m.string, h.end):
            continue  # "bodies of 4 students killed in Dhaka (coded separately)": another event's toll
        if cues.crosses_sentence.search(m.group(0)):
            continue  # a loose pattern ran over a full stop ("... of Jerusalem.  He was killed")
        parts = _parts(m, counting, cues)
        if not parts:
            continue
        taken.add(h.start, h.end)
        q = _total(parts)
        if is_fallback(h.rule_id):
            fallback.setdefault((h.sentence, _sum_group(m.string, h.start, cues)), []).append(q)
            fallback_rules.add(h.rule_id)
            continue
        rules.add(h.rule_id)
        if rule.role == "injured":
            injured = max(injured, q[0])
        elif cues.coded_as.search(m.group(0)):
            coded = q  # the coder's own note ("fatalities coded as 0") outranks every reported figure
        elif _disputed(m.string, h.end, cues):
            disputed.append(q)
        elif rule.total:
            totals.append(q)
        else:
            key = (h.sentence, _sum_group(m.string, h.start, cues))
            per_sentence.setdefault(key, []).append(q)
            if cues.additive.search(m.group(0)):
                additive.add(key)
    if coded is None:
        coded = _coder_note(fatal_hits, counting, cues)
    if coded is not None:
        totals, per_sentence = [coded], {}
    killed = _sentence_tolls(per_sentence, additive)
    pool = totals + killed
    if not any(q[0] for q in pool):
        pool += disputed  # a figure the text calls unverified counts only when nothing else does
    if coded is None and not totals and not any(q[0] for q in killed) and fallback:
        # No figure and no "no casualties": the victims only a fallback rule saw ("the mayor was shot dead").
        pool += [_total(qs) for qs in fallback.values()]
        rules |= fallback_rules
    if not pool:
        return (0, 0, 0), injured, rules
    best = max(pool, key=lambda q: q[0])
    low, high = min(q[1] for q in pool if q[0] > 0) if best[0] > 0 else 0, max(q[2] for q in pool)
    parts = _split_parts(fatal_hits[0].data["match"].string, counting, cues) if best[0] > 0 else 1
    if parts > 1:
        # A toll stated for several coded events is shared between them, ACLED and GTD alike.
        return (int(best[0] / parts + 0.5), low // parts, -(-high // parts)), injured, rules
    return (best[0], low, high), injured, rules


def _total(figures) -> tuple[int, int, int]:
    """(toll, low, high) figures added up element by element: victim groups that add up.
    Held at TOO_LARGE, so that no number of absurd figures overflows a table's integers."""
    return tuple(min(sum(f[i] for f in figures), TOO_LARGE) for i in range(3))


def _disputed(text: str, end: int, cues: TollCues) -> bool:
    """A figure the rest of its sentence or the next one, before any other toll, calls unverified or contested ("claimed
    15 soldiers died, which has not been confirmed"; "The figures could not be verified.";
    "The villagers contest that figure"): ACLED codes the figure it can stand behind."""
    tail = cues.next_two_sentences.match(text, end)
    return bool(tail and cues.unverified.search(tail.group(0)))


def _sentence_tolls(per_sentence: dict, additive: set) -> list[tuple[int, int, int]]:
    """One toll per sentence: distinct victim groups in one sentence add up; across sentences
    the toll is restated, unless a later one names further victims ("2 other policemen were
    killed", "4 more bodies were found"), which add to the group named just before them (a
    summary "22 killed across Iraq" is not added to "7 other people" of its breakdown)."""
    out: list[tuple[int, int, int]] = []
    prev = None  # the main-clause toll of the latest earlier sentence, and that sentence
    for key in sorted(per_sentence):
        q = _total(per_sentence[key])
        if prev is not None and key[1] == 0 and key in additive and key[0] > prev[1]:
            q = _total((prev[0], q))
        out.append(q)
        if key[1] == 0:
            prev = (q, key[0])
    return out


def _coder_note(fatal_hits: list[Hit], counting: Counting, cues: TollCues) -> tuple[int, int, int] | None:
    """A note that is a sentence of its own ("2 fatalities.", "1 fatality, 3 injured.") or says
    "coded as" is the coder's figure for the whole text: it outranks the reported figures even
    when it closes the note a few sentences after the event."""
    for h in fatal_hits:
        m = h.data["match"]
        if h.data["rule"].coder_note and (cues.coded_as.search(m.group(0)) or (
                NOTE_START.search(m.string, max(0, h.start - 3), h.start) and cues.note_end.match(m.string, h.end))):
            parts = _parts(m, counting, cues)
            if parts:
                return _total(parts)
    return None


# A coder's note opens the text or follows a full stop or a semicolon.
NOTE_START = re.compile(r"(?:^|[.;]\s{1,2})$")


FALLBACK_PREFIX = "fallback-"


def is_fallback(rule_id: str) -> bool:
    """Rules named fallback-* see victims without a count ("a judge was shot dead"); their
    figures count only when no specific rule gave the mention a toll, so a victim named
    again inside a stated toll ("ten died, among them the mayor, who was shot") is not added."""
    return rule_id.startswith(FALLBACK_PREFIX)


def _parts(m: re.Match, counting: Counting, cues: TollCues) -> list[tuple[int, int, int]]:
    """The victim groups of one match: counts in n, n2, n3; a group `one`/`one2` is a single
    person named without a count ("was killed", "a priest and his driver"); a group `victims`
    is a list whose items each count their own figure, or one ("his son and four other men")."""
    parts = []
    for g in ("n", "n2", "n3"):
        if g in m.re.groupindex and m.group(g):
            q = parse_quantity(m.group(g), counting)
            if q is not None:
                parts.append(q)
    if len(parts) > 1 and cues.both_count.fullmatch(m.groupdict().get("n") or "") and cues.both_coordination.match(m.string, m.start("n")):
        parts = [(2, 2, 2)]  # "both the official and one of his guards": two people, not 2 + 1
    parts += [(1, 1, 1) for g in ("one", "one2") if g in m.re.groupindex and m.group(g)]
    if "victims" in m.re.groupindex and m.group("victims"):
        parts += _list_items(m.group("victims"), counting, cues)
    return parts


def _list_items(text: str, counting: Counting, cues: TollCues) -> list[tuple[int, int, int]]:
    """Each item of a victim list counts its figure, or one person. An item opened by an
    article right after a name and a bare comma is that person's apposition ("Garba, the
    director of admin and finance"), and so is a full name after a described person ("a party
    leader, Mian Mushtaq,"); a capitalised item after an apposition, or after an item naming
    a place ("residents of Dunbulwa and Kada"), is not a victim either. A
    plural without a count ("their families") adds no known number."""
    out: list[tuple[int, int, int]] = []
    pieces = cues.list_separator.split(text)
    prev_name = apposition = False
    prev_item, prev_sep = "", ""
    for k in range(0, len(pieces), 2):
        item, sep = pieces[k].strip(), prev_sep
        prev_sep = pieces[k + 1] if k + 1 < len(pieces) else ""
        if not item:
            continue
        name = bool(cues.name_item.match(item))
        if (prev_name or apposition) and cues.article_item.match(item) and BARE_COMMA.fullmatch(sep):
            # "Fadia Tai, an editor for al-Masar, a weekly newspaper, and her driver"
            apposition, prev_name, prev_item = True, False, item
            continue
        if name and (apposition or cues.place_tail.search(prev_item)):
            continue
        if FULL_NAME.match(item) and cues.article_item.match(prev_item) and BARE_COMMA.fullmatch(sep):
            continue  # "a party leader, Mian Mohammad Mushtaq, and his aides": the leader's name
        prev_name, prev_item = name, item
        if not counting.cues.leading_count.match(cues.possessive.sub("", item.lower())) and cues.plural_without_count.fullmatch(item):
            continue
        out.append(leading_quantity(cues.possessive.sub("", item), counting))
    return out


FULL_NAME = re.compile(r"[A-Z][\w’'-]+\s+[A-Z][\w’'-]+")
BARE_COMMA = re.compile(r"\s*,\s*")


# A bracket still open before a count: a bracketed note ("[another report says six]") gives an
# alternative figure, which does not add up with the victim groups of its sentence.
OPEN_NOTE = re.compile(r"[\[(][^\])]*$")


def _sum_group(text: str, start: int, cues: TollCues) -> int:
    """Which figures of one sentence are summed together: 0 for the main clause, 1 for a
    bracketed note, and a group of its own for a subset count."""
    if cues.subset_before.search(text, max(0, start - 40), start):
        return 2 + start
    return 1 if OPEN_NOTE.search(text, max(0, start - 120), start) else 0


def _split_parts(text: str, counting: Counting, cues: TollCues) -> int:
    """How many coded events share the stated toll. Both ACLED's "fatalities split between three events" and GTD's "one of three related
    attacks ... killed across the attacks" round to the nearest: ACLED hands the remainder
    to the first events (14 over three is 5, 5, 4), so the nearest share is the likeliest."""
    m = cues.split_note.search(text)
    if m:
        return max(words_to_int(m.group("k"), counting.words) or 1, 1)
    across = cues.across.search(text)
    if not across:
        return 1
    k = words_to_int(across.group("k"), counting.words) if across.group("k") else None
    if k is None:
        one_of = cues.one_of_n.search(text)
        k = words_to_int(one_of.group("k"), counting.words) if one_of else None
    return max(k or 1, 1)
