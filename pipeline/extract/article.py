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
import re
from dataclasses import dataclass, field

from pipeline.extract import dates as date_resolver
from pipeline.extract.actors import ActorHit, ActorMatcher
from pipeline.extract.anchors import TimeAnchors
from pipeline.extract.date_ranges import resolve_range
from pipeline.extract.numbers import parse_quantity, words_to_int
from pipeline.extract.places import PlaceResolver, ResolvedPlace
from pipeline.extract.sentences import split_sentences
from pipeline.rulebook.loader import RuleBook
from pipeline.rulebook.prefilter import Prefilter
from pipeline.textfold import fold, is_mostly_upper

YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
SAME_EVENT_DAYS = 1
# A mention dated this long before publication is background reporting; a vague one
# (year only) is too vague to code at all.
BACKGROUND_DAYS = 60
CAPTION = re.compile(r"\((?:[A-Z][\w .'/-]*\s)?(?:REUTERS|AFP|AP|Reuters|Getty Images|EPA|Xinhua|ANADOLU|Anadolu)[^()]*\)\s*$")
# Event types whose report is escalated by a later, more severe trigger in the same story
# (a protest that turns into a riot; an arrest after an attack keeps the attack).
ESCALATE_FROM = {"Protests", "Strategic developments"}
ALWAYS_ESCALATE = {"Suicide bomb", "Chemical weapon"}
# ACLED-style notes open with their sub-event as a tag ("Property destruction: ..."); the tag
# decides over any trigger word in the note.
NOTE_TAG_PREFIX = "note-tag-"
# Rules that name harm to a person but not who caused it: they code an Attack only when no
# rule naming the sides (a clash, a mob, a demonstration, a bombing) fired in the same mention;
# an arrest alongside does not name the harm, so it does not outrank them.
WEAK_RULES = {"targeted-killing-or-assault"}
FATALITY_REACH = 2  # sentences around an event sentence whose tolls belong to it
# ACLED codes harm to civilians during fighting as the battle: when a rule naming two armed
# sides fires in the same sentence as an Attack, the Attack is a side effect of the clash.
DURING_DEMONSTRATION = "violence-during-demonstration"
TWO_SIDED_RULES = {"armed-clash-verb", "armed-clash-fire-and-casualties", "ambush-on-forces"}


@dataclass
class Hit:
    kind: str  # event / filter / fatality / date / actor / place
    rule_id: str
    start: int
    end: int
    sentence: int
    data: dict = field(default_factory=dict)
    cancelled_by: str | None = None
    cancel_reason: str | None = None


@dataclass
class ArticleResult:
    mentions: list[dict]
    hits: list[Hit]
    sentences: list[tuple[int, int]]


