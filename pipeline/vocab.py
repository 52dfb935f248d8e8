"""Vocabularies from rules/vocab/: the one source of truth for coded values.

Read by the rule linter, the extractor and the pandera schemas alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from pipeline.errors import Errors, RuleFilesError
from pipeline.yamlcache import load_rule_document

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    iso2: str
    iso_numeric: int
    region: str
    demonyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberWords:
    """How counts written in words read (rules/vocab/numbers.yaml)."""

    units: dict[str, int] = field(default_factory=dict)  # "one" 1 ... "nineteen" 19, "no" 0, "both" 2
    one_person: tuple[str, ...] = ()  # words a rule captures in place of a count that name one person
    tens: dict[str, int] = field(default_factory=dict)
    scales: dict[str, int] = field(default_factory=dict)  # "hundred" 100, "thousand" 1000
    phrases: dict[str, int] = field(default_factory=dict)  # whole phrases: "a dozen" 12
    joiners: tuple[str, ...] = ()  # "and" in "one hundred and five"
    qualifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # interval kind -> qualifier words

    @cached_property
    def value_of(self) -> dict[str, int]:
        """Every single word's value: the units, and one for each word naming one person."""
        return {**self.units, **dict.fromkeys(self.one_person, 1)}

    @cached_property
    def qualifier_kind(self) -> dict[str, str]:
        return {w: kind for kind, words in self.qualifiers.items() for w in words}

    def count_words(self) -> list[str]:
        """The words that can open a count ({count_word}): not those naming one person, nor phrases."""
        return [w for w in (*self.units, *self.tens, *self.scales) if " " not in w]


def _number_words(doc: dict) -> NumberWords:
    return NumberWords(units={str(k): int(v) for k, v in doc["units"].items()},
                       one_person=tuple(str(w) for w in doc.get("one_person") or ()),
                       tens={str(k): int(v) for k, v in doc["tens"].items()},
                       scales={str(k): int(v) for k, v in doc["scales"].items()},
                       phrases={str(k): int(v) for k, v in (doc.get("phrases") or {}).items()},
                       joiners=tuple(str(w) for w in doc.get("joiners") or ()),
                       qualifiers={str(k): tuple(str(w) for w in v) for k, v in (doc.get("qualifiers") or {}).items()})


@dataclass(frozen=True)
class FrontLine:
    """A front line with two known belligerents (rules/vocab/front_lines.yaml): where a report
    of fighting there names no side, ACLED codes it between them."""

    id: str
    iso3: str
    admin1: frozenset[str]
    start: dt.date
    until: dt.date
    actor1: tuple[str, int]
    actor2: tuple[str, int]

    def holds(self, iso3: str | None, admin1: str | None, day: dt.date | None) -> bool:
        """The event lies on this line: its country, a listed unit (or none known), the span."""
        return (iso3 == self.iso3 and (admin1 is None or admin1 in self.admin1)
                and day is not None and self.start <= day <= self.until)


