"""Cue lists (rules/cues/): the words the extraction logic reads by, compiled once.

A cue is one named regex with its own examples. The extractor's modules declare the
cues they read as a frozen dataclass whose fields name them (`CueSet`); the rule book
fills it from the loaded cues, so a missing or misspelt cue fails at start-up, not on
the first text that needs it. Running a cue's examples needs only the regex, so it
happens here and in `rules lint`, unlike a rule's examples, which need the extractor.

The cue files of rules/ingest/ and rules/gazetteer/ are read apart from the rule book, by
the stages that need them (`load_standalone_cues`): ingest and the gazetteer build must not
load, nor rerun for, the extraction rules. Such a file sees only its own fragments. The rule
book loads them too, so that `rules lint` and the rule reference cover every cue.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from pydantic import ValidationError

from pipeline.errors import Errors, RuleFilesError
from pipeline.rulebook import lexicon
from pipeline.rulebook.pattern_cache import PatternCache
from pipeline.rulebook.schema import CueEntry, CueFile, pydantic_detail, valid_entries
from pipeline.vocab import parse_rule_yaml

# Folders of rules/ whose cue files are read apart from the rule book (see above).
STANDALONE_DIRS = ("ingest", "gazetteer")


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
        regex = cache.compile(expanded, flags)
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


def read_cue_file(doc: dict, rel: str, fragments: dict[str, str] | None, problems: list[str],
                  cache: PatternCache, claim: Callable[[str, str], None]) -> tuple[list[CompiledCue], dict[str, str]]:
    """The compiled cues of one cue file and the file's own fragments. Its cues see the
    lexicon's `fragments` and its own; with `fragments` None (a file read apart from the rule
    book), its own only. Each problem is recorded naming file, cue and field; `claim` is told
    every cue id, to report one defined twice."""
    try:
        cf = CueFile.model_validate(doc)
    except ValidationError as exc:
        problems.append(Errors.E101.format(path=rel, detail=pydantic_detail(exc)))
        return [], {}
    own = dict(cf.fragments)
    scope = own
    if fragments is not None:
        for name in sorted(set(own) & set(fragments)):
            problems.append(Errors.E101.format(path=rel, detail=f"fragment {name!r} is already in the lexicon"))
        scope = {**fragments, **own}
    out = []
    for entry in valid_entries(cf.cues, CueEntry, "cue", rel, problems):
        claim(entry.id, rel)
        cue = compile_cue(entry, rel, scope, problems, cache)
        if cue is not None:
            out.append(cue)
    return out, own


def load_standalone_cues(raw: bytes, rel: str) -> dict[str, CompiledCue]:
    """The cues of a file read apart from the rule book (rules/ingest/, rules/gazetteer/), by
    id, compiled with the file's own fragments only; RuleFilesError names every problem, as
    the rule book would."""
    problems: list[str] = []
    doc, problem = parse_rule_yaml(raw, rel)
    if problem:
        raise RuleFilesError([problem])
    seen: dict[str, str] = {}

    def claim(cid: str, where: str) -> None:
        if cid in seen:
            problems.append(Errors.E103.format(path=where, rule_id=cid, first=seen[cid]))
        seen.setdefault(cid, where)

    cues, _ = read_cue_file(doc, rel, None, problems, PatternCache(None), claim)
    if problems:
        raise RuleFilesError(problems)
    return {c.id: c for c in cues}


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
        raise KeyError(f"{cls.__name__} reads cues missing from rules/: {', '.join(missing)}")
    return cls(**{f.name: cues[cue_id(cls, f.name)].regex for f in dataclasses.fields(cls)})
