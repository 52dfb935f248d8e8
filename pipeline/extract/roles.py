"""Who did what to whom: actor1 (the author) and actor2 (the target) of one mention,
named by ACLED's conventions, with the interaction code derived from their inter codes."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from pipeline.extract.actors import ActorHit
from pipeline.extract.hits import Hit
from pipeline.rulebook.cues import CueSet


@dataclass(frozen=True)
class RoleCues(CueSet):
    """The words actors' roles are read by: rules/cues/roles.yaml, cue `role-<field>`."""

    PREFIX = "role"
    passive_by: re.Pattern
    attributed: re.Pattern
    target_before: re.Pattern
    target_after: re.Pattern
    alternative: re.Pattern
    responsible: re.Pattern
    claim: re.Pattern
    no_claim: re.Pattern
    blamed_after: re.Pattern
    new_clause: re.Pattern
    criminal: re.Pattern
    speaker_after: re.Pattern
    speaker_before: re.Pattern


def interaction(i1: int | None, i2: int | None) -> int | None:
    if i1 is None:
        return None
    if i2 is None:
        return i1 * 10
    lo, hi = sorted((i1, i2))
    return lo * 10 + hi


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
CROWD_INTERS = frozenset(inter for _, inter in CROWDS.values())
# ACLED names the unnamed perpetrators of violence told as organised crime (cue
# `role-criminal`) an unidentified gang, with the same inter code as an armed group.
UNIDENTIFIED_ARMED_GROUP = "Unidentified Armed Group ({country})"
UNIDENTIFIED_GANG = "Unidentified Gang ({country})"


def _fill_country(name: str, country: str | None) -> str:
    """A generic actor with the event's country; with no country known, the bare type
    ("Rioters"), which still names the actor's kind."""
    if "{country}" not in name:
        return name
    if country:
        return name.replace("{country}", country)
    return name.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "").strip()


def _is_the_crowd(h: ActorHit, event_type: str, victim_keys: set[tuple]) -> bool:
    """A crowd named as acting (not acted upon) in a protest or riot is the crowd of actor1,
    under whichever name the rule gives it ("protesters beat a man": Rioters), never actor2."""
    return event_type in CROWDS and h.inter in CROWD_INTERS and _key(h) not in victim_keys


def _crowd_by_event_type(a1, event_type: str, country: str | None):
    """A crowd is coded by what it did: protesters who riot are Rioters and rioters in a
    peaceful protest are Protesters; an event with no named actor takes the default. In
    ACLED's demonstration events the crowd is always actor1: a force or group named before
    the trigger of a protest or riot gives way to it (a party of the crowd is its associate)."""
    if a1 is not None and event_type in CROWDS and a1[1] not in CROWD_INTERS:
        a1 = None
    if a1 is None:
        default = DEFAULT_ACTOR1.get(event_type)
        return (_fill_country(default[0], country), default[1], "default-actor1") if default else None
    crowd = CROWDS.get(event_type)
    for other, (word, _) in CROWDS.items():
        if crowd and other != event_type and a1[0].startswith(word + " ("):
            return (crowd[0] + a1[0][len(word):], crowd[1], a1[2])
    return a1


def _claimants(actor_hits: list[ActorHit], text: str, cues: RoleCues) -> list[ActorHit]:
    """Named actors the story holds responsible anywhere in it: claimants of the attack
    ("the Taliban claimed responsibility") and groups it is attributed to, in text order.
    Generic descriptions ("gunmen") claim nothing, except a rebel kind ("separatists")."""
    named = [h for h in actor_hits if "{" not in h.name or h.inter == 2]
    if not named:
        return []
    out = []
    for m in cues.claim.finditer(text):
        # The claimant is the first actor of the subject just before the verb
        # ("Both the Taliban and ISIS-K claimed ..." names the Taliban first).
        subject = [h for h in named if h.end <= m.start() and m.start() - h.end <= 100
                   and not re.search(r"[.;!?]\s", text[h.end:m.start()])]
        if subject and not cues.no_claim.search(text[max(0, subject[0].start - 40):subject[0].start]):
            out.append(subject[0])
    for h in named:
        if cues.attributed.search(text[max(0, h.start - 60):h.start]) or cues.responsible.match(text, h.end):
            out.append(h)
    return sorted(set(out), key=lambda h: h.start)


# A sentence's end: the words before an actor are read only back to it.
SENTENCE_BREAK = re.compile(r"\n|[.!?]\s")


def _key(h: ActorHit) -> tuple:
    """What tells two actor hits apart (their other fields follow from these)."""
    return h.start, h.end, h.name, h.rule_id, h.role