class Extractor:
    """Everything compiled once per run: rules, actor automata, the gazetteer."""

    def __init__(self, book: RuleBook, places: PlaceResolver) -> None:
        self.book = book
        self.vocab = book.vocab
        self.actors = ActorMatcher(book)
        self.places = places
        self.anchors = TimeAnchors(book.vocab)
        # Every regex of every kind behind one literal prefilter: one automaton pass per
        # text says which regexes can match, and only those run.
        self._regexes = [(kind, cr, rx) for kind in sorted(book.by_kind) for cr in book.rules(kind) for rx in cr.regexes]
        self._regex_index = {id(rx): i for i, (_, _, rx) in enumerate(self._regexes)}
        self._prefilter = Prefilter(rx.pattern for _, _, rx in self._regexes)

    # -- scanning ---------------------------------------------------------------
    def _scan(self, kind: str, text: str, sent_of, candidates: set[int]) -> list[Hit]:
        hits = []
        for i in sorted(candidates):
            k, cr, rx = self._regexes[i]
            if k != kind:
                continue
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue
                hits.append(Hit(kind, cr.id, m.start(), m.end(), sent_of(m.start()), {"match": m, "rule": cr.rule}))
        hits.sort(key=lambda h: (h.start, h.end, h.rule_id))
        return hits

    def extract(self, article_id: str, text: str, publication_date: dt.date | None,
                trace: bool = False) -> ArticleResult:
        """`trace` scans every rule kind even when no event trigger survives, so that
        `explain` and the rule examples can show everything that fired."""
        spans = split_sentences(text)
        starts = [s for s, _ in spans]

        def sent_of(pos: int) -> int:
            return max(bisect.bisect_right(starts, pos) - 1, 0)

        folded = fold(text)
        upper = is_mostly_upper(text)
        cand = self._prefilter.candidates(folded)
        triggers = self._scan("event", text, sent_of, cand)
        filters = self._scan("filter", text, sent_of, cand)
        _cancel(triggers, filters)
        live = [t for t in triggers if t.cancelled_by is None]
        if not live and not trace:  # most texts of a general news feed stop here
            return ArticleResult([], triggers + filters, spans)
        date_hits = self._scan("date", text, sent_of, cand)
        fatal_hits = self._scan("fatality", text, sent_of, cand)
        actor_hits = self.actors.find(text, folded, publication_date,
                                      allowed=lambda rx: self._regex_index.get(id(rx)) in cand)
        place_hits = self.places.find(text, folded, upper)
        hits: list[Hit] = triggers + filters + date_hits + fatal_hits
        for h in actor_hits:
            hits.append(Hit("actor", h.rule_id, h.start, h.end, sent_of(h.start), {"actor": h.name}))
        if not live:
            return ArticleResult([], hits, spans)

        context_year = max((int(y) for y in YEAR.findall(text)), default=None)
        # Office-holder anchors cost a scan of the text: only undated articles with a
        # day-and-month phrase need them.
        needs_anchor = publication_date is None and any(h.data["rule"].mode == "relative" for h in date_hits)
        year_reference = self.anchors.window(text)[1] if needs_anchor else None
        resolved_dates = self._resolve_dates(date_hits, publication_date, context_year, year_reference)
        captions = {i for i, (s, e) in enumerate(spans) if CAPTION.search(text[s:e])}
        resolved_dates = _carry_dates(resolved_dates, spans, text)
        clusters = _cluster(live, resolved_dates, captions)
        clusters = [c for c in clusters if not _too_vague(c, publication_date)]
        if not clusters:
            return ArticleResult([], hits, spans)
        article_places = self.places.resolve_article(text, place_hits, actor_hits)
        mentions = []
        for k, cluster in enumerate(clusters):
            mentions.append(self._mention(article_id, k, text, spans, cluster, resolved_dates, fatal_hits,
                                          actor_hits, article_places, publication_date, main=(k == 0),
                                          other_sentences={s for c in clusters if c is not cluster for s in c["sentences"]},
                                          clusters_lead_date=clusters[0].get("date")))
        for p in article_places.hits:
            hits.append(Hit("place", p.rule_id, p.start, p.end, sent_of(p.start), {"place": p.place["name"]}))
        return ArticleResult(mentions, hits, spans)

    # -- dates ------------------------------------------------------------------
    def _resolve_dates(self, date_hits: list[Hit], pub: dt.date | None, context_year: int | None,
                       year_reference: dt.date | None) -> list[Hit]:
        out = []
        taken: list[tuple[int, int]] = []
        # Longer phrases first, so "Thursday August 3" wins over "Thursday" and "August 3".
        for h in sorted(date_hits, key=lambda h: (-(h.end - h.start), h.start)):
            if any(h.start < e and s < h.end for s, e in taken):
                continue
            rule = h.data["rule"]
            if rule.mode == "range":
                # "between 3 and 5 March": the first day dates the event, the last is kept for
                # resolve, which splits a multi-day event per day.
                rng = resolve_range(h.data["match"].group(0), pub)
                if rng is None:
                    continue
                h.data.update(date=rng[0], precision=rule.precision, date_end=rng[1])
                taken.append((h.start, h.end))
                out.append(h)
                continue
            r = date_resolver.resolve(h.data["match"].group(0), rule.mode, rule.precision, pub, context_year,
                                      year_reference)
            if r is None:
                continue
            d, precision = r
            if pub is not None and d > pub and rule.mode != "absolute":
                continue
            h.data.update(date=d, precision=precision)
            taken.append((h.start, h.end))
            out.append(h)
        out.sort(key=lambda h: h.start)
        return out

    def _primary(self, triggers: list[Hit]) -> Hit:
        """The lead sentence names the event; ACLED's hierarchy decides within it, and a
        later trigger wins only where the story escalates (protest to riot, arrest to attack)."""
        rank = self.vocab.rank
        tagged = [t for t in triggers if t.rule_id.startswith(NOTE_TAG_PREFIX) and t.start <= 2]
        if tagged:
            return tagged[0]
        strong = [t for t in triggers if t.rule_id not in WEAK_RULES]
        # An abduction that ends in a killing is an Attack, so an abduction does not outrank it.
        if any(t.data["rule"].sets.event_type != "Strategic developments"
               and t.data["rule"].sets.sub_event_type != "Abduction/forced disappearance" for t in strong):
            triggers = strong
        first = min(t.sentence for t in triggers)
        best = min((t for t in triggers if t.sentence == first),
                   key=lambda t: (rank(t.data["rule"].sets.sub_event_type), t.start))
        for t in sorted(triggers, key=lambda t: t.start):
            sets, cur = t.data["rule"].sets, best.data["rule"].sets
            if rank(sets.sub_event_type) >= rank(cur.sub_event_type):
                continue
            if (cur.event_type in ESCALATE_FROM or sets.sub_event_type in ALWAYS_ESCALATE
                    or sets.event_type == cur.event_type):
                best = t
        # Shelling named inside a clash or an exchange of fire is part of the battle.
        if best.data["rule"].sets.sub_event_type == "Shelling/artillery/missile attack":
            best = next((t for t in triggers if t.rule_id == "armed-clash-verb" and t.sentence == best.sentence), best)
        if best.data["rule"].sets.sub_event_type == "Attack":
            best = next((t for t in triggers if t.rule_id in TWO_SIDED_RULES), best)
        # Violence by a crowd during a demonstration is a Violent demonstration, not Mob violence.
        # A clash whose sides a crowd rule names (party members, two groups, a demonstration)
        # is a riot: the bare word "clash" does not make the sides armed.
        if best.data["rule"].sets.sub_event_type == "Armed clash":
            crowd = [t for t in triggers if t.data["rule"].sets.event_type == "Riots" and t.sentence == best.sentence]
            if crowd:
                best = min(crowd, key=lambda t: (rank(t.data["rule"].sets.sub_event_type), t.start))
        if best.data["rule"].sets.sub_event_type == "Mob violence" and any(
                t.data["rule"].sets.event_type == "Protests" or t.rule_id == DURING_DEMONSTRATION for t in triggers):
            best = next((t for t in triggers if t.data["rule"].sets.sub_event_type == "Violent demonstration"), best)
        return best

    # -- one mention ------------------------------------------------------------
    def _mention(self, article_id, k, text, spans, cluster, dates, fatal_hits, actor_hits, article_places,
                 pub, main, other_sentences, clusters_lead_date=None) -> dict:
        sents = sorted(cluster["sentences"])
        trig = self._primary(cluster["triggers"])
        sets = trig.data["rule"].sets
        rule_ids = {t.rule_id for t in cluster["triggers"]}
        # Fatalities: the figure stated for this event; a later, higher toll supersedes.
        fat_sents = set(sents)
        if main:
            near = {s + d for s in sents for d in range(-FATALITY_REACH, FATALITY_REACH + 1)}
            dated_elsewhere = {d.sentence for d in dates if cluster.get("date") is None
                               or not _same_time(cluster["date"], cluster["precision"], d.data["date"], d.data["precision"])}
            dated_elsewhere -= set(sents)
            fat_sents |= ({h.sentence for h in fatal_hits} & near) - other_sentences - dated_elsewhere
        killed, injured, fat_rules = _fatalities(fatal_hits, fat_sents, self.vocab.vague_quantities,
                                                 crowd=sets.event_type in CROWDS)
        rule_ids |= fat_rules
        # Date.
        event_date, precision, date_rule = cluster.get("date"), cluster.get("precision"), cluster.get("date_rule")
        if event_date is None and main:
            lead = [d for d in dates if d.sentence <= 1 and d.sentence not in other_sentences and d.start < spans[-1][1]]
            if lead:
                event_date, precision, date_rule = lead[0].data["date"], lead[0].data["precision"], lead[0].rule_id
        if event_date is None and pub is not None and main:
            event_date, precision, date_rule = pub, 2, "publication-date-fallback"
        if date_rule:
            rule_ids.add(date_rule)
        # Place.
        place: ResolvedPlace | None = article_places.best_for([cluster.get("date_sentences", []), [trig.sentence], sents], main)
        if place is not None:
            rule_ids.add(place.rule_id)
        iso3 = place.place["country_iso3"] if place else article_places.country_iso3
        country = self.vocab.countries.get(iso3) if iso3 else None
        # Actors.
        a1, a2 = _assign_actors(actor_hits, sents, spans, trig, country.name if country else None,
                                trig.data["rule"], self.vocab.countries)
        for a in (a1, a2):
            if a is not None:
                rule_ids.add(a[2])
        ev_start, ev_end = spans[sents[0]][0], spans[sents[-1]][1]
        evidence = " ".join(text[spans[s][0]:spans[s][1]] for s in sents[:3])
        inter1 = a1[1] if a1 else None
        inter2 = a2[1] if a2 else None
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
            "inter1": inter1,
            "actor2": a2[0] if a2 else None,
            "inter2": inter2,
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if (sets.civilian_targeting or inter2 == 7) else None,
            "iso": country.iso_numeric if country else None,
            "iso3": iso3,
            "region": country.region if country else None,
            "country": country.name if country else None,
            "admin1": place.place.get("admin1") if place else None,
            "admin2": place.place.get("admin2") if place else None,
            "location": place.place["name"] if place and place.place["kind"] != "country" else (country.name if country else None),
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


