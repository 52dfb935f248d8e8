"""Actor recognition: a dictionary automaton for named groups, regex rules for generic actors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import ahocorasick

from pipeline.rulebook.cues import CueSet
from pipeline.rulebook.loader import RuleBook
from pipeline.rulebook.prefilter import required_literals, rule_fold
from pipeline.textfold import fold


@dataclass(frozen=True)
class ActorHit:
    start: int
    end: int
    name: str  # may hold a {country} placeholder until the event's country is known
    inter: int
    rule_id: str
    role: str  # actor1 / actor2 / any
    country_iso3: str | None = None  # from a demonym in the match, or the actor's home country
    valid_from: str | None = None
    valid_to: str | None = None
    operates_in: tuple[str, ...] = ()  # other countries a named group acts in
    as_victim: str | None = None  # the actor these words name when acted upon (see ActorPatternRule)

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country the actor's name points to, home country first."""
        return (self.country_iso3, *self.operates_in) if self.country_iso3 else self.operates_in


@dataclass(frozen=True)
class ActorCues(CueSet):
    """The words that discover groups the dictionary lacks: rules/cues/actors.yaml, cue `actor-<field>`."""

    PREFIX = "actor"
    group_word: re.Pattern
    discover_named: re.Pattern
    discover_claim: re.Pattern
    not_a_group: re.Pattern
    leading_article: re.Pattern


class ActorMatcher:
    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.cues = book.cue_set(ActorCues)
        # The literals one of which every match of each discovery pattern holds (as the rule
        # prefilter finds them): most texts hold none, and the pattern is not run over those.
        self._discovery_literals = tuple(_folded_literals(rx) for rx in (self.cues.discover_named,
                                                                         self.cues.discover_claim))
        self.insensitive = ahocorasick.Automaton()
        self.sensitive = ahocorasick.Automaton()
        # One alias may name different actors in different periods (a group renamed):
        # every payload is kept and the one valid on the publication date is chosen.
        by_key: dict[str, list[tuple]] = {}
        by_sensitive: dict[str, list[tuple]] = {}
        for a in book.actors:
            payload = (a.name, a.inter, a.id, a.country, a.valid_from, a.valid_to, tuple(a.operates_in), a.as_victim)
            for alias in sorted({a.name, *a.aliases}):
                key = fold(alias)
                if len(key) >= 2:
                    by_key.setdefault(key, []).append(payload)
            for alias in sorted(set(a.case_sensitive_aliases)):
                by_sensitive.setdefault(alias, []).append(payload)
        for key, payloads in by_key.items():
            self.insensitive.add_word(key, (len(key), tuple(payloads)))
        for key, payloads in by_sensitive.items():
            self.sensitive.add_word(key, (len(key), tuple(payloads)))
        n_ins, n_sen = len(by_key), len(by_sensitive)
        if n_ins:
            self.insensitive.make_automaton()
        if n_sen:
            self.sensitive.make_automaton()
        self._has = (n_ins > 0, n_sen > 0)
        self.demonym_country = {}
        for c in book.vocab.countries.values():
            for d in c.demonyms:
                self.demonym_country[d.lower()] = c.iso3

    def _dictionary_hits(self, text: str, folded: str, day: dt.date | None) -> list[ActorHit]:
        hits: list[ActorHit] = []
        for use, automaton, hay in ((self._has[0], self.insensitive, folded), (self._has[1], self.sensitive, text)):
            if not use:
                continue
            n = len(hay)
            for end_idx, (length, payloads) in automaton.iter(hay):
                start, end = end_idx - length + 1, end_idx + 1
                if (start > 0 and hay[start - 1].isalnum()) or (end < n and hay[end].isalnum()):
                    continue
                chosen = _pick_valid(payloads, day)
                if chosen is None:
                    continue
                name, inter, rid, country, vf, vt, operates_in, as_victim = chosen
                hits.append(ActorHit(start, end, name, inter, rid, "any", country, vf, vt, operates_in, as_victim))
        return _longest(hits)

    def find(self, text: str, folded: str, publication_date: dt.date | None, matches=None) -> list[ActorHit]:
        """`matches(regex, text)` (from the extractor's literal prefilter) yields what
        `regex.finditer(text)` would, trying only where a match can begin and nothing for a
        pattern that cannot match."""
        hits = self._dictionary_hits(text, folded, publication_date)
        for cr in self.book.rules("actor_pattern"):
            rule = cr.rule
            for rx in cr.regexes:
                for m in (rx.finditer(text) if matches is None else matches(rx, text)):
                    iso3 = None
                    if "demonym" in rx.groupindex and m.group("demonym"):
                        iso3 = self.demonym_country.get(" ".join(m.group("demonym").lower().split()))
                    if "group" in rx.groupindex:
                        hits += self._group_hits(m, rule, iso3)
                    else:
                        hits.append(ActorHit(m.start(), m.end(), rule.actor, rule.inter, rule.id, rule.role, iso3,
                                             as_victim=rule.as_victim))
        low = rule_fold(text, folded)
        runs = [lits is None or any(lit in low for lit in lits) for lits in self._discovery_literals]
        hits += _discovered_groups(text, hits, self.cues, runs)
        # A named group beats a generic pattern on the same words ("Taliban militants").
        return _drop_trailing_generic(_longest(hits), text)

    def _group_hits(self, m: re.Match, rule, iso3: str | None) -> list[ActorHit]:
        """Actors named after the community a pattern captured (`{group}` in the rule's actor):
        the ethnic group's or clan's label from the vocabulary, else the words as written (a
        village's militia). A pattern naming two communities (`group2`, "clashes between the
        Orma and the Wardei") yields one actor at each name; one naming a single community
        covers the whole match ("Pokot raiders")."""
        spans = [g for g in ("group", "group2") if g in m.re.groupindex and m.group(g)]
        out = []
        for g in spans:
            words = m.group(g)
            label = self.book.vocab.community_label(words) or " ".join(words.split())
            start, end = m.span(g) if "group2" in m.re.groupindex else m.span()
            out.append(ActorHit(start, end, rule.actor.replace("{group}", label), rule.inter, rule.id, rule.role, iso3,
                                as_victim=rule.as_victim))
        return out


