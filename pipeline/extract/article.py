"""One article's text to its event mentions.

The text is scanned once per rule kind (each compiled regex runs over the whole
article, the gazetteer and actor dictionaries are single automaton passes), and
every hit is mapped to its sentence. Sentences with an uncancelled event trigger
are grouped into mentions: a sentence that carries its own, different date starts
a new mention (a background event), everything else joins the article's main event.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass

from pipeline.dateparse import parse_phrase
from pipeline.extract import dates as date_resolver
from pipeline.extract.actors import ActorMatcher
from pipeline.extract.anchors import TimeAnchors
from pipeline.extract.associates import AssociateFinder
from pipeline.extract.cancellation import cancel
from pipeline.extract.date_ranges import DateRangeCues, is_window, resolve_range, resolve_window
from pipeline.extract.dates import DateCues
from pipeline.extract.deadline import Deadline, no_check
from pipeline.extract.hits import ArticleResult, Hit
from pipeline.extract.numbers import Counting
from pipeline.extract.places import PlaceResolver, ResolvedPlace
from pipeline.extract.roles import (
    ARMED_INTER,
    CROWDS,
    RoleCues,
    Sides,
    assign_actors,
    interaction,
    name_gangs,
    names_armed_group,
    on_front_line,
    read_sides,
)
from pipeline.extract.sentences import SentenceCues, split_sentences
from pipeline.extract.spans import ClaimedSpans
from pipeline.extract.tolls import TollCues, aggregate_fatalities
from pipeline.rulebook.cues import CueSet
from pipeline.rulebook.loader import RuleBook
from pipeline.rulebook.pattern_cache import LazyPattern
from pipeline.rulebook.prefilter import Prefilter, Scan, rule_fold
from pipeline.textfold import fold, is_mostly_upper

YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
SAME_EVENT_DAYS = 1
# A mention dated this long before publication is background reporting; a vague one
# (year only) is too vague to code at all.
BACKGROUND_DAYS = 60
# Event types whose report is escalated by a later, more severe trigger in the same story
# (a protest that turns into a riot; an arrest after an attack keeps the attack).
ESCALATE_FROM = {"Protests", "Strategic developments"}
ALWAYS_ESCALATE = {"Suicide bomb", "Chemical weapon"}
# Sentences around a rule's `needs_nearby` trigger within which the rule counts
# (vandalised, stormed, clashed count only near a live protest trigger).
PROTEST_REACH = 2
FATALITY_REACH = 2  # sentences around an event sentence whose tolls belong to it
STATED_MODES = ("absolute", "month", "year")  # date rules whose phrase carries its own year
RELATIVE_MODES = ("weekday", "relative")  # date rules whose phrase counts from the day of the report
YEAR_PRECISION = 4


@dataclass(frozen=True)
class ArticleCues(CueSet):
    """The words captions and armed sides are read by: rules/cues/article.yaml, cue `article-<field>`."""

    PREFIX = "article"
    caption: re.Pattern
    caption_after_credit: re.Pattern
    armed_sides: re.Pattern
    armed_perpetrators: re.Pattern
    refers_back: re.Pattern


class Extractor:
    """Everything compiled once per run: rules, actor automata, the gazetteer."""

    def __init__(self, book: RuleBook, places: PlaceResolver) -> None:
        self.book = book
        self.vocab = book.vocab
        self.actors = ActorMatcher(book)
        self.places = places
        self.anchors = TimeAnchors(book.vocab)
        self.associates = AssociateFinder(book.vocab.identities)
        # Every regex of every kind behind one literal prefilter: one automaton pass per
        # text says which regexes can match, and only those run.
        self._regexes = [(kind, cr, rx) for kind in sorted(book.by_kind) for cr in book.rules(kind) for rx in cr.regexes]
        self._regex_index = {id(rx): i for i, (_, _, rx) in enumerate(self._regexes)}
        flags_of = {rx.pattern: rx.flags for _, _, rx in self._regexes}
        self._prefilter = Prefilter((rx.pattern for _, _, rx in self._regexes),
                                    lambda p: book.patterns.literals(p, flags_of[p]),
                                    lambda p: book.patterns.prefixes(p, flags_of[p]))

    def warm_up(self) -> None:
        """Do now what the first articles would otherwise pay for (compiling every rule regex,
        reading the gazetteer's automaton, loading dateparser's language data), so that a
        time limit charges each article for its own work only."""
        for _, _, rx in self._regexes:
            if isinstance(rx, LazyPattern):
                rx.compiled()
        _ = self.places.gazetteer.automaton  # read from the cache on first use otherwise
        parse_phrase("1 January 2000", None, prefer_past=False)

    # -- scanning ---------------------------------------------------------------
    def _scan(self, kind: str, text: str, sent_of, scan: Scan, check=no_check) -> list[Hit]:
        hits = []
        for i in sorted(scan.candidates):
            k, cr, rx = self._regexes[i]
            if k != kind or (i in scan.anchored and i not in scan.starts):
                continue  # an anchored pattern none of whose prefixes occurs: not even compiled
            check()
            for m in scan.matches(i, rx.compiled() if isinstance(rx, LazyPattern) else rx, text):
                check()
                if m.end() == m.start():
                    continue
                hits.append(Hit(kind, cr.id, m.start(), m.end(), sent_of(m.start()), {"match": m, "rule": cr.rule}))
        hits.sort(key=lambda h: (h.start, h.end, h.rule_id))
        return hits

    def _matcher(self, scan: Scan):
        """What `regex.finditer(text)` yields for one of the rule book's regexes, found as the
        rule scans find theirs: nothing when the prefilter rules the pattern out, else only
        where one of its prefixes occurs when it is anchored."""
        def matches(rx, text: str):
            i = self._regex_index.get(id(rx))
            if i not in scan.candidates:
                return ()
            return scan.matches(i, rx.compiled() if isinstance(rx, LazyPattern) else rx, text)
        return matches

    def extract(self, article_id: str, text: str, publication_date: dt.date | None,
                trace: bool = False, deadline: Deadline | None = None) -> ArticleResult:
        """`trace` scans every rule kind even when no event trigger survives, so that
        `explain` and the rule examples can show everything that fired. With a `deadline`,
        an article that overruns it raises ArticleTimeout (see deadline.py)."""
        check = deadline.check if deadline is not None else no_check
        spans = split_sentences(text, self.book.cue_set(SentenceCues))
        check()
        starts = [s for s, _ in spans]

        def sent_of(pos: int) -> int:
            return max(bisect.bisect_right(starts, pos) - 1, 0)

        folded = fold(text)
        upper = is_mostly_upper(text)
        scan = self._prefilter.scan(rule_fold(text, folded))
        check()
        triggers = self._scan("event", text, sent_of, scan, check)
        filters = self._scan("filter", text, sent_of, scan, check)
        cancel(triggers, filters)
        check()
        live = _article_cancels(_needs_nearby([t for t in triggers if t.cancelled_by is None]), filters)
        if not live and not trace:  # most texts of a general news feed stop here
            return ArticleResult([], triggers + filters, spans)
        date_hits = self._scan("date", text, sent_of, scan, check)
        fatal_hits = self._scan("fatality", text, sent_of, scan, check)
        actor_hits = self.actors.find(text, folded, publication_date, matches=self._matcher(scan))
        check()
        place_hits = self.places.find(text, folded, upper)
        check()
        hits: list[Hit] = triggers + filters + date_hits + fatal_hits
        for h in actor_hits:
            hits.append(Hit("actor", h.rule_id, h.start, h.end, sent_of(h.start), {"actor": h.name}))
        live = _with_participants(live, actor_hits, sent_of)
        if not live:
            return ArticleResult([], hits, spans)

        context_year = max((int(y) for y in YEAR.findall(text)), default=None)
        # Office-holder anchors cost a scan of the text: only undated articles with a
        # day-and-month phrase need them.
        needs_anchor = publication_date is None and any(h.data["rule"].mode == "relative" for h in date_hits)
        year_reference = self.anchors.window(text)[1] if needs_anchor else None
        datelines = date_resolver.dateline_spans(text)
        # Dateline dates (the filing date), span ends ("until 9 October") and the day a report
        # was made ("police said today") date no event.
        date_cues = self.book.cue_set(DateCues)
        date_hits = [h for h in date_hits if not _set_aside(h, text, datelines, date_cues)]
        resolved_dates = self._resolve_dates(date_hits, publication_date, context_year, year_reference, check)
        resolved_dates = _years_beside_unplaced_days(resolved_dates, date_hits, publication_date)
        captions = _captions(text, spans, self.book.cue_set(ArticleCues))
        resolved_dates = _carry_dates(resolved_dates, spans, text)
        resolved_dates = _dating(resolved_dates, {h.sentence for h in date_hits if h.data["rule"].mode in RELATIVE_MODES})
        clusters = _cluster(live, resolved_dates, captions, _lead_date(resolved_dates, captions))
        clusters = [c for c in clusters if not _too_vague(c, publication_date)]
        if not clusters:
            return ArticleResult([], hits, spans)
        check()
        article_places = self.places.resolve_article(text, place_hits, actor_hits, spans, upper, folded)
        refers_back = self.book.cue_set(ArticleCues).refers_back
        clusters = _split_by_place(clusters, article_places,
                                   {k for k, (s, e) in enumerate(spans) if refers_back.search(text, s, e)})
        check()
        decision_hits = self._scan("decision", text, sent_of, scan, check)
        hits += decision_hits
        mentions = []
        for k, cluster in enumerate(clusters):
            check()
            mentions.append(self._mention(article_id, k, text, spans, cluster, resolved_dates, fatal_hits,
                                          actor_hits, article_places, publication_date, main=(k == 0),
                                          other_sentences={s for c in clusters if c is not cluster for s in c["sentences"]},
                                          clusters_lead_date=clusters[0].get("date"), decisions=decision_hits))
        for p in article_places.hits:
            hits.append(Hit("place", p.rule_id, p.start, p.end, sent_of(p.start), {"place": p.place["name"]}))
        return ArticleResult(mentions, hits, spans, dating=[c.get("dated_by") for c in clusters])

    # -- dates ------------------------------------------------------------------
    def _resolve_dates(self, date_hits: list[Hit], pub: dt.date | None, context_year: int | None,
                       year_reference: dt.date | None, check=no_check) -> list[Hit]:
        out = []
        taken = ClaimedSpans()
        cues, range_cues = self.book.cue_set(DateCues), self.book.cue_set(DateRangeCues)
        # The text's habit ("13/02/2014" somewhere) decides how its ambiguous numeric dates read.
        first_is_day = bool(date_hits) and date_resolver.day_first(date_hits[0].data["match"].string)
        # Longer phrases first, so "Thursday August 3" wins over "Thursday" and "August 3".
        for h in sorted(date_hits, key=lambda h: (-(h.end - h.start), h.start)):
            check()
            if taken.overlaps(h.start, h.end):
                h.data["unresolved"] = "part of a longer date phrase"
                continue
            rule = h.data["rule"]
            phrase = h.data["match"].group(0)
            stated = date_resolver.YEAR.search(phrase) is not None
            if rule.mode == "range" and is_window(phrase, range_cues):
                # "sometime between 14 and 20 August": one event on a day nobody reported.
                win = resolve_window(phrase, pub, range_cues)
                if win is None:
                    h.data["unresolved"] = _no_date_reason(pub)
                    continue
                h.data.update(date=win[0], precision=win[1], anchor=_range_anchor(stated, pub))
                taken.add(h.start, h.end)
                out.append(h)
                continue
            if rule.mode == "range":
                # "between 3 and 5 March": the first day dates the event, the last is kept for
                # resolve, which splits a multi-day event per day.
                rng = resolve_range(phrase, pub, range_cues)
                if rng is None:
                    h.data["unresolved"] = _no_date_reason(pub)
                    continue
                h.data.update(date=rng[0], precision=rule.precision, date_end=rng[1], anchor=_range_anchor(stated, pub))
                taken.add(h.start, h.end)
                out.append(h)
                continue
            if date_resolver.anaphora_offset(phrase, cues) is not None:
                taken.add(h.start, h.end)
                out.append(h)  # dated below, from the date told before it
                continue
            r = date_resolver.resolve(phrase, rule.mode, rule.precision, pub, cues, context_year,
                                      year_reference, first_is_day)
            if r is None:
                h.data["unresolved"] = _no_date_reason(pub)
                continue
            d, precision = r
            # A date the text states outright stands even after publication: validation then
            # quarantines the mention with that reason, where swapping in another date would
            # hide the conflict. A date worked out from publication cannot run past it.
            if pub is not None and d > pub and rule.mode not in STATED_MODES:
                h.data["unresolved"] = "would fall after the publication date"
                continue
            anchor = r.anchor
            if precision == 1 and date_resolver.is_approximate(h.data["match"].string, h.start, h.end, cues):
                precision, anchor = 2, f"{anchor}; the day told as approximate"  # ACLED's week precision
            h.data.update(date=d, precision=precision, anchor=anchor)
            taken.add(h.start, h.end)
            out.append(h)
        out.sort(key=lambda h: h.start)
        return _resolve_anaphora(out, pub, cues)

    def _primary(self, triggers: list[Hit]) -> Hit:
        """The lead sentence names the event; ACLED's hierarchy decides within it, and a
        later trigger wins only where the story escalates (protest to riot, arrest to attack)."""
        rank = self.vocab.rank
        cues = self.book.cue_set(ArticleCues)

        def precedence(t: Hit) -> str:
            return t.data["rule"].precedence

        # An ACLED-style note's opening tag ("Property destruction: ...") decides the type.
        tagged = [t for t in triggers if precedence(t) == "note-tag" and t.start <= 2]
        if tagged:
            return tagged[0]
        # Rules naming harm but not its sides code an Attack only when no rule naming the
        # sides fired; an arrest alongside does not name the harm, so it does not outrank them.
        strong = [t for t in triggers if precedence(t) != "weak"]
        # An abduction that ends in a killing is an Attack, so an abduction does not outrank it.
        if any(t.data["rule"].sets.event_type != "Strategic developments"
               and t.data["rule"].sets.sub_event_type != "Abduction/forced disappearance" for t in strong):
            triggers = strong
        first = min(t.sentence for t in triggers)
        lead = [t for t in triggers if t.sentence == first]
        # A protest sentence that names harm to civilians names what the protest is about; a
        # crowd's own violence (a mob beating a suspect, avenging a rape) is a riot, whoever the
        # victim, unless armed men in the sentence did the harm (villagers are often the victims).
        if any(t.data["rule"].sets.event_type == "Protests"
               or (t.data["rule"].sets.event_type == "Riots" and not _sentence_names(t, cues.armed_perpetrators))
               for t in lead):
            lead = [t for t in lead if t.data["rule"].sets.event_type != "Violence against civilians"]
        best = min(lead, key=lambda t: (rank(t.data["rule"].sets.sub_event_type), t.start))
        for t in sorted(triggers, key=lambda t: t.start):
            sets, cur = t.data["rule"].sets, best.data["rule"].sets
            if rank(sets.sub_event_type) >= rank(cur.sub_event_type):
                continue
            if cur.event_type == "Protests" and sets.event_type == "Violence against civilians":
                continue  # a protest against a killing or an abduction is still the protest
            if (cur.event_type in ESCALATE_FROM or sets.sub_event_type in ALWAYS_ESCALATE
                    or sets.event_type == cur.event_type):
                best = t
        # Shelling named inside a clash or an exchange of fire is part of the battle.
        if best.data["rule"].sets.sub_event_type == "Shelling/artillery/missile attack":
            best = next((t for t in triggers if precedence(t) == "shelling-in-clash" and t.sentence == best.sentence), best)
        # ACLED codes harm to civilians during fighting as the battle: a rule naming two armed
        # sides in the same mention makes the Attack a side effect of the clash.
        if best.data["rule"].sets.sub_event_type == "Attack":
            best = next((t for t in triggers if precedence(t) in ("two-sided", "shelling-in-clash")), best)
        # Violence by a crowd during a demonstration is a Violent demonstration, not Mob violence.
        # A clash whose sides a crowd rule names (party members, two groups, a demonstration)
        # is a riot: the bare word "clash" does not make the sides armed.
        if best.data["rule"].sets.sub_event_type == "Armed clash":
            crowd = [t for t in triggers if t.data["rule"].sets.event_type == "Riots" and t.sentence == best.sentence]
            if crowd and not _armed_sides(best, cues):
                best = min(crowd, key=lambda t: (rank(t.data["rule"].sets.sub_event_type), t.start))
        if best.data["rule"].sets.sub_event_type == "Mob violence" and any(
                t.data["rule"].sets.event_type == "Protests" or precedence(t) == "demonstration" for t in triggers):
            best = next((t for t in triggers if t.data["rule"].sets.sub_event_type == "Violent demonstration"), best)
        return best

    def _decide(self, trig: Hit, sents: list[int], decisions, sides: Sides) -> tuple[object, str | None]:
        """The event-type decision table (rules/decisions/): the first row that applies to the
        trigger's sub-event type and whose cue condition holds codes the mention. Returns the
        trigger's rule (a copy carrying the row's type when it differs) and the row's id; a
        row that changes the event type drops the trigger's own actor conventions (a crowd
        rule's "Rioters")."""
        rule = trig.data["rule"]
        sub = rule.sets.sub_event_type
        in_mention = set(sents)
        nearby = {s + d for s in sents for d in range(-FATALITY_REACH, FATALITY_REACH + 1)}
        for cr in self.book.rules("decision"):
            row = cr.rule
            if sub not in row.applies_to or not _target_holds(row.target, sides):
                continue
            if not row.patterns:
                cued = row.cue == "present"  # a row on the sides alone
            elif row.scope == "sentence":
                cued = any(h.rule_id == row.id and h.sentence == trig.sentence for h in decisions)
            elif row.scope in ("mention", "nearby"):
                within = in_mention if row.scope == "mention" else nearby
                cued = any(h.rule_id == row.id and h.sentence in within for h in decisions)
            else:
                cued = any(h.rule_id == row.id for h in decisions)
            if cued != (row.cue == "present"):
                continue
            if row.sets == rule.sets:
                return rule, row.id
            update: dict = {"sets": row.sets}
            if row.sets.event_type != rule.sets.event_type:
                update.update(actor1=None, actor2=None)
            return rule.model_copy(update=update), row.id
        return rule, None

    # -- one mention ------------------------------------------------------------
    def _toll(self, cluster: dict, dates: list[Hit], fatal_hits: list[Hit], main: bool, other_sentences: set[int],
              crowd: bool) -> tuple[tuple[int, int, int], int, set[str]]:
        """The figure stated for this event; a later, higher toll supersedes. The main event
        also takes the tolls of sentences near it that no other event or date claims."""
        sents = cluster["sentences"]
        fat_sents = set(sents)
        if main:
            near = {s + d for s in sents for d in range(-FATALITY_REACH, FATALITY_REACH + 1)}
            dated_elsewhere = {d.sentence for d in dates if cluster.get("date") is None
                               or not _same_time(cluster["date"], cluster["precision"], d.data["date"], d.data["precision"])}
            dated_elsewhere -= set(sents)
            fat_sents |= ({h.sentence for h in fatal_hits} & near) - other_sentences - dated_elsewhere
        return aggregate_fatalities(fatal_hits, fat_sents, Counting.of(self.book), self.book.cue_set(TollCues), crowd=crowd)

    def _told_as_crime(self, text: str, spans, sents: list[int]) -> bool:
        """Whether the event's sentences, or those just after them, tell it as organised crime."""
        last = min(len(spans) - 1, sents[-1] + FATALITY_REACH)
        return self.book.cue_set(RoleCues).criminal.search(text, spans[sents[0]][0], spans[last][1]) is not None

    def _mention(self, article_id, k, text, spans, cluster, dates, fatal_hits, actor_hits, article_places,
                 pub, main, other_sentences, clusters_lead_date=None, decisions=()) -> dict:
        sents = sorted(cluster["sentences"])
        trig = self._primary(cluster["triggers"])
        sides = read_sides(actor_hits, sents, spans, trig, self.book.cue_set(RoleCues))
        rule, decided_by = self._decide(trig, sents, decisions, sides)
        sets = rule.sets
        rule_ids = {t.rule_id for t in cluster["triggers"]} | ({decided_by} if decided_by else set())
        killed, injured, fat_rules = self._toll(cluster, dates, fatal_hits, main, other_sentences, sets.event_type in CROWDS)
        rule_ids |= fat_rules
        event_date, precision, date_rule = _event_date(cluster, dates, spans, text, pub, main, other_sentences)
        if date_rule:
            rule_ids.add(date_rule)
        # Place.
        place: ResolvedPlace | None = article_places.best_for([cluster.get("date_sentences", []), [trig.sentence], sents], main)
        if place is not None:
            rule_ids.add(place.rule_id)
        # The country as it was on the event's day: South Sudan before July 2011 is Sudan.
        iso3 = place.place["country_iso3"] if place else article_places.country_iso3
        country = self.vocab.country_on(iso3, event_date)
        iso3 = country.iso3 if country else iso3
        country_name = country.name if country else None
        # Actors.
        a1, a2 = assign_actors(sides, country_name, rule, self.vocab.countries,
                               harmed=bool(killed[0] or injured))
        if self.vocab.one_sided(sets.sub_event_type):
            a2 = None
        if names_armed_group((a1, a2), country_name) and self._told_as_crime(text, spans, sents):
            a1, a2 = name_gangs((a1, a2), country_name)
        line = self.vocab.front_line(iso3, place.place.get("admin1") if place else None, event_date)
        if line is not None:
            a1, a2 = on_front_line((a1, a2), sets.event_type, line, country_name)
        for a in (a1, a2):
            if a is not None:
                rule_ids.add(a[2])
        ev_start, ev_end = spans[sents[0]][0], spans[sents[-1]][1]
        evidence = " ".join(text[spans[s][0]:spans[s][1]] for s in sents[:3])
        inter1 = a1[1] if a1 else None
        inter2 = a2[1] if a2 else None
        assoc1, assoc2 = self.associates.assign(evidence, inter1, inter2, country_name)
        return {
            "mention_id": f"{article_id}#m{k + 1}",
            "article_id": article_id,
            "evidence": evidence,
            "char_start": ev_start,
            "char_end": ev_end,
            "event_date": event_date,
            "year": event_date.year if event_date else None,
            "time_precision": precision,
            "event_date_end": cluster.get("date_end") if event_date == cluster.get("date") else None,
            "disorder_type": self.vocab.disorder_type(sets.sub_event_type),
            "event_type": sets.event_type,
            "sub_event_type": sets.sub_event_type,
            "actor1": a1[0] if a1 else None,
            "assoc_actor_1": assoc1,
            "inter1": self.vocab.inter_label(inter1),
            "inter1_code": inter1,
            "actor2": a2[0] if a2 else None,
            "assoc_actor_2": assoc2,
            "inter2": self.vocab.inter_label(inter2),
            "inter2_code": inter2,
            "interaction": self.vocab.interaction_label(inter1, inter2),
            "interaction_code": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if (sets.civilian_targeting or inter2 == 7) else None,
            "iso": country.iso_numeric if country else None,
            "iso3": iso3,
            "region": country.region if country else None,
            "country": country_name,
            "admin1": place.place.get("admin1") if place else None,
            "admin2": place.place.get("admin2") if place else None,
            "location": place.place["name"] if place and place.place["kind"] != "country" else country_name,
            "latitude": place.place.get("latitude") if place else None,
            "longitude": place.place.get("longitude") if place else None,
            "geo_precision": place.precision if place else None,
            "fatalities": killed[0],
            "fatalities_low": killed[1],
            "fatalities_high": killed[2],
            "injuries": injured,
            # Undated articles: the story's own lead event is the reference for "long before".
            "background": (_is_background(event_date, precision, pub or (clusters_lead_date if not main else None))
                           if event_date else not main),
            "rule_ids": sorted(rule_ids),
        }


