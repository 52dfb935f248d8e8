"""Cue lists (rules/cues/): the words the extraction logic reads by, compiled once.

A cue is one named regex with its own examples. The extractor's modules declare the
cues they read as a frozen dataclass whose fields name them (`CueSet`); the rule book
fills it from the loaded cues, so a missing or misspelt cue fails at start-up, not on
the first text that needs it. Running a cue's examples needs only the regex, so it
happens here and in `rules lint`, unlike a rule's examples, which need the extractor.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from pipeline.errors import Errors
from pipeline.rulebook import lexicon
from pipeline.rulebook.pattern_cache import PatternCache
from pipeline.rulebook.schema import CueEntry


@dataclass(frozen=True)
class CompiledCue:
    entry: CueEntry
    path: str
    regex: re.Pattern

    @property
    def id(self) -> str:
        return self.entry.id


def cue_flags(entry: CueEntry) -> int:
    return (0 if entry.case_sensitive else re.IGNORECASE) | (re.MULTILINE if entry.multiline else 0)


def compile_cue(entry: CueEntry, rel: str, fragments: dict[str, str], problems: list[str],
                cache: PatternCache) -> CompiledCue | None:
    """The cue compiled with its lexicon fragments expanded, or None with the problem recorded
    (unknown fragment, backtracking risk, invalid regex), each naming file, cue and field.
    Cues are compiled now (the modules read them on every text); the backtracking check is
    skipped for a pattern the cache saw pass it."""
    flags = cue_flags(entry)
    try:
        expanded = lexicon.expand(entry.pattern, fragments)
    except lexicon.UnknownFragment as exc:
        problems.append(Errors.E105.format(path=rel, rule_id=entry.id, field="pattern", name=exc.name))
        return None
    try:
        regex = re.compile(expanded, flags)
    except re.error as exc:
        problems.append(Errors.E102.format(path=rel, rule_id=entry.id, field="pattern", detail=str(exc)))
        return None
    if not cache.knows(expanded, flags):
        risk = lexicon.backtracking_risk(expanded, flags)
        if risk:
            problems.append(Errors.E107.format(path=rel, rule_id=entry.id, field="pattern", snippet=risk))
            return None
        cache.learn(expanded, flags)
    return CompiledCue(entry, rel, regex)


def example_failures(cue: CompiledCue) -> list[str]:
    """Coded problems for each example the cue gets wrong: a `match` text it is not found in,
    a `no_match` text it is found in."""
    out = []
    for ex in cue.entry.examples.match:
        text, finds = (ex, None) if isinstance(ex, str) else (ex.text, ex.finds)
        m = cue.regex.search(text)
        if m is None:
            out.append(Errors.E108.format(path=cue.path, cue_id=cue.id, which="match", text=text, verdict="is not matched"))
        elif finds is not None and m.group(0) != finds:
            out.append(Errors.E108.format(path=cue.path, cue_id=cue.id, which="match", text=text,
                                          verdict=f"finds {m.group(0)!r}, not {finds!r}"))
    for text in cue.entry.examples.no_match:
        if cue.regex.search(text):
            out.append(Errors.E108.format(path=cue.path, cue_id=cue.id, which="no_match", text=text, verdict="is matched"))
    return out


def lacks_examples(cue: CompiledCue) -> bool:
    """Whether the cue lacks a `match` example, or an example of what it does not take: a
    `no_match` text, or, for a cue that can match the empty text (and so is found in any
    text), a match example whose `finds` shows where it stops."""
    ex = cue.entry.examples
    if cue.regex.search("") is not None:
        return not any(not isinstance(m, str) for m in ex.match)
    return not ex.match or not ex.no_match


class CueSet:
    """Base of a module's cue list: a frozen dataclass whose fields are compiled regexes. Field
    `report_before` of a set with PREFIX "date" reads the cue `date-report-before`."""

    PREFIX: ClassVar[str] = ""


S = TypeVar("S", bound=CueSet)


def cue_id(cls: type[CueSet], field_name: str) -> str:
    return f"{cls.PREFIX}-{field_name.replace('_', '-')}"


def bind(cls: type[S], cues: dict[str, CompiledCue]) -> S:
    """An instance of `cls` with each field set to its cue's regex; a KeyError names a cue the
    rule book lacks."""
    missing = [cue_id(cls, f.name) for f in dataclasses.fields(cls) if cue_id(cls, f.name) not in cues]
    if missing:
        raise KeyError(f"{cls.__name__} reads cues missing from rules/cues/: {', '.join(missing)}")
    return cls(**{f.name: cues[cue_id(cls, f.name)].regex for f in dataclasses.fields(cls)})