def _cancel(triggers: list[Hit], filters: list[Hit]) -> None:
    by_sentence: dict[int, list[Hit]] = {}
    for f in filters:
        by_sentence.setdefault(f.sentence, []).append(f)
    for t in triggers:
        for f in by_sentence.get(t.sentence, []):
            rule = f.data["rule"]
            if rule.scope == "following" and t.start < f.start:
                continue  # "explosions struck a crowd marking the anniversary of ..." is a real event
            cancels = rule.cancels
            if not cancels or t.data["rule"].sets.event_type in cancels:
                t.cancelled_by, t.cancel_reason = f.rule_id, f.data["rule"].reason
                break


def _carry_dates(dates: list[Hit], spans: list[tuple[int, int]], text: str) -> list[Hit]:
    """A sentence with no date of its own continues the date of the sentence before it
    in the same paragraph ("In 2002, gunmen took a theatre. Special forces stormed it...")."""
    own = {d.sentence for d in dates}
    best: dict[int, Hit] = {}
    for d in dates:
        cur = best.get(d.sentence)
        if cur is None or (d.data["precision"], d.start) < (cur.data["precision"], cur.start):
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
            out.append(Hit("date", carried.rule_id, carried.start, carried.end, i, dict(carried.data)))
        else:
            carried = None
    return out


