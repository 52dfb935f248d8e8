"""Place resolution: gazetteer hits disambiguated the way a coder would.

A name with several candidates is resolved by the article's country context
(country names, demonyms, actors' home countries), an admin unit named right
after it ("Bama in Borno State", "Doutchi, near Diffa (Diffa)"), and population.
Small towns with no supporting context are dropped: most are common words.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract.actors import ActorHit
from pipeline.extract.spans import SpanSet
from pipeline.extract.word_alternation import word_alternation
from pipeline.geo.built import load_built
from pipeline.geo.gazetteer import Gazetteer, PlaceHit
from pipeline.rulebook.cues import CueSet
from pipeline.rulebook.loader import RuleBook
from pipeline.textfold import fold
from pipeline.vocab import read_rule_yaml, rule_file


@dataclass(frozen=True)
class PlaceCues(CueSet):
    """The words around a place that say what it is to the event: rules/cues/places.yaml,
    cue `place-<field>`."""

    PREFIX = "place"
    near: re.Pattern
    admin_suffix: re.Pattern
    admin_word_at_end: re.Pattern
    dateline: re.Pattern
    admin_context_gap: re.Pattern
    attributive_after: re.Pattern
    currency_after: re.Pattern
    neighbour_before: re.Pattern
    neighbour_after: re.Pattern
    patron_after: re.Pattern
    foreigner_after: re.Pattern
    destination_before: re.Pattern
    part_direction_before: re.Pattern
    origin_before: re.Pattern
    scene_noun_after: re.Pattern
    tribe_before: re.Pattern
    arabic_article: re.Pattern
    locality_before_unit: re.Pattern
    locative_before: re.Pattern
    locative_any_case: re.Pattern
    title_before: re.Pattern
    person_after: re.Pattern
    locative_in_capitals: re.Pattern
    locative: re.Pattern
    organisation_after: re.Pattern
    pronoun_in_capitals: re.Pattern


# A wire report is mostly filed from the country it reports on: its dateline outweighs a
# passing mention of a foreign country ("extradited to the United States").
DATELINE_VOTES = 3
SOURCE_AFTER_DATELINE = re.compile(r"\s*\([^()]{1,60}\)")
# Chronology entries headed by the country in capitals: "SOUTH AFRICA.  A bomb exploded ...".
COUNTRY_HEADER = re.compile(r"^\s*[A-Z][A-Z .,'()/-]{2,40}\.\s")
# A lower-case word after a name: a capitalised common word opening a sentence ("Rain fell").
LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")
TRANSLITERATION_MARKS = re.compile(r"['’‘`ʼʻ-]|(?<=a)h$")
UNIT_CHAIN_GAP = re.compile(r"\s*,\s*")
# A line break inside a paragraph, as in wire copy wrapped at 70 characters ("IN EL\nSALVADOR").
LINE_WRAP = re.compile(r"(?<!\n)\n(?!\n)")
# A capitalised word (not a sentence's first) right before a name: "in Pir Koti", "Sehra Bagh".
CAPITALISED_WORD_BEFORE = re.compile(r"[a-z,]\s+[A-Z][a-z'’]+[ -]$")
KIND_ORDER = {"venue": 0, "city": 1, "locality": 1, "admin2": 2, "admin1": 3, "country": 4}
ADMIN_KINDS = ("admin1", "admin2")
UNSUPPORTED_MIN_POPULATION = 100_000
# A town of this size named right after "in"/"at"/"near" is the place even when the article's
# other cues point abroad ("Al-Shabaab attacked a police post in Wajir").
LOCATIVE_TOWN_MIN_POPULATION = 20_000
# How far after a place a first-level unit named as a unit still frames it ("near Hledan village
# (location coded as Hledan) (Ye-u Township, Ye-u District, Sagaing Region)").
REGION_REACH = 160
# "(Mifi, Ouest)", "(Tapoa)": the admin units ACLED-style notes put after a place.
IN_BRACKETS_BEFORE = re.compile(r"\((?:[^()]{1,40},\s*)?$")
# "[Vargas] Our values ...": a speaker's name in the brackets of a transcript.
SPEAKER_BRACKETS = re.compile(r"\[\s*$")


@dataclass
class ResolvedPlace:
    start: int
    end: int
    place: dict
    precision: int
    rule_id: str
    locative: bool = False


@dataclass
class ArticlePlaces:
    hits: list[ResolvedPlace] = field(default_factory=list)
    sentence_of: dict[int, int] = field(default_factory=dict)  # hit index -> sentence
    country_iso3: str | None = None
    upper: bool = False  # the text is in capitals
    evidence: dict[str, int] = field(default_factory=dict)  # country votes, for debugging and tests

    def best_for(self, groups: list[list[int]], main: bool) -> ResolvedPlace | None:
        """The most specific place in the first group of sentences that names one: the
        sentences that date the event, then its trigger sentence, then the rest."""
        for group in groups:
            wanted = set(group)
            local = [h for i, h in enumerate(self.hits) if self.sentence_of.get(i) in wanted]
            if local and not self._not_the_scene(best := self._most_specific(local)):
                return self._refined(best, None if main else set().union(*groups))
        if main and self.hits and not self._not_the_scene(best := self._most_specific(self.hits)):
            return best
        return None

    def _refined(self, best: ResolvedPlace, sentences: set[int] | None) -> ResolvedPlace:
        """A lead names the country or province ("in northeastern Nigeria"), a later sentence
        the town within it ("The bomb exploded in Azare in Bauchi state"): the coder codes the
        town. The town is sought in `sentences`, or the whole article when None."""
        if best.place["kind"] not in ("country", "admin1"):
            return best
        pool = self.hits if sentences is None else [h for i, h in enumerate(self.hits) if self.sentence_of.get(i) in sentences]
        within = [h for h in pool if h.place["country_iso3"] == best.place["country_iso3"]
                  and KIND_ORDER.get(h.place["kind"], 9) < KIND_ORDER[best.place["kind"]]
                  and (best.place["kind"] == "country" or h.place.get("admin1") == best.place.get("admin1"))]
        return self._most_specific(within) if within else best

    def _not_the_scene(self, h: ResolvedPlace) -> bool:
        """A foreign country named only as a nationality or partner ("a U.S. diplomat",
        "extradited to the United States"), not as where something happened ("in Iran"), does
        not place the event, which keeps the article's country; nor, in capitals-only copy, a
        small foreign town, mostly a common word or surname there ("IN AN EFFORT", "PRICE")."""
        if not self._abroad(h):
            return False
        if h.place["kind"] == "country":
            return not h.locative
        return self.upper and h.place["kind"] == "city" and h.place["population"] < UNSUPPORTED_MIN_POPULATION

    def _most_specific(self, pool: list[ResolvedPlace]) -> ResolvedPlace:
        """Venue before town before region before country; then a place introduced by a
        locative ("in", "near") before one merely named; then the first."""
        # A country abroad is mostly a nationality ("the U.S. attache"), a region abroad mostly a
        # person's name ("Virginia"); in capitals, surnames and common words match towns: there
        # any place abroad comes last.
        return min(pool, key=lambda h: (self._abroad(h) and (self.upper or h.place["kind"] in ("country", *ADMIN_KINDS)),
                                        KIND_ORDER.get(h.place["kind"], 9),
                                        not h.locative, h.start))

    def _abroad(self, h: ResolvedPlace) -> bool:
        return self.country_iso3 is not None and h.place["country_iso3"] != self.country_iso3


@dataclass
class _Article:
    """The text being resolved, read once: its fold, capitals test, sentence starts, and the
    country votes cast so far."""
    text: str
    folded: str
    upper: bool
    starts: list[int]
    evidence: Counter = field(default_factory=Counter)
    # The votes of places alone (dateline, countries, regions and towns named), without the
    # demonyms' and actors' (an armed group's home is not the scene).
    place_votes: Counter = field(default_factory=Counter)


@dataclass
class HitContext:
    """One place hit parsed once: the words before it and the "Town, Unit, Unit" chain around
    it, shared by every test that reads them."""
    hit: PlaceHit
    k: int  # its index among the article's hits
    name: str  # as folded
    before: str  # the 40 characters before it
    closing: str | None  # the country that closes its comma-joined chain ("Kolofata, Mayo-Sava, Cameroon")
    units_before: set[str]  # the units the place named just before it, comma-joined, lies in
    units_after: set[str]  # the units of the places named within 40 characters after it
    isos_after: list[set[str]]  # the countries of those places
    unit_chain: list[PlaceHit]  # the following places joined to it as its units ("Baharak district, Takhar")
    as_unit: bool  # named as an admin unit ("Soum Province", "(Tapoa)")
    unit_position: bool  # where ACLED-style notes put units: in brackets or after a comma behind a place
    people: bool  # a people or tribe, not a region
    regions_after: set[str]  # first-level units named as units later in its sentence ("..., Sagaing Region)")


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, book: RuleBook, cues: dict[str, str] | None = None,
                 split_from: dict[tuple[str, str], str] | None = None,
                 part_names: dict[tuple[str, str], list[str]] | None = None) -> None:
        """`cues` maps words tied to one country (rules/vocab/country_cues.yaml) to its ISO3;
        `split_from` the parts of a first-level unit ACLED splits to the whole unit's name,
        keyed by (ISO3, part) (rules/vocab/admin1_names.yaml's admin1_splits), and `part_names`
        the other names of those parts (its admin1_part_names)."""
        self.gazetteer = gazetteer
        self.split_from = split_from or {}
        self.wholes = {(iso3, whole) for (iso3, _), whole in self.split_from.items()}
        self.parts_by_name = self._parts_by_name({key: (part_names or {}).get(key, []) for key in self.split_from})
        self.book = book
        self.cues = book.cue_set(PlaceCues)  # the words around a place (rules/cues/places.yaml)
        demonyms = {d: c.iso3 for c in book.vocab.countries.values() for d in c.demonyms}
        self.demonym_iso3 = demonyms
        # Upper-case wire copy ("SALVADORAN TROOPS") is matched in folded form.
        self.demonym_folded_iso3 = {fold(d): iso for d, iso in demonyms.items()}
        cues = cues or {}
        # Demonyms and cues vote alike: one (regex, word -> ISO3) pair per case form.
        self.voters = [(word_alternation(m), m) for m in (demonyms, cues) if m]
        self.voters_folded = [(word_alternation(m), m) for m in
                              (self.demonym_folded_iso3, {fold(c): iso for c, iso in cues.items()}) if m]

    def _parts_by_name(self, part_names: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], dict]:
        """The units made by a split, keyed by country and each folded name they are known by."""
        places, out = self.gazetteer.places, {}
        for (iso3, part), others in sorted(part_names.items()):
            for name in (part, *others):
                for h in self.gazetteer.find(name, require_capital=False):
                    out.update({(iso3, fold(name)): places[i] for i in h.candidates
                                if places[i]["kind"] == "admin1" and places[i]["country_iso3"] == iso3
                                and places[i]["name"] == part})
        return out

    @classmethod
    def build(cls, gazetteer_dir: Path, book: RuleBook) -> PlaceResolver:
        vdir = book.rules_dir / "vocab"
        stop_path = rule_file(vdir, "place_stopwords")
        stop = set()
        if stop_path.exists():
            stop = {fold(w) for w in read_rule_yaml(stop_path).get("stopwords", [])}
        extra = []
        for v in book.venues:
            place = {"place_id": f"venue:{v.id}", "kind": "venue", "name": v.location, "country_iso3": v.country,
                     "admin1": v.admin1, "admin2": v.admin2, "latitude": v.latitude, "longitude": v.longitude,
                     "population": 0, "venue_id": v.id}
            for n in (v.name, *v.aliases):
                extra.append((n, place))
        names_path = rule_file(vdir, "admin1_names")
        admin1_names, admin1_splits, part_names, spellings, district_admin1 = {}, {}, {}, [], []
        if names_path.exists():
            doc = read_rule_yaml(names_path)
            admin1_names = {(iso3, old): new for iso3, m in (doc.get("admin1_names") or {}).items()
                            for old, new in m.items()}
            admin1_splits = {(iso3, old): {d: new for new, districts in parts.items() for d in districts}
                             for iso3, m in (doc.get("admin1_splits") or {}).items() for old, parts in m.items()}
            part_names = {(iso3, part): names for iso3, m in (doc.get("admin1_part_names") or {}).items()
                          for part, names in m.items()}
            district_admin1 = sorted(doc.get("district_admin1") or [])
            spellings = [(iso3, known, other) for iso3, m in (doc.get("spellings") or {}).items()
                         for known, others in m.items() for other in others]
        cues_path = rule_file(vdir, "country_cues")
        cues = {}
        if cues_path.exists():
            doc = read_rule_yaml(cues_path)
            cues = {w: iso3 for iso3, words in (doc.get("country_cues") or {}).items() for w in words}
        options = {"stopnames": stop, "extra": extra, "admin1_names": admin1_names,
                   "admin1_splits": admin1_splits, "part_names": part_names, "district_admin1": district_admin1,
                   "spellings": spellings}
        gazetteer = load_built(gazetteer_dir, {**options, "stopnames": sorted(stop)},
                               lambda: Gazetteer.load(gazetteer_dir, **options))
        split_from = {(iso3, new): old for (iso3, old), moved in admin1_splits.items() for new in moved.values()}
        return cls(gazetteer, book, cues, split_from, part_names)

    def find(self, text: str, folded: str, upper: bool) -> list[PlaceHit]:
        hits = self.gazetteer.find(text, _unwrapped(folded), require_capital=not upper)
        if upper:  # "LET US SEE", "EITHER US OR THEM": in capitals "US" is the pronoun
            hits = [h for h in hits if not self.cues.pronoun_in_capitals.fullmatch(text, h.start, h.end)]
        return hits

    def resolve_article(self, text: str, hits: list[PlaceHit], actor_hits: list[ActorHit],
                        spans: list[tuple[int, int]], upper: bool, folded: str | None = None) -> ArticlePlaces:
        """`spans` and `upper` are the extractor's sentence spans and capitals test for `text`,
        `folded` its fold (computed here when not given)."""
        a = _Article(text, _unwrapped(fold(text) if folded is None else folded), upper, [s for s, _ in spans])
        actor_spans = SpanSet((x.start, x.end) for x in actor_hits if "{" not in x.name)
        hits = [h for h in hits if not actor_spans.overlaps(h.start, h.end)]
        dateline, hits = self._split_dateline(a, hits)
        header = COUNTRY_HEADER.match(text)
        persons = self._person_names(a, hits)
        hits = [h for h in hits if not self._is_person(a, h, persons)]
        contexts = [self._parse(a, hits, k) for k in range(len(hits))]
        self._vote_countries(a, hits, header)
        self._vote_words(a)
        for x in actor_hits:
            # A cross-border group (Al Shabaab) supports each country it fights in, home first.
            for iso3 in x.countries:
                a.evidence[iso3] += 1
        region_own, region_votes = self._vote_regions(a, contexts)
        own = self._vote_towns(a, contexts)
        out = ArticlePlaces(upper=upper)
        fallback, dropped_regions, kept = self._keep_places(a, contexts, own, region_own, region_votes, out)
        for k, iso in own.items():  # a town that was not kept casts no vote
            if k not in kept:
                a.evidence[iso] -= 1
        a.evidence.subtract(dropped_regions)
        a.evidence = +a.evidence
        top_iso = _top_country(a.evidence)
        self._add_localities(a, out, top_iso)
        self._place_by_default(a, out, fallback, dateline, top_iso)
        out.evidence = dict(a.evidence)
        if a.evidence:
            out.country_iso3 = _top_country(a.evidence)
        elif out.hits:
            out.country_iso3 = out.hits[0].place["country_iso3"]
        return out

    def _split_dateline(self, a: _Article, hits: list[PlaceHit]) -> tuple[list[PlaceHit], list[PlaceHit]]:
        """The dateline's places and the body's. The dateline names where the report was filed,
        often a neighbouring capital: a hint to the country (its votes), and the place only when
        the body names none. Names in its date part ("2 NOV 89": Nov, Tajikistan) and in the
        source after it ("(RADIO CADENA NACIONAL)") are no places at all."""
        text = a.text
        m = self.cues.dateline.match(text)
        dateline = [h for h in hits if m and h.end <= m.end("place")]
        source = SOURCE_AFTER_DATELINE.match(text, m.end()) if m else None
        body_start = source.end() if source else m.end() if m else 0
        # In the dateline's own order, not a set's: the first country voted for wins a tie
        # (_top_country), and a set's order would follow the interpreter's hash seed.
        for iso in dict.fromkeys(self._dateline_country(a, h) for h in dateline):
            if iso is None:
                continue
            a.evidence[iso] += DATELINE_VOTES
            a.place_votes[iso] += DATELINE_VOTES
        return dateline, [h for h in hits if h.start >= body_start]

    def _parse(self, a: _Article, hits: list[PlaceHit], k: int) -> HitContext:
        """What the words and places around one hit say of it, read once for every test."""
        text, places, h = a.text, self.gazetteer.places, hits[k]
        following = hits[k + 1:k + 3]
        near_after = [f for f in following if f.start - h.end < 40]
        chain = []
        for f in following:
            if f.start - h.end > 45 or not self.cues.admin_context_gap.match(text[h.end:f.start]):
                break
            chain.append(f)
        return HitContext(
            hit=h, k=k, name=a.folded[h.start:h.end], before=text[max(0, h.start - 40):h.start],
            closing=self._country_after(text, h, hits[k + 1:k + 4]), units_before=self._units_before(text, hits, k),
            units_after={u for f in near_after for i in f.candidates
                         if places[i]["kind"] in ("admin1", "admin2", "city") for u in self._unit_names(places[i])},
            isos_after=[{places[i]["country_iso3"] for i in f.candidates} for f in near_after],
            unit_chain=chain, as_unit=self._named_as_unit(text, h),
            unit_position=bool(IN_BRACKETS_BEFORE.search(text[max(0, h.start - 45):h.start])
                               or k > 0 and UNIT_CHAIN_GAP.fullmatch(text, hits[k - 1].end, h.start)),
            people=self._people_not_region(a, h), regions_after=self._regions_after(a, hits, k))

    def _vote_countries(self, a: _Article, hits: list[PlaceHit], header: re.Match | None) -> None:
        """A country or venue named casts votes for its country: five as a chronology entry's
        header, one as an attribute or a destination or origin, two otherwise."""
        text, places = a.text, self.gazetteer.places
        for h in hits:
            kinds = {places[i]["kind"] for i in h.candidates}
            if ("country" in kinds or "venue" in kinds) and not self.cues.currency_after.match(text, h.end) and not self._neighbour(text, h):
                votes = 5 if header and h.end <= header.end() else 1 if (
                    self._attributive(text, h) or self._destination(text, h)
                    or self.cues.origin_before.search(text, max(0, h.start - 10), h.start)) else 2
                for i in h.candidates:
                    if places[i]["kind"] in ("country", "venue"):
                        a.evidence[places[i]["country_iso3"]] += votes
                        a.place_votes[places[i]["country_iso3"]] += votes

    def _vote_words(self, a: _Article) -> None:
        """Demonyms and country cues vote for their country, twice before a scene noun."""
        haystack = a.folded if a.upper else _unwrapped(a.text)
        for rx, iso_of in self.voters_folded if a.upper else self.voters:
            for m in rx.finditer(haystack):
                if not any(rx.match(haystack, m.end()) for rx in (self.cues.patron_after, self.cues.currency_after,
                                                                   self.cues.neighbour_after, self.cues.foreigner_after)):
                    a.evidence[iso_of[m.group(1)]] += 2 if self.cues.scene_noun_after.match(haystack, m.end()) else 1

    def _vote_regions(self, a: _Article, contexts: list[HitContext]) -> tuple[dict[int, str], Counter]:
        """A division of one country only ("Nuevo Leon", "Tapoa") names that country. A
        district's name is often a common word or surname ("Bale"): it votes only when named as
        a unit ("Soum Province", "(Tapoa)"). "Bali, North-West, Cameroon": a unit or town of
        another country than the one that closes its chain is a namesake (Indonesia's Bali,
        South Africa's North-West)."""
        places = self.gazetteer.places
        region_votes: Counter = Counter()
        region_own: dict[int, str] = {}
        for c in contexts:
            if c.people:
                continue
            # In capitals a region's name may be a surname ("ARTURO RIVERA"): it needs "in"/"at".
            if a.upper and not c.as_unit and not self.cues.locative_any_case.search(c.before):
                continue
            kinds = ("admin1", "admin2") if c.as_unit else ("admin1",)
            isos = {places[i]["country_iso3"] for i in c.hit.candidates if places[i]["kind"] in kinds}
            if len(isos) == 1 and c.closing in (None, *isos):
                region_own[c.k] = next(iter(isos))
                a.evidence[region_own[c.k]] += 2
                a.place_votes[region_own[c.k]] += 2
                region_votes[region_own[c.k]] += 2
        return region_own, region_votes

    def _vote_towns(self, a: _Article, contexts: list[HitContext]) -> dict[int, str]:
        """Unambiguous larger towns, named by their own name, also count as context for the
        others (not for themselves: see `self_support` in `_keep_places`)."""
        places = self.gazetteer.places
        own: dict[int, str] = {}
        for c in contexts:
            isos = {places[i]["country_iso3"] for i in c.hit.candidates}
            big = max((places[i] for i in c.hit.candidates), key=lambda p: p["population"])
            if (len(isos) == 1 and big["population"] >= 50_000 and self._by_own_name(a, c.hit, big)
                    and c.closing in (None, *isos)):
                own[c.k] = big["country_iso3"]
                a.evidence[own[c.k]] += 1
                a.place_votes[own[c.k]] += 1
        return own

    def _keep_places(self, a: _Article, contexts: list[HitContext], own: dict[int, str], region_own: dict[int, str],
                     region_votes: Counter, out: ArticlePlaces):
        """Resolve each hit and keep the supported ones in `out`; return the best lone town (the
        fallback), the votes of regions dropped, and the indices kept."""
        fallback: tuple[tuple, HitContext, dict] | None = None
        dropped_regions: Counter = Counter()
        kept: set[int] = set()
        for c in contexts:
            place = self._candidate(a, c)
            if place is None:
                continue
            iso3 = place["country_iso3"]
            self_support = int(own.get(c.k) == iso3) + 2 * (region_own.get(c.k) == iso3)
            verdict = self._verdict(a, c, place, self_support, region_votes)
            if verdict == "drop-region":
                dropped_regions[iso3] += 2
            elif verdict == "fallback":
                key = self._fallback_key(a, c, place)
                if fallback is None or key > fallback[0]:
                    fallback = (key, c, place)
            elif verdict == "keep":
                self._keep(a, c, place, out)
                kept.add(c.k)
        return (fallback[1:] if fallback else None), dropped_regions, kept

    def _candidate(self, a: _Article, c: HitContext) -> dict | None:
        """The place a hit names, or None when it names no place here: an organisation, an
        acronym, a title's holder, a people, or a place its chain or context contradicts."""
        text, h = a.text, c.hit
        if self.cues.organisation_after.match(text[h.end:h.end + 20]) or (not a.upper and self._acronym(text, h)):
            return None
        if self.cues.title_before.search(text[max(0, h.start - 60):h.start]):
            return None
        if c.people:
            return None
        best = self._choose(text, h, c.units_after, a.evidence, c.closing, c.units_before, c.unit_position)
        if best is None or c.closing not in (None, best[0]["country_iso3"]):
            return None
        place = best[0]
        kind = place["kind"]
        if kind == "city" and self._tail_of_a_longer_name(text, h, place, a.evidence):
            return None
        if kind == "country" and (self._attributive(text, h) or self._neighbour(text, h) or self._destination(text, h)):
            return None
        if kind in ("city", "admin2") and (self._contradicted_by_units(c, place) or self._outside_region_named(c, place)):
            return None
        return self._part_by_direction(text, h, place) if kind == "admin1" else place

    def _part_by_direction(self, text: str, h: PlaceHit, place: dict) -> dict:
        """"northern Shan State": the part of a unit ACLED splits that a compass word names."""
        iso3 = place["country_iso3"]
        if (iso3, place["name"]) not in self.wholes:
            return place
        m = self.cues.part_direction_before.search(text, max(0, h.start - 12), h.start)
        return self.parts_by_name.get((iso3, fold(f"{m['direction']} {place['name']}")), place) if m else place

    def _verdict(self, a: _Article, c: HitContext, place: dict, self_support: int, region_votes: Counter) -> str | None:
        """"keep" a supported place, "fallback" for a lone town, "drop-region" for a region only
        its own name supports (in capitals, or abroad), None for a name that places nothing."""
        evidence, kind, h = a.evidence, place["kind"], c.hit
        supported = evidence.get(place["country_iso3"], 0) > self_support
        others = sum(evidence.values()) - self_support
        # In capitals a town name may be a surname ("ORLANDO QUITENO"): small towns need "in"/"at".
        shouted = a.upper and place["population"] < UNSUPPORTED_MIN_POPULATION and not self.cues.locative_any_case.search(c.before)
        # In capitals a region may be a surname too ("JUDGE CARLOS VALENCIA"): one that only its
        # own name supports needs "in"/"at".
        if (kind in ADMIN_KINDS and a.upper and evidence[place["country_iso3"]] <= region_votes[place["country_iso3"]]
                and not self.cues.locative_any_case.search(c.before)):
            return "drop-region"
        # A region abroad that only its own name supports, where the places named put the article
        # in another country (by more than a region's name), is a namesake of one there ("Valle
        # department" in a Colombian story is not Honduras's); an armed group's or a demonym's
        # country alone puts it nowhere.
        iso3, top = place["country_iso3"], _top_country(a.place_votes)
        if (kind in ADMIN_KINDS and top not in (None, iso3) and a.place_votes[top] > region_votes[top]
                and evidence[iso3] <= region_votes[iso3]):
            return "drop-region"
        # A district or province name is as ambiguous as a town's ("Bale", "Poni"), unless an
        # admin word follows it ("Soum Province") or it stands in brackets after a place.
        if kind == "admin2" and not supported and not c.as_unit:
            return None
        if (kind == "city" and (shouted or not supported) and not self._stands_alone(a, h, place, others)
                and not (not shouted and self._named_with_locative(a, c, place))):
            # A lone town matched by a foreign spelling ("Pama" for Parma) is no fallback.
            if not self._by_own_name(a, h, place) and place["population"] < UNSUPPORTED_MIN_POPULATION:
                return None
            if _opens_sentence_as_a_word(a.text, h, a.starts):
                return None
            return "fallback"
        return "keep"

    def _keep(self, a: _Article, c: HitContext, place: dict, out: ArticlePlaces) -> None:
        """Add a kept place to `out`, with its precision and rule."""
        text, h, kind = a.text, c.hit, place["kind"]
        if kind == "country":
            precision, rule_id = 3, "gazetteer-country"
        elif kind == "admin1":
            precision, rule_id = 3, "gazetteer-admin1"
        elif kind == "admin2":
            precision, rule_id = 2, "gazetteer-admin2"
        elif kind == "venue":
            precision, rule_id = 1, place["venue_id"]
        else:
            near = self.cues.near.search(c.before)
            precision, rule_id = (2, "gazetteer-town-near") if near else (1, "gazetteer-town")
        out.sentence_of[len(out.hits)] = max(bisect.bisect_right(a.starts, h.start) - 1, 0)
        locative = bool((self.cues.locative_in_capitals if a.upper else self.cues.locative).search(c.before))
        if kind == "admin2" and not self._by_own_name(a, h, place):
            place = dict(place, name=_as_written(text, h, self.cues))
        out.hits.append(ResolvedPlace(h.start, h.end, place, precision, rule_id, locative))

    def _place_by_default(self, a: _Article, out: ArticlePlaces, fallback: tuple[HitContext, dict] | None,
                          dateline: list[PlaceHit], top_iso: str | None) -> None:
        """Nothing else places the article: a lone town name, better than no place at all, or
        the dateline. In capitals-only wire copy a lone town is mostly a surname ("ARCHBISHOP
        ARTURO RIVERA"): the dateline comes first there."""
        for use in ("dateline", "fallback") if a.upper else ("fallback", "dateline"):
            if out.hits:
                break
            if use == "fallback" and fallback is not None and top_iso in (None, fallback[1]["country_iso3"]):
                c, place = fallback
                out.sentence_of[0] = max(bisect.bisect_right(a.starts, c.hit.start) - 1, 0)
                locative = bool(self.cues.locative.search(c.before))
                out.hits.append(ResolvedPlace(c.hit.start, c.hit.end, place, 1, "gazetteer-town-unsupported", locative))
                a.evidence[place["country_iso3"]] += 1
            for h in dateline if use == "dateline" else []:
                best = self._choose(a.text, h, set(), a.evidence)
                if best is not None and best[0]["kind"] != "country" and top_iso in (None, best[0]["country_iso3"]):
                    out.sentence_of[0] = 0
                    out.hits.append(ResolvedPlace(h.start, h.end, best[0], 1, "gazetteer-dateline", False))
                    break

    def _add_localities(self, a: _Article, out: ArticlePlaces, top_iso: str | None) -> None:
        """Name the ungazetteered locality written before a kept unit of the article's country
        (see the cue place-locality-before-unit)."""
        text = a.text
        kept = SpanSet((h.start, h.end) for h in out.hits)
        added: list[tuple[int, int]] = []  # localities named here, few: tested one by one
        for r in [r for r in out.hits if r.place["kind"] in (*ADMIN_KINDS, "city")
                  and top_iso in (None, r.place["country_iso3"])]:
            m = self.cues.locality_before_unit.search(text, max(0, r.start - 120), r.start)
            if m is None or m.end() != r.start:
                continue
            start, end = m.span("name")
            if (kept.overlaps(start, end) or any(s < end and start < e for s, e in added)
                    or a.folded[start:end] in self.demonym_folded_iso3):
                continue
            added.append((start, end))
            name = text[start:end].title() if text[start:end].isupper() else text[start:end]
            place = dict(r.place, kind="locality", name=name, place_id=f"{r.place['place_id']}/{fold(name)}")
            out.sentence_of[len(out.hits)] = max(bisect.bisect_right(a.starts, start) - 1, 0)
            out.hits.append(ResolvedPlace(start, end, place, 2, "admin-context-locality", True))

    def _contradicted_by_units(self, c: HitContext, place: dict) -> bool:
        """A town or district whose admin units, named right after it, are other units of its
        country: the one meant is a namesake the gazetteer lacks ("Baharak district, Takhar" is
        not the Baharak of Badakhshan), and the units place the event."""
        places = self.gazetteer.places
        units: set[str] = set()
        for f in c.unit_chain:
            for i in f.candidates:
                p = places[i]
                if p["kind"] in ADMIN_KINDS and p["country_iso3"] == place["country_iso3"]:
                    units |= self._unit_names(p)
        return bool(units) and not units & self._unit_names(place)

    def _outside_region_named(self, c: HitContext, place: dict) -> bool:
        """A town or district outside the first-level unit its own sentence names as a unit
        after it ("Hledan village, Ye-u township (Ye-u district, Sagaing region)") is a
        namesake of one in that unit the gazetteer lacks, unless it is a city of its own."""
        iso3 = place["country_iso3"]
        named = {r.split(":", 1)[1] for r in c.regions_after if r.startswith(iso3 + ":")}
        return (bool(named) and place["population"] < UNSUPPORTED_MIN_POPULATION
                and not named & self._unit_names(place))

    def _unit_names(self, p: dict) -> set[str]:
        """The units a place lies in, by name; a part of a unit ACLED splits lies in the whole
        too ("Lashio District, Shan State": Lashio is in Shan-North, which is in Shan)."""
        names = {x for x in (p["admin1"], p["admin2"]) if x}
        whole = self.split_from.get((p["country_iso3"], p["admin1"]))
        return names | {whole} if whole else names

    def _people_not_region(self, a: _Article, h: PlaceHit) -> bool:
        """"Somali rebels": a region named like a people is the people, unless called a region;
        "Bani Halba", "Beni Hussein": "sons of" before a name makes it a tribe."""
        text = a.text
        return bool(a.folded[h.start:h.end] in self.demonym_folded_iso3 and not self.cues.admin_suffix.match(text[h.end:h.end + 30])
                    or self.cues.tribe_before.search(text, max(0, h.start - 6), h.start))

    def _dateline_country(self, a: _Article, h: PlaceHit) -> str | None:
        """The country a dateline place names: its only one, or that of a large town of that
        name ("SAN SALVADOR" is El Salvador's capital, not the Philippine village)."""
        places = self.gazetteer.places
        isos = {places[i]["country_iso3"] for i in h.candidates}
        if len(isos) == 1:
            return next(iter(isos))
        big = max((places[i] for i in h.candidates), key=lambda p: (p["population"], p["place_id"]))
        if big["kind"] != "country" and big["population"] >= UNSUPPORTED_MIN_POPULATION and self._by_own_name(a, h, big):
            return big["country_iso3"]
        return None

    def _person_names(self, a: _Article, hits: list[PlaceHit]) -> set[str]:
        """The names the text calls a person's somewhere (see the cue place-person-after). A country's name
        "said" or "denied" is its government speaking: only a title or an appositive makes it a person."""
        text, places = a.text, self.gazetteer.places
        names = set()
        for h in hits:
            after = text[h.end:h.end + 60]
            person = self.cues.person_after.match(after)
            speaker = after.startswith("]") and SPEAKER_BRACKETS.search(text, max(0, h.start - 3), h.start)
            if any(places[i]["kind"] == "country" for i in h.candidates):  # "[PERU] TIME", "Peru said"
                speaker = None
                person = person if person and person.group().lstrip().startswith(",") else None
            # "in Kabul, the governor of the province said": a place, then a clause about a person.
            if person and self.cues.locative_any_case.search(text[max(0, h.start - 40):h.start]):
                person = None
            if person or speaker or self.cues.title_before.search(text[max(0, h.start - 60):h.start]):
                names.add(a.folded[h.start:h.end])
        return names

    def _is_person(self, a: _Article, h: PlaceHit, persons: set[str]) -> bool:
        """A name the text calls a person's, unless this mention is a place's ("in Guerrero")."""
        text = a.text
        return (bool(persons) and a.folded[h.start:h.end] in persons
                and not self.cues.locative_any_case.search(text[max(0, h.start - 40):h.start])
                and not self.cues.admin_suffix.match(text[h.end:h.end + 30]))

    def _acronym(self, text: str, h: PlaceHit) -> bool:
        """"NGO", "IEBC" in mixed-case text are acronyms, not the towns Ngo or Iebc."""
        surface = text[h.start:h.end]
        places = self.gazetteer.places
        return (len(surface) <= 5 and surface.isupper()
                and not any(places[i]["kind"] in ("country", "venue") or places[i]["name"].isupper() for i in h.candidates))

    def _regions_after(self, a: _Article, hits: list[PlaceHit], k: int) -> set[str]:
        """The first-level units named as units ("Sagaing Region", "(Rakhine State)") within
        REGION_REACH characters after a hit and in its sentence, with the country of each."""
        h, places, out = hits[k], self.gazetteer.places, set()
        later = bisect.bisect_right(a.starts, h.start)
        sentence_end = a.starts[later] if later < len(a.starts) else len(a.text)
        for f in hits[k + 1:]:
            if f.start - h.end > REGION_REACH or f.start >= sentence_end:
                break
            if self._named_as_unit(a.text, f):
                out |= {f"{places[i]['country_iso3']}:{u}" for i in f.candidates if places[i]["kind"] == "admin1"
                        for u in self._unit_names(places[i])}
        return out

    def _named_as_unit(self, text: str, h: PlaceHit) -> bool:
        return bool(self.cues.admin_suffix.match(text[h.end:h.end + 30]) or self.cues.admin_word_at_end.search(text, h.start, h.end)
                    or IN_BRACKETS_BEFORE.search(text[max(0, h.start - 45):h.start]))

    def _named_with_locative(self, a: _Article, c: HitContext, place: dict) -> bool:
        """A sizeable town, by its own name and of one country only, right after "in"/"at",
        and not followed by units of another country ("Raiganj (Sirajganj, Rajshahi)")."""
        places, h = self.gazetteer.places, c.hit
        iso3 = place["country_iso3"]
        return (place["population"] >= LOCATIVE_TOWN_MIN_POPULATION and self._by_own_name(a, h, place)
                and len({places[i]["country_iso3"] for i in h.candidates}) == 1
                and all(iso3 in isos for isos in c.isos_after)
                and bool(self.cues.locative_before.search(a.text[max(0, h.start - 30):h.start])))

    def _neighbour(self, text: str, h: PlaceHit) -> bool:
        """A country named as the neighbour the scene lies by (see the cues place-neighbour-before and -after)."""
        return bool(self.cues.neighbour_before.search(text, max(0, h.start - 30), h.start) or self.cues.neighbour_after.match(text, h.end))

    def _destination(self, text: str, h: PlaceHit) -> bool:
        """Where people are taken or go after the act (see the cue place-destination-before)."""
        return bool(self.cues.destination_before.search(text, max(0, h.start - 40), h.start))

    def _attributive(self, text: str, h: PlaceHit) -> bool:
        places = self.gazetteer.places
        return (all(places[i]["kind"] == "country" for i in h.candidates)
                and bool(self.cues.attributive_after.match(text[h.end:h.end + 25])))

    def _by_own_name(self, a: _Article, h: PlaceHit, place: dict) -> bool:
        """Matched by the town's own name, not one of its foreign-language alternates
        ("Colonia" is Cologne in Spanish, and a Mexican neighbourhood word). Transliteration
        marks are no other name: "Fallujah" is "Al Fallūjah", "Haditha" is "Ḩadīthah"."""
        return _spelling(a.folded[h.start:h.end], self.cues) == _spelling(fold(place["name"]), self.cues)

    def _stands_alone(self, a: _Article, h: PlaceHit, place: dict, other_evidence: int) -> bool:
        """A large town needs no context, unless the article points to another country or
        the name matched is only a foreign alternate of it."""
        return (place["population"] >= UNSUPPORTED_MIN_POPULATION and not other_evidence
                and self._by_own_name(a, h, place))

    def _fallback_key(self, a: _Article, c: HitContext, place: dict) -> tuple:
        locative = bool(self.cues.locative.search(c.before))
        return (self._by_own_name(a, c.hit, place), locative, place["population"], -c.hit.start)

    def _country_after(self, text: str, h: PlaceHit, following: list[PlaceHit]) -> str | None:
        """The country named at the end of the comma-joined units after a place ("Kolofata,
        Mayo-Sava, Extreme-North, Cameroon" -> CMR), if any."""
        places = self.gazetteer.places
        end = h.end
        for f in following:
            if not UNIT_CHAIN_GAP.fullmatch(text, end, f.start):
                return None
            isos = {places[i]["country_iso3"] for i in f.candidates if places[i]["kind"] == "country"}
            if len(isos) == 1:
                return next(iter(isos))
            end = f.end
        return None

    def _tail_of_a_longer_name(self, text: str, h: PlaceHit, place: dict, evidence: Counter) -> bool:
        """"Pir Koti", "Sehra Bagh": a foreign town's name as the last word of a longer name the
        gazetteer lacks is that name's tail, not the town (Pakistan's Koti or Bagh)."""
        top = _top_country(evidence)
        return (top is not None and place["country_iso3"] != top and not text[h.start:h.end].isupper()
                and bool(CAPITALISED_WORD_BEFORE.search(text, max(0, h.start - 30), h.start)))

    def _units_before(self, text: str, hits: list[PlaceHit], k: int) -> set[str]:
        """The units a place named just before this one, joined by a comma, lies in: in
        "Maywand, Kandahar, Afghanistan" the second name is Maywand's province, not the city."""
        if k == 0 or not UNIT_CHAIN_GAP.fullmatch(text, hits[k - 1].end, hits[k].start):
            return set()
        places = self.gazetteer.places
        return {u for i in hits[k - 1].candidates if places[i]["kind"] != "country" for u in self._unit_names(places[i])}

    def _choose(self, text: str, h: PlaceHit, admin_named_after: set[str], evidence: Counter,
                closing_country: str | None = None, units_before: set[str] = frozenset(), unit_position: bool = False):
        """The candidate a hit most likely names, scored by population, kind, the article's
        country votes and the units named around it; and whether its country has votes."""
        places = self.gazetteer.places
        after = text[h.end:h.end + 30]
        is_admin_phrase = bool(self.cues.admin_suffix.match(after) or self.cues.admin_word_at_end.search(text, h.start, h.end))
        best, best_score = None, -math.inf
        for i in h.candidates:
            p = places[i]
            score = math.log10(p["population"] + 10)
            if p["kind"] == "venue":
                score += 20
            if p["kind"] == "country":
                score += 8
            if p["kind"] == "city":  # "Moscow" the city, unless an admin word follows
                score += 0.5
            if evidence.get(p["country_iso3"]):
                score += 4 + min(evidence[p["country_iso3"]], 5)
            if p["kind"] in ("city", "admin2") and self._unit_names(p) & admin_named_after:
                score += 5
            if (is_admin_phrase or unit_position or p["name"] in units_before) and p["kind"] in ADMIN_KINDS:
                score += 6
            if p["country_iso3"] == closing_country:
                score += 10
            if score > best_score or (score == best_score and best is not None and p["place_id"] < best["place_id"]):
                best, best_score = p, score
        if best is None:
            return None
        return best, bool(evidence.get(best["country_iso3"]))


def _unwrapped(text: str) -> str:
    """The text with each line break inside a paragraph read as a space, so that a name wrapped
    over two lines is still one name; the same length, so offsets still hold."""
    return LINE_WRAP.sub(" ", text) if "\n" in text else text


def _opens_sentence_as_a_word(text: str, h: PlaceHit, starts: list[int]) -> bool:
    """"Cane farmers protest", "Tea pickers strike": a word capitalised only because it opens a
    sentence, before a lower-case word, is mostly a common word, not the lone town it spells."""
    if text.isupper() or not LOWER_WORD_AFTER.match(text, h.end):
        return False
    k = bisect.bisect_right(starts, h.start) - 1
    return not any(c.isalnum() for c in text[starts[k] if k >= 0 else 0:h.start])


def _as_written(text: str, h: PlaceHit, cues: PlaceCues) -> str:
    """A district's name as the text spells it ("Mihtarlam" for GeoNames' "Mehtar Lām"): the
    location coders write is a transliteration of the report's, not GeoNames' romanisation."""
    surface = text[h.start:h.end]
    m = cues.admin_word_at_end.search(surface)
    surface = surface[:m.start()].strip() if m and m.start() > 0 else surface
    return surface.title() if surface.isupper() else surface


def _spelling(folded_name: str, cues: PlaceCues) -> str:
    """A folded name without the marks transliterations differ by: Arabic article, apostrophes, final "h"."""
    return TRANSLITERATION_MARKS.sub("", cues.arabic_article.sub("", folded_name))


def _top_country(evidence: Counter) -> str | None:
    """The country with most votes; on a tie the one voted for first (dateline, named countries,
    demonyms, then actors, a group's home before the countries it also fights in), not an
    alphabetical accident."""
    return max(evidence.items(), key=lambda kv: kv[1])[0] if evidence else None