def _target_holds(target: str, sides: Sides) -> bool:
    """A decision row's condition on the side acted upon (rules/decisions/, `target`)."""
    if target == "armed":
        return sides.target_is_armed()
    if target == "two-armed-groups":
        return sides.two_armed_groups()
    if target == "crowd-acts":
        return sides.crowd_acts()
    return True


def _armed_sides(t: Hit, cues: ArticleCues) -> bool:
    """Whether the trigger's sentence names a side ACLED counts as armed: a militia, troops,
    or an ethnic group or clan (communal militias are organised armed groups). Police are
    left out: a crowd that clashes with police is a riot."""
    return _sentence_names(t, cues.armed_sides)


def _sentence_names(t: Hit, words: re.Pattern) -> bool:
    """Whether `words` occur in the trigger's sentence."""
    text = t.data["match"].string
    start = text.rfind(".", 0, t.start) + 1
    end = text.find(".", t.end)
    return bool(words.search(text, start, end if end >= 0 else len(text)))


def _with_participants(live: list[Hit], actor_hits, sent_of) -> list[Hit]:
    """Cancel triggers whose rule needs an armed actor in its sentence when none is named
    there (`explain` shows why); the rest stay live."""
    armed = {sent_of(h.start) for h in actor_hits if h.inter in ARMED_INTER}
    out = []
    for t in live:
        if t.data["rule"].needs_armed_actor and t.sentence not in armed:
            t.cancelled_by, t.cancel_reason = "needs-armed-actor", "no armed actor is named in its sentence"
        else:
            out.append(t)
    return out


