"""Schemas for rule files, checked before any rule is used.

Unknown keys are errors (a typo like `paterns` must not silently disable a rule).
Vocabulary membership is checked by the loader, which knows the vocabularies.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.errors import Errors

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _kebab(v: str) -> str:
    if not ID_PATTERN.match(v):
        raise ValueError(f"id {v!r} must be kebab-case (e.g. 'killed-n-people')")
    return v


# Rule, actor and venue ids: stable, descriptive, kebab-case (rows cite them).
KebabId = Annotated[str, AfterValidator(_kebab)]


def pydantic_detail(exc: ValidationError) -> str:
    """A validation error in a line a rule author can act on: each field and what is wrong."""
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"])
        parts.append(f"field {loc!r}: {e['msg']}")
    return "; ".join(parts)


def valid_entries(raw_entries: list, model: type[BaseModel], noun: str, rel: str, problems: list[str]):
    """Each raw entry (rule or cue) of a rule file validated by `model`; one that fails is
    reported as E101 naming the file, the entry and its fields, and skipped."""
    for i, raw in enumerate(raw_entries):
        try:
            yield model.model_validate(raw)
        except ValidationError as exc:
            eid = raw.get("id", f"#{i}") if isinstance(raw, dict) else f"#{i}"
            problems.append(Errors.E101.format(path=rel, detail=f"{noun} {eid!r}: {pydantic_detail(exc)}"))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchExample(Strict):
    text: str = Field(min_length=1)
    publication_date: str | None = None
    expect: dict[str, object] = Field(default_factory=dict)


class Examples(Strict):
    match: list[MatchExample] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class RuleBase(Strict):
    id: KebabId
    status: Literal["stable", "experimental", "removed"] = "stable"
    description: str = ""
    patterns: list[str] = Field(min_length=1)
    case_sensitive: bool = False  # rules match case-insensitively unless they say so
    examples: Examples = Field(default_factory=Examples)



class EventSets(Strict):
    event_type: str
    sub_event_type: str
    civilian_targeting: bool = False


class EventRule(RuleBase):
    sets: EventSets
    # How the rule weighs against others on the same event (see Extractor._primary):
    # note-tag: an ACLED-style note's opening tag ("Arrests: ...") decides the type;
    # weak: names harm but not its sides, codes an Attack only when nothing else fired;
    # two-sided: names two armed sides, so an Attack in the same mention is part of the clash;
    # shelling-in-clash: an exchange of fire that absorbs shelling in its sentence;
    # demonstration: violence during a demonstration, a Violent demonstration not Mob violence.
    precedence: Literal["normal", "note-tag", "weak", "two-sided", "shelling-in-clash", "demonstration"] = "normal"
    # An event type that must fire nearby (within PROTEST_REACH sentences, see
    # Extractor._needs_nearby) for this rule to count: words like "vandalised" or "clashed"
    # describe a protest's own crowd turning destructive only beside a live protest trigger.
    needs_nearby: str | None = None
    # The trigger counts only when its sentence names an armed actor (state forces, rebels, a
    # militia, gunmen): "a battle between Microsoft and Google" has no one to fight it.
    needs_armed_actor: bool = False
    # Where the rule's own words say who acts on whom, e.g. "protesters" (actor1) or "villagers" (actor2).
    actor1: str | None = None
    actor2: str | None = None


class DecisionRule(RuleBase):
    """One row of the event-type decision table (rules/decisions/): once the triggers have
    proposed a type, the row recodes a mention whose sub-event type is in `applies_to` when
    its cue words are present (or, with `cue: absent`, when none of them is). Rows are read
    in file order and the first that holds decides; `codebook` cites the rule it encodes."""

    applies_to: list[str] = Field(min_length=1)  # sub-event types the row may recode
    # A row may decide on the sides alone (no cue words): `target` then carries it.
    patterns: list[str] = Field(default_factory=list)
    cue: Literal["present", "absent"] = "present"
    # The side acted upon, as the text casts it (pipeline/extract/roles.py, Sides):
    # armed: an organised armed actor (state forces, rebels, militias, external forces);
    # two-armed-groups: two distinct rebel groups or identity militias take part;
    # crowd-acts: the side that acts is a crowd (protesters, rioters, a mob), whatever it harms.
    target: Literal["any", "armed", "two-armed-groups", "crowd-acts"] = "any"
    # sentence: the trigger's sentence; mention: the mention's sentences; nearby: those and the
    # two sentences either side (where a note tells what followed); article: the whole text.
    scope: Literal["sentence", "mention", "nearby", "article"] = "mention"
    sets: EventSets
    codebook: str = Field(min_length=10)

    @model_validator(mode="after")
    def _has_a_condition(self) -> DecisionRule:
        if not self.patterns and self.target == "any":
            raise ValueError("a decision row needs cue patterns, a target condition, or both")
        if not self.patterns and self.cue == "absent":
            raise ValueError("`cue: absent` needs the patterns whose absence it tests")
        return self


class FilterRule(RuleBase):
    reason: str = Field(min_length=3)
    # Event types (or sub-event types, e.g. Arrests) this filter cancels; empty means every one.
    cancels: list[str] = Field(default_factory=list)
    # sentence: every trigger in the sentence; following: only triggers after the filter's
    # words ("the anniversary of the bombing" cancels the bombing, not an attack before it).
    scope: Literal["sentence", "following"] = "sentence"
    # Sub-event types this filter cancels across the whole article when they are its only
    # events: an arrests-only story that names fraud or a brawl anywhere is a criminal case.
    article_cancels: list[str] = Field(default_factory=list)


class FatalityRule(RuleBase):
    role: Literal["killed", "injured"]
    # A total already given ("death toll rose to N") overrides sums of victim groups.
    total: bool = False
    # The coder's own figure ("2 fatalities."): standing as a sentence of its own, it is the
    # toll of the whole text, however far from the event sentence (see tolls._coder_note).
    coder_note: bool = False


class DateRule(RuleBase):
    # absolute: parse the phrase as it is; relative: resolve against the publication date.
    mode: Literal["absolute", "relative", "weekday", "year", "month", "range"]
    precision: Literal[1, 2, 3, 4]  # 1 day, 2 week, 3 month, 4 year (an extension)


class ActorPatternRule(RuleBase):
    # template: "Police Forces of {country}", "Civilians ({country})"; "{group} Ethnic Militia
    # ({country})" takes the community its patterns capture in a group named `group`.
    actor: str
    inter: int = Field(ge=1, le=8)
    role: Literal["actor1", "actor2", "any"] = "any"
    # The actor the same words name when they are acted upon: "Borana herders" who attack are
    # an identity militia, herders who are attacked are civilians (ACLED codes the unarmed
    # members of a community as civilians, the community as an associated actor).
    as_victim: str | None = None

    @model_validator(mode="after")
    def _captures_its_group(self) -> ActorPatternRule:
        if "{group}" in self.actor and not all("(?P<group>" in p for p in self.patterns):
            raise ValueError("an actor named after a {group} needs every pattern to capture (?P<group>...)")
        return self


class ActorEntry(Strict):
    id: KebabId
    name: str
    inter: int = Field(ge=1, le=8)
    country: str | None = None
    # Other countries the group acts in (Al Shabaab in Kenya): the group's name then
    # supports places in any of them, not only in its home country.
    operates_in: list[str] = Field(default_factory=list)
    # The actor these aliases name when acted upon (see ActorPatternRule.as_victim).
    as_victim: str | None = None
    aliases: list[str] = Field(default_factory=list)
    case_sensitive_aliases: list[str] = Field(default_factory=list)
    valid_from: str | None = None
    valid_to: str | None = None
    status: Literal["stable", "experimental", "removed"] = "stable"



class VenueEntry(Strict):
    id: KebabId
    name: str
    aliases: list[str] = Field(default_factory=list)
    location: str
    admin1: str | None = None
    admin2: str | None = None
    country: str  # ISO3
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class CueMatch(Strict):
    text: str = Field(min_length=1)
    finds: str  # what re.search must find in the text: shows where the cue stops


class CueExamples(Strict):
    # Texts in which the cue must be found (re.search), and texts in which it must not.
    match: list[str | CueMatch] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class CueEntry(Strict):
    """A named cue list (rules/cues/): the words a piece of extraction logic reads by, such as
    the verbs of saying that mark a report's date or the titles before a person's name. The
    Python module that reads it decides how its matches combine; the words live here."""

    id: KebabId
    description: str = Field(min_length=10)
    pattern: str = Field(min_length=1)
    case_sensitive: bool = False  # like rules, cues match case-insensitively unless they say so
    multiline: bool = False  # ^ and $ match at every line, not only at the ends of the text
    examples: CueExamples = Field(default_factory=CueExamples)


class CueFile(Strict):
    kind: Literal["cue"]
    # Fragments of this file's own, referenced from its cues as {name} like the lexicon's. A
    # file read apart from the rule book (rules/ingest/, rules/gazetteer/) sees only these.
    fragments: dict[str, str] = Field(default_factory=dict)
    cues: list[dict]


class RuleFile(Strict):
    kind: Literal["event", "decision", "filter", "fatality", "date", "actor_pattern"]
    rules: list[dict]


class DictionaryFile(Strict):
    kind: Literal["actor_dictionary", "venue_dictionary"]
    actors: list[ActorEntry] = Field(default_factory=list)
    venues: list[VenueEntry] = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)


RULE_MODELS: dict[str, type[RuleBase]] = {
    "event": EventRule,
    "decision": DecisionRule,
    "filter": FilterRule,
    "fatality": FatalityRule,
    "date": DateRule,
    "actor_pattern": ActorPatternRule,
}
