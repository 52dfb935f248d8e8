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
    destination_before: re.Pattern
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
# A capitalised word (not a sentence's first) right before a name: "in Pir Koti", "Sehra Bagh".
CAPITALISED_WORD_BEFORE = re.compile(r"[a-z,]\s+[A-Z][a-z'’]+[ -]$")
KIND_ORDER = {"venue": 0, "city": 1, "locality": 1, "admin2": 2, "admin1": 3, "country": 4}
ADMIN_KINDS = ("admin1", "admin2")
UNSUPPORTED_MIN_POPULATION = 100_000
# A town of this size named right after "in"/"at"/"near" is the place even when the article's
# other cues point abroad ("Al-Shabaab attacked a police post in Wajir").
LOCATIVE_TOWN_MIN_POPULATION = 20_000
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
                return best
        if main and self.hits and not self._not_the_scene(best := self._most_specific(self.hits)):
            return best
        return None

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


def _word_alternation(words) -> re.Pattern | None:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b") if words else None


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, book: RuleBook, cues: dict[str, str] | None = None) -> None:
        """`cues` maps words tied to one country (rules/vocab/country_cues.yaml) to its ISO3."""
        self.gazetteer = gazetteer
        self.book = book
        self.cues = book.cue_set(PlaceCues)  # the words around a place (rules/cues/places.yaml)
        demonyms = {d: c.iso3 for c in book.vocab.countries.values() for d in c.demonyms}
        self.demonym_iso3 = demonyms
        # Upper-case wire copy ("SALVADORAN TROOPS") is matched in folded form.
        self.demonym_folded_iso3 = {fold(d): iso for d, iso in demonyms.items()}
        cues = cues or {}
        # Demonyms and cues vote alike: one (regex, word -> ISO3) pair per case form.
        self.voters = [(_word_alternation(m), m) for m in (demonyms, cues) if m]
        self.voters_folded = [(_word_alternation(m), m) for m in
                              (self.demonym_folded_iso3, {fold(c): iso for c, iso in cues.items()}) if m]

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
        admin1_names, admin1_splits, spellings = {}, {}, []
        if names_path.exists():
            doc = read_rule_yaml(names_path)
            admin1_names = {(iso3, old): new for iso3, m in (doc.get("admin1_names") or {}).items()
                            for old, new in m.items()}
            admin1_splits = {(iso3, old): {d: new for new, districts in parts.items() for d in districts}
                             for iso3, m in (doc.get("admin1_splits") or {}).items() for old, parts in m.items()}
            spellings = [(iso3, known, other) for iso3, m in (doc.get("spellings") or {}).items()
                         for known, others in m.items() for other in others]
        cues_path = rule_file(vdir, "country_cues")
        cues = {}
        if cues_path.exists():
            doc = read_rule_yaml(cues_path)
            cues = {w: iso3 for iso3, words in (doc.get("country_cues") or {}).items() for w in words}
        options = {"stopnames": stop, "extra": extra, "admin1_names": admin1_names,
                   "admin1_splits": admin1_splits, "spellings": spellings}
        gazetteer = load_built(gazetteer_dir, {**options, "stopnames": sorted(stop)},
                               lambda: Gazetteer.load(gazetteer_dir, **options))
        return cls(gazetteer, book, cues)

    def find(self, text: str, folded: str, upper: bool) -> list[PlaceHit]:
        hits = self.gazetteer.find(text, folded, require_capital=not upper)
        if upper:  # "LET US SEE", "EITHER US OR THEM": in capitals "US" is the pronoun
            hits = [h for h in hits if not self.cues.pronoun_in_capitals.fullmatch(text, h.start, h.end)]
        return hits

    def resolve_article(self, text: str, hits: list[PlaceHit], actor_hits: list[ActorHit],
                        spans: list[tuple[int, int]], upper: bool) -> ArticlePlaces:
        """`spans` and `upper` are the extractor's sentence spans and capitals test for `text`."""
        actor_spans = SpanSet((a.start, a.end) for a in actor_hits if "{" not in a.name)
        hits = [h for h in hits if not actor_spans.overlaps(h.start, h.end)]
        places = self.gazetteer.places
        evidence: Counter = Counter()
        # The dateline names where the report was filed, often a neighbouring capital: a hint
        # to the country (one vote), and the place only when the body names none.
        # Names in its date part ("2 NOV 89": Nov, Tajikistan) and in the source after it
        # ("(RADIO CADENA NACIONAL)") are no places at all.
        m = self.cues.dateline.match(text)
        dateline = [h for h in hits if m and h.end <= m.end("place")]
        source = SOURCE_AFTER_DATELINE.match(text, m.end()) if m else None
        body_start = source.end() if source else m.end() if m else 0
        hits = [h for h in hits if h.start >= body_start]
        for iso in {self._dateline_country(text, h) for h in dateline} - {None}:
            evidence[iso] += DATELINE_VOTES
        header = COUNTRY_HEADER.match(text)
        persons = self._person_names(text, hits)
        hits = [h for h in hits if not self._is_person(text, h, persons)]
        for h in hits:
            kinds = {places[i]["kind"] for i in h.candidates}
            if ("country" in kinds or "venue" in kinds) and not self.cues.currency_after.match(text, h.end) and not self._neighbour(text, h):
                votes = 5 if header and h.end <= header.end() else 1 if (
                    self._attributive(text, h) or self.cues.destination_before.search(text, max(0, h.start - 40), h.start)
                    or self.cues.origin_before.search(text, max(0, h.start - 10), h.start)) else 2
                for i in h.candidates:
                    if places[i]["kind"] in ("country", "venue"):
                        evidence[places[i]["country_iso3"]] += votes
        haystack = fold(text) if upper else text
        for rx, iso_of in self.voters_folded if upper else self.voters:
            for m in rx.finditer(haystack):
                if not any(rx.match(haystack, m.end()) for rx in (self.cues.patron_after, self.cues.currency_after, self.cues.neighbour_after)):
                    evidence[iso_of[m.group(1)]] += 2 if self.cues.scene_noun_after.match(haystack, m.end()) else 1
        for a in actor_hits:
            # A cross-border group (Al Shabaab) supports each country it fights in, home first.
            for iso3 in a.countries:
                evidence[iso3] += 1
        # A division of one country only ("Nuevo Leon", "Tapoa") names that country.
        # A district's name is often a common word or surname ("Bale"): it votes only when named
        # as a unit ("Soum Province", "(Tapoa)").
        region_votes: Counter = Counter()
        region_own: dict[int, str] = {}
        # "Bali, North-West, Cameroon": a unit or town of another country than the one that
        # closes its chain is a namesake (Indonesia's Bali, South Africa's North-West).
        closing = [self._country_after(text, h, hits[k + 1:k + 4]) for k, h in enumerate(hits)]
        for k, h in enumerate(hits):
            as_unit = self._named_as_unit(text, h)
            if self._people_not_region(text, h):
                continue
            # In capitals a region's name may be a surname ("ARTURO RIVERA"): it needs "in"/"at".
            if upper and not as_unit and not self.cues.locative_any_case.search(text[max(0, h.start - 40):h.start]):
                continue
            kinds = ("admin1", "admin2") if as_unit else ("admin1",)
            isos = {places[i]["country_iso3"] for i in h.candidates if places[i]["kind"] in kinds}
            if len(isos) == 1 and closing[k] in (None, *isos):
                region_own[k] = next(iter(isos))
                evidence[region_own[k]] += 2
                region_votes[region_own[k]] += 2
        # Unambiguous larger towns, named by their own name, also count as context for
        # the others (not for themselves: see `own` below).
        own: dict[int, str] = {}
        for k, h in enumerate(hits):
            isos = {places[i]["country_iso3"] for i in h.candidates}
            big = max((places[i] for i in h.candidates), key=lambda p: p["population"])
            if (len(isos) == 1 and big["population"] >= 50_000 and self._by_own_name(text, h, big)
                    and closing[k] in (None, *isos)):
                own[k] = big["country_iso3"]
                evidence[own[k]] += 1
        starts = [s for s, _ in spans]
        out = ArticlePlaces(upper=upper)

        fallback: tuple[PlaceHit, dict] | None = None
        dropped_regions: Counter = Counter()
        kept: set[int] = set()
        for k, h in enumerate(hits):
            if self.cues.organisation_after.match(text[h.end:h.end + 20]) or (not upper and self._acronym(text, h)):
                continue
            if self.cues.title_before.search(text[max(0, h.start - 60):h.start]):
                continue
            if self._people_not_region(text, h):
                continue
            best = self._choose(text, h, hits[k + 1:k + 3], evidence, closing[k], self._units_before(text, hits, k))
            if best is None or closing[k] not in (None, best[0]["country_iso3"]):
                continue
            place, _ = best
            kind = place["kind"]
            if kind == "city" and self._tail_of_a_longer_name(text, h, place, evidence):
                continue
            if kind == "country" and (self._attributive(text, h) or self._neighbour(text, h)):
                continue
            if kind in ("city", "admin2") and self._contradicted_by_units(text, h, place, hits[k + 1:k + 3]):
                continue
            self_support = int(own.get(k) == place["country_iso3"]) + 2 * (region_own.get(k) == place["country_iso3"])
            supported = evidence.get(place["country_iso3"], 0) > self_support
            others = sum(evidence.values()) - self_support
            # In capitals a town name may be a surname ("ORLANDO QUITENO"): small towns need "in"/"at".
            shouted = upper and place["population"] < UNSUPPORTED_MIN_POPULATION and not self.cues.locative_any_case.search(
                text[max(0, h.start - 40):h.start])
            # In capitals a region may be a surname too ("JUDGE CARLOS VALENCIA"): one that only its
            # own name supports needs "in"/"at".
            if (kind in ADMIN_KINDS and upper and evidence[place["country_iso3"]] <= region_votes[place["country_iso3"]]
                    and not self.cues.locative_any_case.search(text[max(0, h.start - 40):h.start])):
                dropped_regions[place["country_iso3"]] += 2
                continue
            # A district or province name is as ambiguous as a town's ("Bale", "Poni"), unless an
            # admin word follows it ("Soum Province") or it stands in brackets after a place.
            if kind == "admin2" and not supported and not self._named_as_unit(text, h):
                continue
            if (kind == "city" and (shouted or not supported) and not self._stands_alone(text, h, place, others)
                    and not (not shouted and self._named_with_locative(text, h, place, hits[k + 1:k + 3]))):
                # A lone town matched by a foreign spelling ("Pama" for Parma) is no fallback.
                if not self._by_own_name(text, h, place) and place["population"] < UNSUPPORTED_MIN_POPULATION:
                    continue
                if _opens_sentence_as_a_word(text, h, starts):
                    continue
                if fallback is None or self._fallback_key(text, h, place) > self._fallback_key(text, *fallback[:2]):
                    fallback = (h, place)
                continue
            if kind == "country":
                precision, rule_id = 3, "gazetteer-country"
            elif kind == "admin1":
                precision, rule_id = 3, "gazetteer-admin1"
            elif kind == "admin2":
                precision, rule_id = 2, "gazetteer-admin2"
            elif kind == "venue":
                precision, rule_id = 1, place["venue_id"]
            else:
                near = self.cues.near.search(text[max(0, h.start - 40):h.start])
                precision, rule_id = (2, "gazetteer-town-near") if near else (1, "gazetteer-town")
            out.sentence_of[len(out.hits)] = max(bisect.bisect_right(starts, h.start) - 1, 0)
            locative = bool((self.cues.locative_in_capitals if upper else self.cues.locative).search(text[max(0, h.start - 40):h.start]))
            if kind == "admin2" and not self._by_own_name(text, h, place):
                place = dict(place, name=_as_written(text, h, self.cues))
            out.hits.append(ResolvedPlace(h.start, h.end, place, precision, rule_id, locative))
            kept.add(k)
        for k, iso in own.items():  # a town that was not kept casts no vote
            if k not in kept:
                evidence[iso] -= 1
        evidence.subtract(dropped_regions)
        evidence = +evidence
        top_iso = _top_country(evidence)
        self._add_localities(text, out, starts, top_iso)
        # Nothing else places the article: a lone town name, better than no place at all, or
        # the dateline. In capitals-only wire copy a lone town is mostly a surname
        # ("ARCHBISHOP ARTURO RIVERA"): the dateline comes first there.
        for use in ("dateline", "fallback") if upper else ("fallback", "dateline"):
            if out.hits:
                break
            if use == "fallback" and fallback is not None and top_iso in (None, fallback[1]["country_iso3"]):
                h, place = fallback
                out.sentence_of[0] = max(bisect.bisect_right(starts, h.start) - 1, 0)
                locative = bool(self.cues.locative.search(text[max(0, h.start - 40):h.start]))
                out.hits.append(ResolvedPlace(h.start, h.end, place, 1, "gazetteer-town-unsupported", locative))
                evidence[place["country_iso3"]] += 1
            for h in dateline if use == "dateline" else []:
                best = self._choose(text, h, [], evidence)
                if best is not None and best[0]["kind"] != "country" and top_iso in (None, best[0]["country_iso3"]):
                    out.sentence_of[0] = 0
                    out.hits.append(ResolvedPlace(h.start, h.end, best[0], 1, "gazetteer-dateline", False))
                    break
        out.evidence = dict(evidence)
        if evidence:
            out.country_iso3 = _top_country(evidence)
        elif out.hits:
            out.country_iso3 = out.hits[0].place["country_iso3"]
        return out

    def _add_localities(self, text: str, out: ArticlePlaces, starts: list[int], top_iso: str | None) -> None:
        """Name the ungazetteered locality written before a kept unit of the article's country
        (see the cue place-locality-before-unit)."""
        kept = SpanSet((h.start, h.end) for h in out.hits)
        added: list[tuple[int, int]] = []  # localities named here, few: tested one by one
        for r in [r for r in out.hits if r.place["kind"] in (*ADMIN_KINDS, "city")
                  and top_iso in (None, r.place["country_iso3"])]:
            m = self.cues.locality_before_unit.search(text, max(0, r.start - 120), r.start)
            if m is None or m.end() != r.start:
                continue
            start, end = m.span("name")
            if (kept.overlaps(start, end) or any(s < end and start < e for s, e in added)
                    or fold(text[start:end]) in self.demonym_folded_iso3):
                continue
            added.append((start, end))
            name = text[start:end].title() if text[start:end].isupper() else text[start:end]
            place = dict(r.place, kind="locality", name=name, place_id=f"{r.place['place_id']}/{fold(name)}")
            out.sentence_of[len(out.hits)] = max(bisect.bisect_right(starts, start) - 1, 0)
            out.hits.append(ResolvedPlace(start, end, place, 2, "admin-context-locality", True))

    def _contradicted_by_units(self, text: str, h: PlaceHit, place: dict, following: list[PlaceHit]) -> bool:
        """A town or district whose admin units, named right after it, are other units of its
        country: the one meant is a namesake the gazetteer lacks ("Baharak district, Takhar" is
        not the Baharak of Badakhshan), and the units place the event."""
        places = self.gazetteer.places
        units: set[str] = set()
        for f in following:
            if f.start - h.end > 45 or not self.cues.admin_context_gap.match(text[h.end:f.start]):
                break
            for i in f.candidates:
                p = places[i]
                if p["kind"] in ADMIN_KINDS and p["country_iso3"] == place["country_iso3"]:
                    units.update(x for x in (p["admin1"], p["admin2"]) if x)
        return bool(units) and place["admin1"] not in units and place["admin2"] not in units

    def _people_not_region(self, text: str, h: PlaceHit) -> bool:
        """"Somali rebels": a region named like a people is the people, unless called a region;
        "Bani Halba", "Beni Hussein": "sons of" before a name makes it a tribe."""
        return bool(fold(text[h.start:h.end]) in self.demonym_folded_iso3 and not self.cues.admin_suffix.match(text[h.end:h.end + 30])
                    or self.cues.tribe_before.search(text, max(0, h.start - 6), h.start))

    def _dateline_country(self, text: str, h: PlaceHit) -> str | None:
        """The country a dateline place names: its only one, or that of a large town of that
        name ("SAN SALVADOR" is El Salvador's capital, not the Philippine village)."""
        places = self.gazetteer.places
        isos = {places[i]["country_iso3"] for i in h.candidates}
        if len(isos) == 1:
            return next(iter(isos))
        big = max((places[i] for i in h.candidates), key=lambda p: (p["population"], p["place_id"]))
        if big["kind"] != "country" and big["population"] >= UNSUPPORTED_MIN_POPULATION and self._by_own_name(text, h, big):
            return big["country_iso3"]
        return None

    def _person_names(self, text: str, hits: list[PlaceHit]) -> set[str]:
        """The names the text calls a person's somewhere (see the cue place-person-after). A country's name
        "said" or "denied" is its government speaking: only a title or an appositive makes it a person."""
        places = self.gazetteer.places
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
                names.add(fold(text[h.start:h.end]))
        return names

    def _is_person(self, text: str, h: PlaceHit, persons: set[str]) -> bool:
        """A name the text calls a person's, unless this mention is a place's ("in Guerrero")."""
        return (bool(persons) and fold(text[h.start:h.end]) in persons
                and not self.cues.locative_any_case.search(text[max(0, h.start - 40):h.start])
                and not self.cues.admin_suffix.match(text[h.end:h.end + 30]))

    def _acronym(self, text: str, h: PlaceHit) -> bool:
        """"NGO", "IEBC" in mixed-case text are acronyms, not the towns Ngo or Iebc."""
        surface = text[h.start:h.end]
        places = self.gazetteer.places
        return (len(surface) <= 5 and surface.isupper()
                and not any(places[i]["kind"] in ("country", "venue") or places[i]["name"].isupper() for i in h.candidates))

    def _named_as_unit(self, text: str, h: PlaceHit) -> bool:
        return bool(self.cues.admin_suffix.match(text[h.end:h.end + 30]) or self.cues.admin_word_at_end.search(text, h.start, h.end)
                    or IN_BRACKETS_BEFORE.search(text[max(0, h.start - 45):h.start]))

    def _named_with_locative(self, text: str, h: PlaceHit, place: dict, following: list[PlaceHit]) -> bool:
        """A sizeable town, by its own name and of one country only, right after "in"/"at",
        and not followed by units of another country ("Raiganj (Sirajganj, Rajshahi)")."""
        places = self.gazetteer.places
        iso3 = place["country_iso3"]
        context = [{places[i]["country_iso3"] for i in f.candidates} for f in following if f.start - h.end < 40]
        return (place["population"] >= LOCATIVE_TOWN_MIN_POPULATION and self._by_own_name(text, h, place)
                and len({places[i]["country_iso3"] for i in h.candidates}) == 1
                and all(iso3 in isos for isos in context)
                and bool(self.cues.locative_before.search(text[max(0, h.start - 30):h.start])))

    def _neighbour(self, text: str, h: PlaceHit) -> bool:
        """A country named as the neighbour the scene lies by (see the cues place-neighbour-before and -after)."""
        return bool(self.cues.neighbour_before.search(text, max(0, h.start - 30), h.start) or self.cues.neighbour_after.match(text, h.end))

    def _attributive(self, text: str, h: PlaceHit) -> bool:
        places = self.gazetteer.places
        return (all(places[i]["kind"] == "country" for i in h.candidates)
                and bool(self.cues.attributive_after.match(text[h.end:h.end + 25])))

    def _by_own_name(self, text: str, h: PlaceHit, place: dict) -> bool:
        """Matched by the town's own name, not one of its foreign-language alternates
        ("Colonia" is Cologne in Spanish, and a Mexican neighbourhood word). Transliteration
        marks are no other name: "Fallujah" is "Al Fallūjah", "Haditha" is "Ḩadīthah"."""
        return _spelling(text[h.start:h.end], self.cues) == _spelling(place["name"], self.cues)

    def _stands_alone(self, text: str, h: PlaceHit, place: dict, other_evidence: int) -> bool:
        """A large town needs no context, unless the article points to another country or
        the name matched is only a foreign alternate of it."""
        return (place["population"] >= UNSUPPORTED_MIN_POPULATION and not other_evidence
                and self._by_own_name(text, h, place))

    def _fallback_key(self, text: str, h: PlaceHit, place: dict) -> tuple:
        locative = bool(self.cues.locative.search(text[max(0, h.start - 40):h.start]))
        return (self._by_own_name(text, h, place), locative, place["population"], -h.start)

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
        return {places[i][col] for i in hits[k - 1].candidates for col in ("admin1", "admin2")
                if places[i]["kind"] != "country"} - {None}

    def _choose(self, text: str, h: PlaceHit, following: list[PlaceHit], evidence: Counter,
                closing_country: str | None = None, units_before: set[str] = frozenset()):
        places = self.gazetteer.places
        after = text[h.end:h.end + 30]
        admin_named_after = {places[i][col] for f in following if f.start - h.end < 40
                             for i in f.candidates if places[i]["kind"] in ("admin1", "admin2", "city")
                             for col in ("admin1", "admin2")} - {None}
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
            if p["kind"] in ("city", "admin2") and (p["admin1"] in admin_named_after or p["admin2"] in admin_named_after):
                score += 5
            if (is_admin_phrase or p["name"] in units_before) and p["kind"] in ADMIN_KINDS:
                score += 6
            if p["country_iso3"] == closing_country:
                score += 10
            if score > best_score or (score == best_score and best is not None and p["place_id"] < best["place_id"]):
                best, best_score = p, score
        if best is None:
            return None
        return best, bool(evidence.get(best["country_iso3"]))


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


def _spelling(name: str, cues: PlaceCues) -> str:
    """A name without the marks transliterations differ by: Arabic article, apostrophes, final "h"."""
    return TRANSLITERATION_MARKS.sub("", cues.arabic_article.sub("", fold(name)))


def _top_country(evidence: Counter) -> str | None:
    """The country with most votes; on a tie the one voted for first (dateline, named countries,
    demonyms, then actors, a group's home before the countries it also fights in), not an
    alphabetical accident."""
    return max(evidence.items(), key=lambda kv: kv[1])[0] if evidence else None