def _needs_nearby(live: list[Hit]) -> list[Hit]:
    """Drop triggers whose rule needs another event type nearby (crowd-violence words that
    no protest trigger explains)."""
    by_type: dict[str, set[int]] = {}
    for t in live:
        by_type.setdefault(t.data["rule"].sets.event_type, set()).add(t.sentence)
    return [t for t in live if t.data["rule"].needs_nearby is None
            or any(t.sentence + d in by_type.get(t.data["rule"].needs_nearby, ())
                   for d in range(-PROTEST_REACH, PROTEST_REACH + 1))]


def _article_cancels(live: list[Hit], filters: list[Hit]) -> list[Hit]:
    """Drop every event when a filter anywhere in the article cancels all their sub-event
    types (`article_cancels`): an article whose only events are arrests and which names an
    ordinary crime (fraud, hacking, a brawl, bail) reports a criminal case, not a political arrest."""
    subs = {t.data["rule"].sets.sub_event_type for t in live}
    if live and any(subs <= set(f.data["rule"].article_cancels) for f in filters):
        return []
    return live


def _years_beside_unplaced_days(resolved: list[Hit], found: list[Hit], pub: dt.date | None) -> list[Hit]:
    """A year alone in a sentence whose day could not be placed in time ("On May 10, staff
    struck over pay promised back in 2017") is background, not the event's year: the event
    stays undated rather than dropped as a vague reference to the past."""
    if pub is not None:
        return resolved
    unplaced = {h.sentence for h in found if "date" not in h.data and h.data["rule"].precision <= 2
                and h.data.get("unresolved") == _no_date_reason(None)}
    out = []
    for h in resolved:
        if h.data["precision"] == YEAR_PRECISION and h.sentence in unplaced:
            for k in ("date", "precision", "anchor"):
                h.data.pop(k)
            h.data["unresolved"] = "a year beside a day that cannot be placed in time: background"
        else:
            out.append(h)
    return out