def _pick_valid(payloads: tuple, day: dt.date | None) -> tuple | None:
    """The actor an alias names on `day`; with no date, the current name."""
    if day is None:
        current = [p for p in payloads if not p[5]]
        return (current or list(payloads))[0]
    iso = day.isoformat()
    for p in payloads:
        vf, vt = p[4], p[5]
        if not ((vf and iso < str(vf)) or (vt and iso > str(vt))):
            return p
    return None


def _longest(hits: list[ActorHit]) -> list[ActorHit]:
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), "{" in h.name))
    out: list[ActorHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            prev = out[-1]
            # Prefer a named actor that overlaps a generic one even when shorter.
            if "{" in prev.name and "{" not in h.name:
                out[-1] = h
            continue
        out.append(h)
    return out


def _drop_trailing_generic(hits: list[ActorHit], text: str) -> list[ActorHit]:
    """A generic noun right after a named actor describes that actor ("JNIM militants",
    "ONLF fighters"), it is not a second one."""
    out: list[ActorHit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (prev is not None and "{" in h.name and "{" not in prev.name and h.start - prev.end <= 2
                and not text[prev.end:h.start].strip()):
            continue
        out.append(h)
    return out


def _folded_literals(regex: re.Pattern) -> tuple[str, ...] | None:
    """The required literals of `regex` as rule_fold reads them (None: it has none we can read)."""
    literals = None if regex.flags & re.VERBOSE else required_literals(regex.pattern)
    return None if literals is None else tuple(rule_fold(lit) for lit in literals)


def _discovered_groups(text: str, known: list[ActorHit], cues: ActorCues,
                       runs: list[bool] = (True, True)) -> list[ActorHit]:
    """Groups the dictionary does not know, named where the story introduces them: "a group
    calling itself the Red Dawn Brigade", "the Popular Revolutionary Front claimed
    responsibility". The name is kept as written; a claim needs a word that marks a group
    (or an acronym), so that "Interior Minister Ali Khan claimed" names no one. `runs` says
    which of the two patterns can match at all."""
    out: list[ActorHit] = []
    for (rx, needs_group_word), run in zip(((cues.discover_named, False), (cues.discover_claim, True)), runs, strict=True):
        if not run:  # the text holds none of its literals: it cannot match
            continue
        for m in rx.finditer(text):
            key = "name" if m.group("name") else "name2"
            name, start, end = m.group(key), m.start(key), m.end(key)
            lead = cues.leading_article.match(name)
            if lead:  # a sentence-initial article
                name, start = name[lead.end():], start + lead.end()
            if cues.not_a_group.match(name) or any(h.start < end and start < h.end for h in known):
                continue
            acronym = re.fullmatch(r"[A-Z][A-Z0-9-]{2,}", name)
            if needs_group_word and not (acronym or (cues.group_word.search(name) and " " in name)):
                continue  # a lone "Front" is a fragment, not a name
            out.append(ActorHit(start, end, name, 2, "discovered-group", "actor1"))
    return out