def _cluster(live: list[Hit], dates: list[Hit], captions: set[int]) -> list[dict]:
    """Group trigger sentences into mentions by the dates they carry.

    Within a sentence the most precise, earliest date dates the event (later dates are
    usually reactions). Photo captions are grouped last: they often date the photo."""
    date_of_sentence: dict[int, Hit] = {}
    for d in dates:
        cur = date_of_sentence.get(d.sentence)
        if cur is None or (d.data["precision"], d.start) < (cur.data["precision"], cur.start):
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
                    # An undated lead takes a dated sentence only from its own paragraph's reach.
                    if any(abs(t.sentence - s) <= FATALITY_REACH for s in c["sentences"]):
                        target = c
                        break
                elif _same_time(c["date"], c["precision"], d.data["date"], d.data["precision"]):
                    target = c
                    break
        if target is None:
            target = {"sentences": set(), "triggers": []}
            clusters.append(target)
        if d is not None and (target.get("date") is None or (d.data["precision"], d.data["date"]) < (
                target["precision"], target["date"])):
            target.update(date=d.data["date"], precision=d.data["precision"], date_rule=d.rule_id,
                          date_sentences=[], date_end=d.data.get("date_end"))
        if d is not None and d.data["date"] == target.get("date"):
            target["date_sentences"].append(d.sentence)
        target["sentences"].add(t.sentence)
        target["triggers"].append(t)
    return clusters