def _dated_by(d: Hit | None, text: str) -> dict | None:
    """The phrase that dated a mention and what it was resolved against, for `explain`."""
    if d is None:
        return None
    return {"rule_id": d.rule_id, "phrase": " ".join(text[d.start:d.end].split()), "sentence": d.sentence + 1,
            "anchor": d.data.get("anchor")}


def _no_date_reason(pub: dt.date | None) -> str:
    if pub is None:
        return "nothing to resolve it against (no publication date, no year in the phrase)"
    return "dates nothing (still to come, or not a calendar day)"


def _range_anchor(stated: bool, pub: dt.date | None) -> str:
    return date_resolver.STATED if stated or pub is None else date_resolver.from_publication(pub)


def _set_aside(h: Hit, text: str, datelines: list[tuple[int, int]], cues: DateCues) -> bool:
    """Whether a date phrase dates no event: a dateline's (the filing date), a span's end
    ("until 9 October"), a report's day ("police said today") or a year in a clause about
    something else ("which began in 1986"). `explain` shows why."""
    if _inside(h, datelines):
        h.data["unresolved"] = "a dateline's date (when the copy was filed)"
    elif date_resolver.is_end_bound(text, h.start, cues):
        h.data["unresolved"] = "the end of a span"
    elif date_resolver.is_report_date(text, h.start, h.end, cues):
        h.data["unresolved"] = "the day of a report, not of the deed"
    elif date_resolver.is_other_clause_year(text, h.start, h.data["rule"].mode, cues):
        h.data["unresolved"] = "a year in a clause about something else"
    return "unresolved" in h.data


