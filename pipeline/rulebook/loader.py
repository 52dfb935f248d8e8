"""Load every YAML file under rules/, validate it, and compile its regexes.

All problems are collected before failing, each naming file, rule id and field,
so a rule author sees every mistake in one run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import Errors, RuleFilesError
from pipeline.rulebook import lexicon
from pipeline.rulebook.cues import STANDALONE_DIRS, CompiledCue, CueSet, bind, read_cue_file
from pipeline.rulebook.pattern_cache import LazyPattern, PatternCache
from pipeline.rulebook.schema import (
    RULE_MODELS,
    ActorEntry,
    DictionaryFile,
    Examples,
    RuleBase,
    RuleFile,
    VenueEntry,
    pydantic_detail,
    valid_entries,
)
from pipeline.vocab import (
    DEFAULT_RULES_DIR,
    RULE_SUFFIXES,
    Vocabulary,
    load_vocabulary,
    parse_rule_yaml,
    rule_file,
)


class RuleBookError(RuleFilesError):
    """The rule book cannot be used; `problems` names every file, rule and field at fault."""


@dataclass
class CompiledRule:
    rule: RuleBase
    path: str
    regexes: list[re.Pattern]

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class RuleBook:
    rules_dir: Path
    vocab: Vocabulary
    fragments: dict[str, str]
    by_kind: dict[str, list[CompiledRule]] = field(default_factory=dict)
    actors: list[ActorEntry] = field(default_factory=list)
    venues: list[VenueEntry] = field(default_factory=list)
    dictionary_examples: dict[str, Examples] = field(default_factory=dict)  # path -> examples
    file_hashes: dict[str, str] = field(default_factory=dict)
    patterns: PatternCache = field(default_factory=lambda: PatternCache(None))
    cues: dict[str, CompiledCue] = field(default_factory=dict)  # id -> cue, in file order
    # The fragments of a cue file's own (path -> name -> regex text), beside the lexicon's.
    local_fragments: dict[str, dict[str, str]] = field(default_factory=dict)
    _cue_sets: dict[type, CueSet] = field(default_factory=dict, repr=False)

    def cue_set(self, cls: type[CueSet]):
        """A module's cue list (see cues.py) filled from rules/cues/, built once per book."""
        if cls not in self._cue_sets:
            self._cue_sets[cls] = bind(cls, self.cues)
        return self._cue_sets[cls]

    def rules(self, kind: str) -> list[CompiledRule]:
        return self.by_kind.get(kind, [])

    def all_rules(self) -> list[CompiledRule]:
        return [r for kind in sorted(self.by_kind) for r in self.by_kind[kind]]

    @property
    def ruleset_hash(self) -> str:
        h = hashlib.sha256()
        for path in sorted(self.file_hashes):
            h.update(f"{path}\0{self.file_hashes[path]}\0".encode())
        return h.hexdigest()


GENERATED_STAND_INS = {"demonym": "x", "country_name": "x", "vague_quantity": "x", "ethnic_group": "x", "clan_name": "x",
                       "count_word": "x", "count_qualifier": "x"}


def _generated_fragments(vocab: Vocabulary) -> dict[str, str]:
    demonyms = [d for c in vocab.countries.values() for d in c.demonyms]
    names = [w for c in vocab.countries.values() for w in (c.name, *c.aliases)]
    return {
        "demonym": lexicon.alternation(demonyms) if demonyms else r"(?!x)x",
        "country_name": lexicon.alternation(names) if names else r"(?!x)x",
        "vague_quantity": lexicon.alternation(list(vocab.vague_quantities)),
        "ethnic_group": _words_of(vocab.ethnic_groups),
        "clan_name": _words_of(vocab.clans),
        "count_word": _alternation_or_nothing(vocab.numbers.count_words()),
        "count_qualifier": _alternation_or_nothing([w for ws in vocab.numbers.qualifiers.values() for w in ws]),
    }


def _words_of(table: dict[str, list[str]]) -> str:
    return _alternation_or_nothing([w for names in table.values() for w in names])