# ACLED's organised armed actors: state forces, rebel groups, political and identity
# militias, external forces. Rioters (5), protesters (6) and civilians (7) are not armed.
ARMED_INTER = frozenset({1, 2, 3, 4, 8})
CIVILIAN_INTER = 7
STATE_FORCES_INTER = 1
# ACLED's actor2 of a protest met with force (Protest with intervention, Excessive force
# against protesters) is the force that intervened, not the people in it; rioters of a violent
# demonstration face the state forces named beside them before any bystander.
INTERVENTION_SUB_TYPES = frozenset({"Protest with intervention", "Excessive force against protesters", "Violent demonstration"})
# A protest met with force by no force named was met by the police (arrests, tear gas).
POLICE_DEFAULT_SUB_TYPES = frozenset({"Protest with intervention", "Excessive force against protesters"})
# Rebel groups and identity militias: organised, armed and not the state. Political
# militias (3) are left out: party supporters fighting as crowds are rioters.
GROUP_INTER = frozenset({2, 4})


@dataclass(frozen=True)
class Sides:
    """How the text casts the actors of one mention, before any rule's convention names
    them: `perpetrators` are claimed, blamed or named as agents of a passive verb anywhere
    in the story; `victims` are acted upon in the mention; `agents` are the rest of the
    mention's actors, ordered so that the likeliest subject comes first."""

    perpetrators: list[ActorHit]
    victims: list[ActorHit]
    agents: list[ActorHit]

    def target_is_armed(self) -> bool:
        """The side acted upon is an organised armed actor: police, troops, rebels, a militia."""
        # The first side named as acted upon is the target ("killing a policeman and two
        # farmers"); civilians caught beside it do not change what was attacked.
        return bool(self.victims) and self.victims[0].inter in ARMED_INTER

    def two_armed_groups(self) -> bool:
        """Two distinct organised non-state armed groups (rebels, identity militias) take part:
        a fight between two communities' militias is a battle, not a crowd's riot."""
        groups = {h.name for h in self.perpetrators + self.victims + self.agents if h.inter in GROUP_INTER}
        return len(groups) >= 2

    def crowd_acts(self) -> bool:
        """The side that acts (the actor1 `assign_actors` would choose) is a crowd: protesters,
        rioters or a mob. What a crowd does by violence is a riot, whoever it harms."""
        acting = next((h for h in self.perpetrators + self.agents if h.inter != CIVILIAN_INTER), None)
        return acting is not None and acting.inter in CROWD_INTERS


def read_sides(actor_hits: list[ActorHit], sents: list[int], spans, trig: Hit, cues: RoleCues) -> Sides:
    """Cast the mention's actors as perpetrators, victims or agents from voice and phrasing."""
    text = trig.data["match"].string
    starts = [s for s, _ in spans]
    scope = set(sents)

    def in_sentences(h: ActorHit) -> bool:  # one binary search, not a pass over the sentences
        k = bisect.bisect_right(starts, h.start) - 1
        return k in scope and h.start < spans[k][1]

    perpetrators, victims, agents = _claimants(actor_hits, text, cues), [], []
    claimed = set(map(_key, perpetrators))  # keys, not list membership: a long article has thousands
    blamed = [h for h in actor_hits if "{" not in h.name and _key(h) not in claimed and cues.blamed_after.match(text, h.end)]
    perpetrators = sorted(perpetrators + blamed, key=lambda h: h.start)
    claimed |= set(map(_key, blamed))
    for h in actor_hits:
        if not in_sentences(h) or _key(h) in claimed or cues.alternative.search(text[max(0, h.start - 12):h.start]):
            # "JNIM and/or ISGS militants": the second name is an alternative perpetrator.
            continue
        # The words before an actor belong to its own sentence: a headline's "killing six" does
        # not make the first actor of the next paragraph a victim.
        before = SENTENCE_BREAK.split(text[max(0, h.start - 40):h.start])[-1]
        if cues.speaker_before.search(before) or cues.speaker_after.match(text, h.end):
            continue  # the source of the report ("..., police said"), not a side in the event
        if cues.passive_by.search(before) or cues.attributed.search(before):
            perpetrators.append(h)
        elif (h.role == "actor2" or h.inter == CIVILIAN_INTER or cues.target_after.match(text, h.end)
              or (cues.target_before.search(before) and not cues.new_clause.search(before))):
            victims.append(replace(h, name=h.as_victim, inter=CIVILIAN_INTER) if h.as_victim else h)
        else:
            agents.append(h)
    # The subject before the trigger acts; named actors outrank generic descriptions.
    agents.sort(key=lambda h: (h.start > trig.start, "{" in h.name, abs(h.start - trig.start)))
    return Sides(perpetrators, victims, agents)


def _acts_on_civilians(event_type: str, sub_event_type: str, a1: tuple[str, int, str] | None, harmed: bool) -> bool:
    """Whether the side acted upon is civilians when no one is named: the victims of violence
    against civilians and of a mob, even when told only as "a man" or "a family"; the people
    an explosion killed or hurt when no armed side is named among them; the owners of property
    an armed group or crowd loots or destroys, but not of what the state's forces seize (drugs,
    weapons: taken from the gangs that held them)."""
    if event_type == "Violence against civilians" or sub_event_type == "Mob violence":
        return True
    if event_type == "Explosions/Remote violence":
        return harmed
    return sub_event_type == "Looting/property destruction" and (a1 is None or a1[1] != STATE_FORCES_INTER)