def _carry_dates(dates: list[Hit], spans: list[tuple[int, int]], text: str) -> list[Hit]:
    """A sentence with no date of its own continues the date of the sentence before it
    in the same paragraph ("In 2002, gunmen took a theatre. Special forces stormed it...")."""
    own = {d.sentence for d in dates}
    best: dict[int, Hit] = {}
    for d in dates:
        cur = best.get(d.sentence)
        if cur is None or _date_rank(d) < _date_rank(cur):
            best[d.sentence] = d
    out = list(dates)
    carried: Hit | None = None
    for i in range(len(spans)):
        if i in own:
            carried = best[i]
            continue
        # Wire copy writes one-sentence paragraphs: the next sentence always continues,
        # later ones only inside the same paragraph.
        if carried is not None and (carried.sentence == i - 1 or "\n" not in text[spans[i - 1][1]:spans[i][0]]):
            data = dict(carried.data, anchor=f"carried from sentence {carried.sentence + 1} ({carried.data.get('anchor')})")
            out.append(Hit("date", carried.rule_id, carried.start, carried.end, i, data))
        else:
            carried = None
    return out


def _resolve_anaphora(dates: list[Hit], pub: dt.date | None, cues: DateCues) -> list[Hit]:
    """"Arrested on the same day", "released the following day": the day counts from the
    closest date told before the phrase; with none before it, the phrase dates nothing."""
    out: list[Hit] = []
    told: Hit | None = None
    for h in dates:
        offset = date_resolver.anaphora_offset(h.data["match"].group(0), cues)
        if offset is None:
            told = h
        elif told is not None and told.data["precision"] == 1:
            day = told.data["date"] + dt.timedelta(days=offset)
            if pub is not None and day > pub:
                continue
            h.data.update(date=day, precision=1, anchor=date_resolver.from_previous(told.data["match"].group(0), told.data["date"]))
        else:
            h.data["unresolved"] = "no day-precise date told before it"
            continue
        out.append(h)
    return out