def _is_background(day: dt.date, precision: int | None, pub: dt.date | None) -> bool:
    return pub is not None and (pub - day).days > BACKGROUND_DAYS


def _too_vague(cluster: dict, pub: dt.date | None) -> bool:
    """A year-only reference to the past ("protests in 2020") is context, not a codable event."""
    d = cluster.get("date")
    return d is not None and cluster.get("precision") == 4 and (pub is None or d.year < pub.year)


def _same_time(a: dt.date, pa: int, b: dt.date, pb: int) -> bool:
    if max(pa, pb) >= 4:
        return a.year == b.year
    if max(pa, pb) == 3:
        return (a.year, a.month) == (b.year, b.month)
    if max(pa, pb) == 2:
        return abs((a - b).days) <= 7
    return abs((a - b).days) <= SAME_EVENT_DAYS


def _fatalities(fatal_hits: list[Hit], sentences: set[int], vague: dict,
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


def _interaction(i1: int | None, i2: int | None) -> int | None:
    if i1 is None:
        return None
    if i2 is None:
        return i1 * 10
    lo, hi = sorted((i1, i2))
    return lo * 10 + hi


# "by the", and "by (suspected) members of the" / "by rebels from the": the group named next acts.
PASSIVE_BY = re.compile(
    r"\bby\s+(?:the\s+|a\s+|an\s+|suspected\s+|alleged\s+)?(?:(?:[\w-]+\s+)?(?:members|militants|rebels|fighters|"
    r"guerrillas|gunmen|cadres|activists|terrorists|insurgents|operatives|elements|supporters)\s+"
    r"(?:of|from|belonging\s+to|linked\s+to|loyal\s+to)\s+(?:the\s+)?)?$", re.I)
ATTRIBUTED = re.compile(
    r"\b(?:attributed\s+(?:the\s+(?:[\w-]+\s+){1,2}?|(?:both\s+)?(?:this|these|those|all)\s+(?:[\w-]+\s+)?)?to|"
    r"blam(?:e|es|ed|ing)\s+(?:[\w-]+\s+){0,3}?on|linked\s+(?:[\w-]+\s+){0,3}?to|claimed\s+by|carried\s+out\s+by|perpetrated\s+by|belong(?:s|ed)?\s+to|"
    r"(?:suspect|suspects|suspected|believe|believed)(?:\s+that)?|involvement\s+of)\s+(?:the\s+)?"
    r"(?:(?:military|armed|political|youth)\s+wing\s+of\s+(?:the\s+)?)?$", re.I)
# A force named as the object of the violence is its target, not its author: "a bomb hit
# the police station", "gunmen ambushed a military convoy", "a soldier was shot dead".
TARGET_BEFORE = re.compile(
    r"\b(?:at|against|targeting|targeted|attacked|attacking|ambushed|ambushing|hit|struck|killing|killed|injuring|"
    r"wounding|kidnapped|abducted|shot|stormed|raided|bombed)\s+(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+)?"
    r"(?:[\w-]+\s+)?$", re.I)
TARGET_AFTER = re.compile(
    r"\s*(?:(?:station|post|checkpoint|checkpost|base|camp|vehicles?|convoy|patrol|office|headquarters|barracks|"
    r"outpost|officers?|personnel|member|members|truck|car)\b[^.;]{0,30}?\s+)?"
    r"(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:killed|shot|wounded|injured|attacked|ambushed|targeted|hit|kidnapped|abducted|beheaded|executed)\b", re.I)
ALTERNATIVE = re.compile(r"\b(?:and/or|or)\s+(?:the\s+)?$", re.I)
# "... the PIRA was responsible", "X is believed to be behind the attack".
RESPONSIBLE = re.compile(
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:(?:is|are|was|were|has\s+been|had\s+been|have\s+been)\s+)?"
    r"(?:(?:believed|suspected|thought|said|alleged|likely|probably|reportedly)\s+(?:to\s+(?:be|have\s+been)\s+)?)?"
    r"(?:responsible|behind\s+(?:the|this|these)\b)", re.I)