@dataclass
class Vocabulary:
    sub_event_types: dict[str, dict]  # sub-event type -> {event_type, rank, disorder_type, definition}
    event_types: dict[str, str]  # event type -> definition
    inter_codes: dict[int, str]
    vague_quantities: dict[str, dict]
    countries: dict[str, Country] = field(default_factory=dict)
    office_holders: list[dict] = field(default_factory=list)  # {pattern, from, to}
    # What may not stand before an office-holder's title for it to date the text ("former").
    office_not_current: str = ""
    source_scales: dict[str, str] = field(default_factory=dict)  # lower-cased source name or alias -> scale
    scale_order: tuple[str, ...] = ()
    identities: dict[str, list[str]] = field(default_factory=dict)  # associated-actor label -> words
    # Ethnic groups and clans whose militias ACLED names after them: label -> words.
    ethnic_groups: dict[str, list[str]] = field(default_factory=dict)
    clans: dict[str, list[str]] = field(default_factory=dict)
    militia_kinds: dict[str, list[str]] = field(default_factory=dict)  # "Ethnic" -> [ethnic, tribal]
    numbers: NumberWords = field(default_factory=NumberWords)
    # Today's ISO3 -> (first day or None, last day, other ISO3 or None, name or None): the
    # state that held the place on those days (rules/vocab/country_names.yaml).
    dated_names: dict[str, list[tuple[dt.date | None, dt.date, str | None, str | None]]] = field(default_factory=dict)
    front_lines: tuple[FrontLine, ...] = ()

    def front_line(self, iso3: str | None, admin1: str | None, day: dt.date | None) -> FrontLine | None:
        """The front line an event of that country, unit and day lies on, if any."""
        return next((f for f in self.front_lines if f.holds(iso3, admin1, day)), None)

    def country_on(self, iso3: str | None, day: dt.date | None) -> Country | None:
        """The country a place of today's `iso3` lay in on `day`, named as it was then
        (South Sudan before July 2011 is Sudan); today's when the day is unknown."""
        country = self.countries.get(iso3) if iso3 else None
        for _ in range(3):  # Kosovo in 1999 was Serbia, itself then Yugoslavia
            if country is None or day is None:
                return country
            entry = next((e for e in self.dated_names.get(country.iso3, ()) if (e[0] is None or e[0] <= day) and day <= e[1]), None)
            if entry is None:
                return country
            if entry[3]:
                return replace(country, name=entry[3])
            country = self.countries.get(entry[2])
        return country

    def community_label(self, words: str) -> str | None:
        """The label of the ethnic group or clan that `words` name ("Maasais" -> "Maasai")."""
        return self._community_labels.get(" ".join(words.lower().split()))

    @cached_property
    def _community_labels(self) -> dict[str, str]:
        """Each lower-cased word of the community tables to its label, the first table's first."""
        labels: dict[str, str] = {}
        for table in (self.ethnic_groups, self.clans, self.militia_kinds):
            for label, names in table.items():
                for n in names:
                    labels.setdefault(n.lower(), label)
        return labels

    def inter_label(self, code: int | None) -> str | None:
        return None if code is None else self.inter_codes[code]

    def interaction_label(self, code1: int | None, code2: int | None) -> str | None:
        """ACLED's text form: the two actor types, lower code first, or one acting alone."""
        if code1 is None:
            return None
        if code2 is None:
            return f"{self.inter_codes[code1]} only"
        lo, hi = sorted((code1, code2))
        return f"{self.inter_codes[lo]}-{self.inter_codes[hi]}"

    def source_scale(self, sources: list[str]) -> str | None:
        """The scales of the known sources, joined in ACLED's order ("National-International")."""
        found = {self.source_scales.get(s.strip().lower()) for s in sources} - {None}
        return "-".join(sc for sc in self.scale_order if sc in found) or None

    def event_type_of(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type]["event_type"]

    def rank(self, sub_event_type: str) -> int:
        return self.sub_event_types[sub_event_type]["rank"]

    def one_sided(self, sub_event_type: str) -> bool:
        """Whether the sub-event type has no second actor (a peaceful protest meets no one)."""
        return bool(self.sub_event_types[sub_event_type].get("one_sided"))

    def disorder_type(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type]["disorder_type"]

    def country_by_name(self) -> dict[str, Country]:
        """Lower-cased names, aliases and demonyms to their country."""
        out: dict[str, Country] = {}
        for c in self.countries.values():
            for w in (c.name, *c.aliases, *c.demonyms):
                out.setdefault(w.lower(), c)
        return out


RULE_SUFFIXES = (".yaml", ".yml")


def rule_file(directory: Path, stem: str) -> Path:
    """`stem.yaml`, or `stem.yml` when only that exists."""
    for suffix in RULE_SUFFIXES:
        if (directory / (stem + suffix)).exists():
            return directory / (stem + suffix)
    return directory / (stem + RULE_SUFFIXES[0])


def parse_rule_yaml(raw: bytes, name: str) -> tuple[dict, str | None]:
    """A rule file's mapping, or ({}, coded problem). The one way every file under rules/
    is read: a safe loader (a tag such as !!python/object builds nothing, it is an error)."""
    try:
        doc = load_rule_document(raw)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        return {}, Errors.E101.format(path=name, detail=f"not valid YAML: {' '.join(str(exc).split())[:300]}")
    if doc is None:
        return {}, None
    if not isinstance(doc, dict):
        return {}, Errors.E101.format(path=name, detail=f"must be a mapping of keys, not a {type(doc).__name__}")
    return doc, None