def _date_rank(d: Hit) -> tuple[int, bool, bool, int]:
    """Which of a sentence's dates dates it: the most precise, then a calendar date over a
    weekday or a relative day ("killed on Monday, 4 August"), then a span over a single month
    ("07/00/2016: sometime between July 16 and August 2"), then the earliest."""
    match = d.data["match"].group(0)
    return d.data["precision"], not any(c.isdigit() for c in match), d.data["rule"].mode != "range", d.start


def _inside(h: Hit, spans: list[tuple[int, int]]) -> bool:
    """Whether the hit lies within one of `spans` (disjoint, in text order)."""
    k = bisect.bisect_right(spans, (h.start, float("inf"))) - 1
    return k >= 0 and h.end <= spans[k][1]


def _captions(text: str, spans: list[tuple[int, int]], cues: ArticleCues) -> set[int]:
    """Sentences that are photo captions: those ending with an agency credit, and those whose
    credit the splitter hung on the start of the next sentence (which is therefore a caption
    only if its own credit follows it)."""
    out = {i for i, (s, e) in enumerate(spans) if cues.caption.search(text[s:e])}
    out |= {i - 1 for i, (s, _) in enumerate(spans) if i and cues.caption_after_credit.match(text, s)}
    return out


def _lead_date(dates: list[Hit], captions: set[int]) -> Hit | None:
    """The date the article's first two sentences give, which dates an undated first trigger;
    a year alone is too vague to date anything by."""
    lead = [d for d in dates if d.sentence <= 1 and d.sentence not in captions and d.data["precision"] < YEAR_PRECISION]
    return min(lead, key=lambda d: d.start) if lead else None