# "X claimed responsibility": the claimant is the perpetrator wherever the claim stands in
# the story (GTD and wire copy put it in a closing sentence of its own).
CLAIM = re.compile(
    r"\b(?:(?:later|also|quickly|subsequently|reportedly|allegedly)\s+)?(?:claimed|claims|claiming|has\s+claimed|"
    r"have\s+claimed|took|accepted|assumed|admitted)\s+(?:the\s+)?(?:responsibility|credit|"
    r"the\s+(?:attack|attacks|bombing|bombings|killing|killings|assassination|kidnapping|abduction|blast|raid|ambush)s?)\b|"
    r"\bconfess(?:ed|es)?\s+to\s+(?:carrying\s+out|the\s+(?:attack|bombing|killing))", re.I)
NO_CLAIM = re.compile(r"\b(?:no|none|not|nobody|no\s+one|neither)\b[^.;]{0,40}$", re.I)


# Who acts when the text names no one: ACLED codes the crowd of a protest or riot, and an
# unnamed perpetrator of violence as an unidentified armed group.
DEFAULT_ACTOR1 = {
    "Protests": ("Protesters ({country})", 6),
    "Riots": ("Rioters ({country})", 5),
    "Violence against civilians": ("Unidentified Armed Group ({country})", 3),
    "Explosions/Remote violence": ("Unidentified Armed Group ({country})", 3),
    "Battles": ("Unidentified Armed Group ({country})", 3),
}
CROWDS = {"Protests": ("Protesters", 6), "Riots": ("Rioters", 5)}


def _fill_country(name: str, country: str | None) -> str:
    """A generic actor with the event's country; with no country known, the bare type
    ("Rioters"), which still names the actor's kind."""
    if "{country}" not in name:
        return name
    if country:
        return name.replace("{country}", country)
    return name.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "").strip()


def _crowd_by_event_type(a1, event_type: str, country: str | None):
    """A crowd is coded by what it did: protesters who riot are Rioters and rioters in a
    peaceful protest are Protesters; an event with no named actor takes the default."""
    if a1 is None:
        default = DEFAULT_ACTOR1.get(event_type)
        return (_fill_country(default[0], country), default[1], "default-actor1") if default else None
    crowd = CROWDS.get(event_type)
    for other, (word, _) in CROWDS.items():
        if crowd and other != event_type and a1[0].startswith(word + " ("):
            return (crowd[0] + a1[0][len(word):], crowd[1], a1[2])
    return a1


def _claimants(actor_hits: list[ActorHit], text: str) -> list[ActorHit]:
    """Named actors the story holds responsible anywhere in it: claimants of the attack
    ("the Taliban claimed responsibility") and groups it is attributed to, in text order.
    Generic descriptions ("gunmen") claim nothing, except a rebel kind ("separatists")."""
    named = [h for h in actor_hits if "{" not in h.name or h.inter == 2]
    if not named:
        return []
    out = []
    for m in CLAIM.finditer(text):
        # The claimant is the first actor of the subject just before the verb
        # ("Both the Taliban and ISIS-K claimed ..." names the Taliban first).
        subject = [h for h in named if h.end <= m.start() and m.start() - h.end <= 100
                   and not re.search(r"[.;!?]\s", text[h.end:m.start()])]
        if subject and not NO_CLAIM.search(text[max(0, subject[0].start - 40):subject[0].start]):
            out.append(subject[0])
    for h in named:
        if ATTRIBUTED.search(text[max(0, h.start - 60):h.start]) or RESPONSIBLE.match(text, h.end):
            out.append(h)
    return sorted(set(out), key=lambda h: h.start)