def read_rule_yaml(path: Path) -> dict:
    """A rule file's mapping; any problem raises RuleFilesError naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFilesError([Errors.E101.format(path=path, detail=f"cannot be read ({exc.strerror})")]) from exc
    doc, problem = parse_rule_yaml(raw, str(path))
    if problem:
        raise RuleFilesError([problem])
    return doc


def load_vocabulary(rules_dir: Path = DEFAULT_RULES_DIR) -> Vocabulary:
    vdir = Path(rules_dir) / "vocab"
    path = vdir
    try:
        path = rule_file(vdir, "event_types")
        et = read_rule_yaml(path)["event_types"]
        subs: dict[str, dict] = {}
        for etype, spec in et.items():
            for sub, s in spec["sub_event_types"].items():
                subs[sub] = {"event_type": etype, **s}
        path = rule_file(vdir, "actor_types")
        inter = {int(k): v for k, v in read_rule_yaml(path)["inter_codes"].items()}
        path = rule_file(vdir, "vague_quantities")
        vague = read_rule_yaml(path)["vague_quantities"]
        path = rule_file(vdir, "countries")
        countries = _countries(read_rule_yaml(path)) if path.exists() else {}
        path = rule_file(vdir, "office_holders")
        offices = read_rule_yaml(path) if path.exists() else {}
        holders, not_current = offices.get("office_holders") or [], offices.get("not_current") or ""
        events = {k: v.get("definition", "") for k, v in et.items()}
        path = rule_file(vdir, "sources")
        scales, order = _source_scales(read_rule_yaml(path)) if path.exists() else ({}, ())
        path = rule_file(vdir, "identities")
        identities = _word_table(read_rule_yaml(path).get("identities")) if path.exists() else {}
        path = rule_file(vdir, "communities")
        communities = read_rule_yaml(path) if path.exists() else {}
        ethnic_groups, clans, kinds = (_word_table(communities.get(k)) for k in ("ethnic_groups", "clans", "militia_kinds"))
        path = rule_file(vdir, "numbers")
        numbers = _number_words(read_rule_yaml(path)) if path.exists() else NumberWords()
        path = rule_file(vdir, "country_names")
        dated = _dated_names(read_rule_yaml(path), countries) if path.exists() else {}
        path = rule_file(vdir, "front_lines")
        fronts = _front_lines(read_rule_yaml(path), countries) if path.exists() else ()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # A file that parses but lacks a section or has one of the wrong shape.
        raise RuleFilesError([Errors.E101.format(path=path, detail=f"vocabulary malformed ({type(exc).__name__}: {exc})")]) from exc
    return Vocabulary(sub_event_types=subs, event_types=events, inter_codes=inter, vague_quantities=vague,
                      countries=countries, office_holders=holders, office_not_current=not_current, source_scales=scales, scale_order=order,
                      identities=identities, ethnic_groups=ethnic_groups, clans=clans,
                      militia_kinds=kinds, numbers=numbers, dated_names=dated, front_lines=fronts)


def _word_table(section) -> dict[str, list[str]]:
    """A vocabulary section of labels, each with the words that name it."""
    return {str(k): [str(w) for w in v] for k, v in (section or {}).items()}


def _source_scales(data: dict) -> tuple[dict[str, str], tuple[str, ...]]:
    scales = {}
    for name, spec in (data.get("sources") or {}).items():
        for alias in (name, *(spec.get("aliases") or ())):
            scales[str(alias).lower()] = spec["scale"]
    return scales, tuple(data.get("scales") or ())


def _dated_names(doc: dict, countries: dict[str, Country]) -> dict[str, list]:
    """rules/vocab/country_names.yaml: each entry names a known country, or another name, for
    a span of days that ends."""
    out = {}
    for iso3, entries in (doc.get("dated_names") or {}).items():
        if iso3 not in countries:
            raise ValueError(f"dated_names: {iso3} is not in countries.yaml")
        spans = []
        for e in entries:
            other, name = e.get("country"), e.get("name")
            if (other is None) == (name is None) or (other is not None and other not in countries):
                raise ValueError(f"dated_names: {iso3} needs either a known `country` or a `name`: {e}")
            start = _day(e["from"]) if e.get("from") is not None else None
            spans.append((start, _day(e["until"]), other, name))
        out[iso3] = spans
    return out


def _front_lines(doc: dict, countries: dict[str, Country]) -> tuple[FrontLine, ...]:
    """rules/vocab/front_lines.yaml: each line names a known country, its units, a span of
    days and its two forces."""
    out = []
    for e in doc.get("front_lines") or ():
        if e["country"] not in countries:
            raise ValueError(f"front_lines: {e['country']} is not in countries.yaml")
        out.append(FrontLine(id=str(e["id"]), iso3=e["country"], admin1=frozenset(e["admin1"]), start=_day(e["from"]),
                             until=_day(e["until"]), actor1=(str(e["actor1"]["name"]), int(e["actor1"]["inter"])),
                             actor2=(str(e["actor2"]["name"]), int(e["actor2"]["inter"]))))
    return tuple(out)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _countries(doc: dict) -> dict[str, Country]:
    return {iso3: Country(iso3=iso3, name=c["name"], iso2=c["iso2"], iso_numeric=int(c["iso_numeric"]),
                          region=c.get("region") or "", demonyms=tuple(c.get("demonyms") or ()),
                          aliases=tuple(c.get("aliases") or ()))
            for iso3, c in (doc.get("countries") or {}).items()}