def _dating(dates: list[Hit], recent: set[int]) -> list[Hit]:
    """The dates that may date a sentence's events. A sentence that reports its event on a
    weekday or a day relative to the report ("on Wednesday", "yesterday") tells of a recent
    event even where no publication date resolves that day, so a bare year in it ("a drive
    launched in 2012") is the date of something else."""
    return [d for d in dates if not (d.data["precision"] >= YEAR_PRECISION and d.sentence in recent)]


def _cluster(live: list[Hit], dates: list[Hit], captions: set[int], lead: Hit | None = None) -> list[dict]:
    """Group trigger sentences into mentions by the dates they carry.

    Within a sentence the most precise, earliest date dates the event (later dates are
    usually reactions). Photo captions are grouped last: they often date the photo."""
    date_of_sentence: dict[int, Hit] = {}
    for d in dates:
        cur = date_of_sentence.get(d.sentence)
        if cur is None or _date_rank(d) < _date_rank(cur):
            date_of_sentence[d.sentence] = d
    live = sorted(live, key=lambda t: (t.sentence in captions, t.start))
    clusters: list[dict] = []
    for t in live:
        d = date_of_sentence.get(t.sentence)
        target = None
        if d is None:
            target = clusters[0] if clusters else None
        else:
            for c in clusters:
                if c.get("date") is None:
                    # An undated lead takes a dated sentence only from its own paragraph's reach,
                    # and never a bare year ("a series of bombings in 2000"): that tells of others.
                    if d.data["precision"] < YEAR_PRECISION and any(abs(t.sentence - s) <= FATALITY_REACH for s in c["sentences"]):
                        target = c
                        break
                elif _same_time(c["date"], c["precision"], d.data["date"], d.data["precision"]):
                    target = c
                    break
        if target is None:
            target = {"sentences": set(), "triggers": []}
            if d is None and not clusters and lead is not None:
                # An undated first trigger reports the lead's event ("... killed today. [...]
                # The gunmen shot the judge twice."): a later, differently dated sentence is
                # another event, not the date of this one.
                target.update(date=lead.data["date"], precision=lead.data["precision"], date_rule=lead.rule_id,
                              date_sentences=[lead.sentence], date_end=lead.data.get("date_end"), date_hit=lead)
            clusters.append(target)
        # The first date stands: a later sentence replaces it only with a more precise one
        # ("last night" in paragraph six is a neighbouring day, not a correction), or with an
        # earlier day when it came from a photo caption (a photo is taken after the event).
        if d is not None and (target.get("date") is None or d.data["precision"] < target["precision"] or (
                target.get("date_caption") and d.data["precision"] == target["precision"] and d.data["date"] < target["date"])):
            target.update(date=d.data["date"], precision=d.data["precision"], date_rule=d.rule_id,
                          date_sentences=[], date_end=d.data.get("date_end"), date_caption=d.sentence in captions, date_hit=d)
        if d is not None and d.data["date"] == target.get("date"):
            target["date_sentences"].append(d.sentence)
        target["sentences"].add(t.sentence)
        target["triggers"].append(t)
    return clusters