def assign_actors(sides: Sides, country_name: str | None, rule, countries, harmed: bool = False
                  ) -> tuple[tuple[str, int, str] | None, tuple[str, int, str] | None]:
    """actor1 acts, actor2 is acted upon; names follow ACLED's conventions. `harmed`: the
    mention reports people killed or injured."""

    def named(h: ActorHit) -> tuple[str, int, str] | None:
        c = countries.get(h.country_iso3).name if h.country_iso3 in countries else country_name
        return _fill_country(h.name, c), h.inter, h.rule_id

    perpetrators, victims, others = sides.perpetrators, sides.victims, sides.agents
    a1 = a2 = None
    event_type = rule.sets.event_type
    if rule.actor1 and country_name:
        a1 = (rule.actor1.replace("{country}", country_name), 6 if "Protesters" in rule.actor1 else 5, rule.id)
    elif any(h.inter != CIVILIAN_INTER for h in perpetrators + others):
        # Named actors and agents placed before the trigger act; after it, they are acted upon.
        # Civilians never act in ACLED's coding: armed, they are a militia; violent, rioters.
        a1 = named(next(h for h in perpetrators + others if h.inter != CIVILIAN_INTER))
    # The non-state actor chosen first: in a protest or riot the crowd takes actor1 (see
    # _crowd_by_event_type), and this group is then part of the crowd (or, where a rule
    # turned Protesters into Rioters, the crowd's own former name), never what the crowd
    # acts upon. A state force chosen first is not kept out: it still faces the crowd.
    joined_crowd = a1[0] if a1 is not None and a1[1] != STATE_FORCES_INTER else None
    a1 = _crowd_by_event_type(a1, event_type, country_name)
    if rule.actor2 and country_name:
        a2 = (rule.actor2.replace("{country}", country_name), CIVILIAN_INTER, rule.id)
    else:
        taken = {a1[0] if a1 else None, joined_crowd}
        victim_keys = set(map(_key, victims))
        rest = [h for h in victims + others + perpetrators if named(h)[0] not in taken
                and not _is_the_crowd(h, event_type, victim_keys)]
        # Both sides of a battle are armed: civilians caught in it are not its actor2.
        battle = event_type == "Battles"
        intervention = rule.sets.sub_event_type in INTERVENTION_SUB_TYPES
        rest.sort(key=lambda h: (battle and h.inter not in ARMED_INTER, intervention and h.inter != STATE_FORCES_INTER,
                                 _key(h) not in victim_keys, h.start))
        if rest:
            a2 = named(rest[0])
    if a1 is not None and a2 is not None and a1[0] == a2[0]:
        a2 = None
    if a2 is None and _acts_on_civilians(event_type, rule.sets.sub_event_type, a1, harmed):
        a2 = (_fill_country("Civilians ({country})", country_name), CIVILIAN_INTER, "default-actor2")
    if a2 is None and rule.sets.sub_event_type in POLICE_DEFAULT_SUB_TYPES:
        a2 = (_fill_country("Police Forces of {country}", country_name), STATE_FORCES_INTER, "default-actor2")
    return a1, a2


# Event types whose unattributed reports on a front line are coded between its forces.
FRONT_LINE_TYPES = frozenset({"Battles", "Explosions/Remote violence"})


def on_front_line(actors: tuple, event_type: str, line, country: str | None) -> tuple:
    """A battle or shelling on a front line (rules/vocab/front_lines.yaml) whose report names
    no armed side is coded between the line's forces: actor1 its first force and, in a
    battle, the other as actor2. Civilians harmed by shelling stay actor2."""
    a1, a2 = actors
    unnamed = _fill_country(UNIDENTIFIED_ARMED_GROUP, country)
    if event_type not in FRONT_LINE_TYPES or (a1 is not None and a1[0] != unnamed):
        return actors
    if a2 is not None and a2[0] != unnamed and a2[1] != CIVILIAN_INTER:
        return actors
    rule_id = f"front-line-{line.id}"
    a1 = (line.actor1[0], line.actor1[1], rule_id)
    if event_type == "Battles":
        a2 = (line.actor2[0], line.actor2[1], rule_id)
    elif a2 is not None and a2[1] != CIVILIAN_INTER:
        a2 = None
    return a1, a2


def names_armed_group(actors: tuple, country: str | None) -> bool:
    """Whether one of the actors is the country's unidentified armed group: the only actor
    `name_gangs` renames, so the words of crime need reading only then."""
    armed_group = _fill_country(UNIDENTIFIED_ARMED_GROUP, country)
    return any(a is not None and a[0] == armed_group for a in actors)


def name_gangs(actors: tuple, country: str | None) -> tuple:
    """The mention's actors with each unidentified armed group renamed an unidentified gang;
    called where the story tells the violence as organised crime. Where a gang already takes
    part (a gang member shot by gunmen), it is what the words of crime are about."""
    armed_group = _fill_country(UNIDENTIFIED_ARMED_GROUP, country)
    gang = _fill_country(UNIDENTIFIED_GANG, country)
    if any(a is not None and a[0] == gang for a in actors):
        return actors
    return tuple((gang, *a[1:]) if a is not None and a[0] == armed_group else a for a in actors)