def _alternation_or_nothing(words: list[str]) -> str:
    return lexicon.alternation(words) if words else r"(?!x)x"


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_rulebook(rules_dir: Path | str = DEFAULT_RULES_DIR, pattern_cache: Path | None = None) -> RuleBook:
    """The validated rule book. With a `pattern_cache` file, patterns checked by an earlier
    load are trusted and compiled on first use (see pattern_cache.py); without one, every
    pattern is checked and compiled now, as `rules lint` wants."""
    root = Path(rules_dir)
    problems: list[str] = []
    if not root.is_dir():
        raise RuleBookError([Errors.E101.format(path=root, detail="rules directory not found")])
    try:
        vocab = load_vocabulary(root)
    except RuleFilesError as exc:
        raise RuleBookError(exc.problems) from exc
    lex_path = rule_file(root, "lexicon")
    fragments = _fragments(lex_path, _rel(lex_path, root), problems) if lex_path.exists() else {}
    fragments.update(_generated_fragments(vocab))
    book = RuleBook(rules_dir=root, vocab=vocab, fragments=fragments, patterns=PatternCache(pattern_cache))
    seen_ids: dict[str, str] = {}

    def claim(rule_id: str, rel: str) -> None:
        if rule_id in seen_ids:
            problems.append(Errors.E103.format(path=rel, rule_id=rule_id, first=seen_ids[rule_id]))
        else:
            seen_ids[rule_id] = rel

    for path in sorted(p for p in root.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()):
        rel = _rel(path, root)
        raw = path.read_bytes()
        book.file_hashes[rel] = hashlib.sha256(raw).hexdigest()
        if path == lex_path:
            continue
        doc, problem = parse_rule_yaml(raw, rel)
        if problem:
            problems.append(problem)
            continue
        if path.parent.name == "vocab":
            continue  # read by load_vocabulary and the place resolver; here only checked to parse
        kind = doc.get("kind")
        standalone = path.parent.parent == root and path.parent.name in STANDALONE_DIRS
        if standalone and kind != "cue":
            problems.append(Errors.E101.format(path=rel, detail=f"a file in rules/{path.parent.name}/ is read apart "
                                                                "from the rule book and must be a cue file (kind: cue)"))
            continue
        if kind in ("actor_dictionary", "venue_dictionary"):
            _load_dictionary(doc, rel, book, vocab, claim, problems)
            continue
        if kind == "cue":
            _load_cues(doc, rel, book, claim, problems, standalone)
            continue
        try:
            rf = RuleFile.model_validate(doc)
        except ValidationError as exc:
            problems.append(Errors.E101.format(path=rel, detail=pydantic_detail(exc)))
            continue
        model = RULE_MODELS[rf.kind]
        for rule in valid_entries(rf.rules, model, "rule", rel, problems):
            claim(rule.id, rel)
            _check_vocab(rule, rf.kind, rel, vocab, problems)
            regexes = _compile(rule, rel, fragments, problems, book.patterns)
            if regexes is not None and rule.status != "removed":
                book.by_kind.setdefault(rf.kind, []).append(CompiledRule(rule, rel, regexes))
    if problems:
        raise RuleBookError(problems)
    return book


def _fragments(path: Path, rel: str, problems: list[str]) -> dict[str, str]:
    """The lexicon's named fragments: a mapping of names to regex text."""
    doc, problem = parse_rule_yaml(path.read_bytes(), rel)
    fragments = doc.get("fragments") or {}
    if not problem and not (isinstance(fragments, dict) and all(isinstance(v, str) for v in fragments.values())):
        problem = Errors.E101.format(path=rel, detail="'fragments' must map names to regex text")
    if problem:
        problems.append(problem)
        return {}
    return dict(fragments)


def _compile(rule: RuleBase, rel: str, fragments: dict[str, str], problems: list[str],
             cache: PatternCache) -> list[re.Pattern | LazyPattern] | None:
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    out = []
    for k, pat in enumerate(rule.patterns):
        fld = f"patterns[{k}]"
        try:
            expanded = lexicon.expand(pat, fragments)
        except lexicon.UnknownFragment as exc:
            problems.append(Errors.E105.format(path=rel, rule_id=rule.id, field=fld, name=exc.name))
            return None
        if cache.knows(expanded, flags):
            out.append(cache.lazy(expanded, flags))
            continue
        # Checked after expansion, so a repeat hidden in a fragment is seen; the generated
        # fragments (vocabulary tries, no repeats) are stood in for by a letter, to save time.
        risk = lexicon.backtracking_risk(lexicon.expand(pat, {**fragments, **GENERATED_STAND_INS}), flags)
        if risk:
            problems.append(Errors.E107.format(path=rel, rule_id=rule.id, field=fld, snippet=risk))
            return None
        try:
            out.append(cache.compile(expanded, flags))
        except re.error as exc:
            problems.append(Errors.E102.format(path=rel, rule_id=rule.id, field=fld, detail=str(exc)))
            return None
        cache.learn(expanded, flags)
    return out