# Places precise enough to tell two events of one day apart: a town, a locality, a district.
EVENT_PLACE_KINDS = frozenset({"venue", "city", "locality", "admin2"})
# Two places this close are one scene: an airport and its city, a quarter and its town.
SAME_PLACE_KM = 8.0


def _event_date(cluster: dict, dates: list[Hit], spans, text: str, pub: dt.date | None, main: bool,
                other_sentences: set[int]) -> tuple[dt.date | None, int | None, str | None]:
    """The cluster's date; for the main event with none, a dated lead (the first two
    sentences), then the publication date. Records how it was dated in cluster["dated_by"]."""
    event_date, precision, date_rule = cluster.get("date"), cluster.get("precision"), cluster.get("date_rule")
    date_hit = cluster.get("date_hit")
    if event_date is None and main:
        lead = [d for d in dates if d.sentence <= 1 and d.sentence not in other_sentences and d.start < spans[-1][1]
                and d.data["precision"] < YEAR_PRECISION]
        if lead:
            event_date, precision, date_rule = lead[0].data["date"], lead[0].data["precision"], lead[0].rule_id
            date_hit = lead[0]
    cluster["dated_by"] = _dated_by(date_hit, text) if event_date is not None else None
    if event_date is None and pub is not None and main:
        event_date, precision, date_rule = pub, 2, "publication-date-fallback"
        cluster["dated_by"] = {"rule_id": date_rule, "phrase": None, "sentence": None,
                               "anchor": date_resolver.from_publication(pub)}
    return event_date, precision, date_rule


def _split_by_place(clusters: list[dict], places, referring_back: set[int]) -> list[dict]:
    """ACLED's event is one day in one place: within a cluster of one date, a trigger whose
    sentence names another town than the event before it starts another event ("Later that evening,
    in Santa Rosa, rebels set off a bomb"). A trigger in a sentence that names no town
    belongs to the event told just before it, and so does one in a sentence that names that
    event with a definite noun ("killed in the blast", `referring_back`); a town within the
    district named before it ("in Sangin [...] attacks across Sangin district") is the same place."""
    town_of: dict[int, dict] = {}
    for i, h in enumerate(places.hits):
        if h.place["kind"] in EVENT_PLACE_KINDS:
            town_of.setdefault(places.sentence_of[i], h.place)
    return [event for c in clusters for event in _events_by_town(c, town_of, referring_back)]


def _events_by_town(cluster: dict, town_of: dict[int, dict], referring_back: set[int]) -> list[dict]:
    events: list[tuple[dict, dict | None]] = []  # each event with the town it names
    for t in sorted(cluster["triggers"], key=lambda t: t.start):
        town = None if t.sentence in referring_back else town_of.get(t.sentence)
        k = next((k for k, (_, at) in enumerate(events) if town is not None and at is not None and _same_place(at, town)), None)
        if k is None and events and (town is None or events[-1][1] is None):
            k = len(events) - 1  # no town here, or the event before named none yet
        if k is None:
            events.append(({**cluster, "sentences": set(), "triggers": []}, town))
            k = len(events) - 1
        event, at = events[k]
        events[k] = (event, at or town)
        event["sentences"].add(t.sentence)
        event["triggers"].append(t)
    for event, _ in events[1:]:  # a later event is dated by its own sentences only
        event["date_sentences"] = [s for s in cluster.get("date_sentences", []) if s in event["sentences"]]
    return [event for event, _ in events]


def _same_place(a: dict, b: dict) -> bool:
    """The same place, a venue and the town it is in, or a town and the district it lies in."""
    if a["place_id"] == b["place_id"]:
        return True
    if a["country_iso3"] != b["country_iso3"]:
        return False
    if _km_apart(a, b) < SAME_PLACE_KM:
        return True
    return any(x["kind"] == "admin2" and y.get("admin2") == x["admin2"] for x, y in ((a, b), (b, a)))


def _km_apart(a: dict, b: dict) -> float:
    """Distance between two places' points (equirectangular: exact enough within a town)."""
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return math.inf
    mean_lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    dx = math.radians(b["longitude"] - a["longitude"]) * math.cos(mean_lat)
    dy = math.radians(b["latitude"] - a["latitude"])
    return 6371.0 * math.hypot(dx, dy)


def _is_background(day: dt.date, precision: int | None, pub: dt.date | None) -> bool:
    return pub is not None and (pub - day).days > BACKGROUND_DAYS


def _too_vague(cluster: dict, pub: dt.date | None) -> bool:
    """A year-only reference to the past ("protests in 2020") is context, not a codable event."""
    d = cluster.get("date")
    return d is not None and cluster.get("precision") == YEAR_PRECISION and (pub is None or d.year < pub.year)


def _same_time(a: dt.date, pa: int, b: dt.date, pb: int) -> bool:
    if max(pa, pb) >= YEAR_PRECISION:
        return a.year == b.year
    if max(pa, pb) == 3:
        return (a.year, a.month) == (b.year, b.month)
    if max(pa, pb) == 2:
        return abs((a - b).days) <= 7
    return abs((a - b).days) <= SAME_EVENT_DAYS