# "were killed when Taliban gunmen opened fire": a conjunction opens a new clause whose
# subject acts, even right after a kill verb.
# "SWAPO was immediately blamed", "the ELN were suspected": the story holds that group responsible.
BLAMED_AFTER = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:was|were|is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?"
                          r"(?:blamed|suspected)\b(?!\s+of\s+(?:being\s+)?(?:a\s+)?(?:target|victim))", re.I)
NEW_CLAUSE = re.compile(r"\b(?:when|as|after|before|while|because|since|until|once|where)\s+(?:the\s+)?$", re.I)


def _assign_actors(actor_hits: list[ActorHit], sents: list[int], spans, trig: Hit, country_name: str | None,
                   rule, countries) -> tuple[tuple[str, int, str] | None, tuple[str, int, str] | None]:
    """actor1 acts, actor2 is acted upon; names follow ACLED's conventions."""
    text = trig.data["match"].string
    in_scope = [h for h in actor_hits if any(spans[s][0] <= h.start < spans[s][1] for s in sents)]

    def named(h: ActorHit) -> tuple[str, int, str] | None:
        c = countries.get(h.country_iso3).name if h.country_iso3 in countries else country_name
        return _fill_country(h.name, c), h.inter, h.rule_id

    perpetrators, victims, agents = _claimants(actor_hits, text), [], []
    blamed = [h for h in actor_hits if "{" not in h.name and h not in perpetrators and BLAMED_AFTER.match(text, h.end)]
    perpetrators = sorted(perpetrators + blamed, key=lambda h: h.start)
    for h in in_scope:
        if h in perpetrators or ALTERNATIVE.search(text[max(0, h.start - 12):h.start]):
            # "JNIM and/or ISGS militants": the second name is an alternative perpetrator.
            continue
        before = text[max(0, h.start - 40):h.start]
        if PASSIVE_BY.search(before) or ATTRIBUTED.search(before):
            perpetrators.append(h)
        elif (h.role == "actor2" or h.inter == 7 or TARGET_AFTER.match(text, h.end)
              or (TARGET_BEFORE.search(before) and not NEW_CLAUSE.search(before))):
            victims.append(h)
        else:
            agents.append(h)
    # The subject before the trigger acts; named actors outrank generic descriptions.
    agents.sort(key=lambda h: (h.start > trig.start, "{" in h.name, abs(h.start - trig.start)))
    others = agents
    a1 = a2 = None
    event_type = rule.sets.event_type
    if rule.actor1 and country_name:
        a1 = (rule.actor1.replace("{country}", country_name), 6 if "Protesters" in rule.actor1 else 5, rule.id)
    elif perpetrators or others:
        # Named actors and agents placed before the trigger act; after it, they are acted upon.
        a1 = named((perpetrators + others)[0])
    a1 = _crowd_by_event_type(a1, event_type, country_name)
    if rule.actor2 and country_name:
        a2 = (rule.actor2.replace("{country}", country_name), 7, rule.id)
    else:
        rest = [h for h in victims + others + perpetrators if a1 is None or named(h) is None or named(h)[0] != a1[0]]
        rest.sort(key=lambda h: (h not in victims, h.start))
        if rest:
            a2 = named(rest[0])
    if a1 is not None and a2 is not None and a1[0] == a2[0]:
        a2 = None
    if a2 is None and (event_type == "Violence against civilians" or rule.sets.sub_event_type == "Mob violence"):
        # The victims of violence against civilians are civilians even when described
        # only as "a man" or "a family".
        a2 = (_fill_country("Civilians ({country})", country_name), 7, "default-actor2")
    return a1, a2