def _check_vocab(rule: RuleBase, kind: str, rel: str, vocab: Vocabulary, problems: list[str]) -> None:
    if kind == "decision":
        for k, sub in enumerate(rule.applies_to):  # type: ignore[attr-defined]
            if sub not in vocab.sub_event_types:
                problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field=f"applies_to[{k}]",
                                                   value=sub, vocabulary="ACLED sub-event types"))
    if kind in ("event", "decision"):
        sets = rule.sets  # type: ignore[attr-defined]
        if sets.event_type not in vocab.event_types:
            problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field="sets.event_type",
                                               value=sets.event_type, vocabulary="ACLED event types"))
        elif sets.sub_event_type not in vocab.sub_event_types:
            problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field="sets.sub_event_type",
                                               value=sets.sub_event_type, vocabulary="ACLED sub-event types"))
        elif vocab.event_type_of(sets.sub_event_type) != sets.event_type:
            problems.append(Errors.E104.format(
                path=rel, rule_id=rule.id, field="sets.sub_event_type", value=sets.sub_event_type,
                vocabulary=f"the sub-event types of {sets.event_type!r}"))
        needs = getattr(rule, "needs_nearby", None)
        if needs is not None and needs not in vocab.event_types:
            problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field="needs_nearby",
                                               value=needs, vocabulary="ACLED event types"))
    elif kind == "filter":
        for k, et in enumerate(rule.cancels):  # type: ignore[attr-defined]
            if et not in vocab.event_types and et not in vocab.sub_event_types:
                problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field=f"cancels[{k}]",
                                                   value=et, vocabulary="ACLED event and sub-event types"))
        for k, sub in enumerate(rule.article_cancels):  # type: ignore[attr-defined]
            if sub not in vocab.sub_event_types:
                problems.append(Errors.E104.format(path=rel, rule_id=rule.id, field=f"article_cancels[{k}]",
                                                   value=sub, vocabulary="ACLED sub-event types"))


def _load_cues(doc: dict, rel: str, book: RuleBook, claim, problems: list[str], standalone: bool) -> None:
    # A file read apart from the rule book (see cues.STANDALONE_DIRS) sees only its own
    # fragments here too, so that it reads the same in the book as where it is used.
    cues, own = read_cue_file(doc, rel, None if standalone else book.fragments, problems, book.patterns, claim)
    for cue in cues:
        book.cues[cue.id] = cue
    if own:
        book.local_fragments[rel] = own


def _load_dictionary(doc: dict, rel: str, book: RuleBook, vocab: Vocabulary, claim, problems: list[str]) -> None:
    try:
        df = DictionaryFile.model_validate(doc)
    except ValidationError as exc:
        problems.append(Errors.E101.format(path=rel, detail=pydantic_detail(exc)))
        return
    for a in df.actors:
        claim(a.id, rel)
        for key, iso3 in [("country", a.country), *(("operates_in", c) for c in a.operates_in)]:
            if iso3 and vocab.countries and iso3 not in vocab.countries:
                problems.append(Errors.E104.format(path=rel, rule_id=a.id, field=key, value=iso3,
                                                   vocabulary="rules/vocab/countries.yaml"))
    for v in df.venues:
        claim(v.id, rel)
        if vocab.countries and v.country not in vocab.countries:
            problems.append(Errors.E104.format(path=rel, rule_id=v.id, field="country", value=v.country,
                                               vocabulary="rules/vocab/countries.yaml"))
    book.actors.extend(a for a in df.actors if a.status != "removed")
    book.venues.extend(df.venues)
    book.dictionary_examples[rel] = df.examples
