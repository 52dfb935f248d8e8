"""The rule reference (docs/rules.md), generated from the rule files.

Like dateparser's generated language data, the committed file is checked by a test
that regenerates it in memory: a rule edit without `make docs` fails the suite.
"""

from __future__ import annotations

from pipeline.rulebook.loader import GENERATED_STAND_INS, RuleBook

KIND_TITLES = {
    "event": "Event rules",
    "decision": "Event-type decision table (applied in file order after the triggers)",
    "filter": "Filters",
    "fatality": "Fatality and injury rules",
    "date": "Date rules",
    "actor_pattern": "Generic actor rules",
}


# How the reference words a decision row's condition on the sides (DecisionRule.target).
TARGET_WORDS = {
    "armed": "the side acted upon is an organised armed actor",
    "two-armed-groups": "two distinct rebel groups or identity militias take part",
    "crowd-acts": "the side that acts is a crowd (protesters, rioters, a mob)",
}


def _sets(rule, kind: str) -> str:
    if kind == "event":
        s = rule.sets
        extra = "; civilian targeting" if s.civilian_targeting else ""
        extra += f"; precedence {rule.precedence}" if rule.precedence != "normal" else ""
        extra += f"; counts only near {rule.needs_nearby}" if rule.needs_nearby else ""
        extra += "; counts only with an armed actor in its sentence" if rule.needs_armed_actor else ""
        return f"{s.event_type} / {s.sub_event_type}{extra}"
    if kind == "decision":
        s = rule.sets
        conditions = []
        if rule.patterns:
            conditions.append(f"the {rule.scope} {'has' if rule.cue == 'present' else 'has none of'} the cues")
        if rule.target != "any":
            conditions.append(TARGET_WORDS[rule.target])
        return (f"{' or '.join(rule.applies_to)}, when {' and '.join(conditions)}: "
                f"{s.event_type} / {s.sub_event_type}. Codebook: {rule.codebook}")
    if kind == "filter":
        scope = "; only the triggers after it" if rule.scope == "following" else ""
        whole = (f"; across the article when its only events are {', '.join(rule.article_cancels)}"
                 if rule.article_cancels else "")
        return f"cancels {', '.join(rule.cancels) or 'every event type'}{scope}{whole}: {rule.reason}"
    if kind == "fatality":
        return f"{rule.role}{' (stated total)' if rule.total else ''}{' (coder note)' if rule.coder_note else ''}"
    if kind == "date":
        return f"{rule.mode}, precision {rule.precision}"
    if kind == "actor_pattern":
        victim = f"; acted upon: {rule.as_victim}" if rule.as_victim else ""
        return f"{rule.actor} (inter {rule.inter}, {rule.role}{victim})"
    return ""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _example_text(example) -> str:
    # Quoted, so that the spaces a cue reads at either end stay visible.
    return f'"{example}"' if isinstance(example, str) else f'"{example.text}" finds "{example.finds}"'


def _cue_lines(book: RuleBook) -> list[str]:
    """Every cue list, grouped by file: the words the extractor's modules read by."""
    lines = ["## Cue lists", "",
             "The words the extraction logic reads by (`rules/cues/`), and those ingest and the gazetteer "
             "build read by (`rules/ingest/`, `rules/gazetteer/`: each read apart from the rule book, by its "
             "own stage, with its own fragments only): each is one regex, tried by `rules lint` on its "
             "examples; the Python module named in its file decides how cues combine.", ""]
    lines += ["| id | file | description | pattern | matches | does not match |", "|---|---|---|---|---|---|"]
    for cue in sorted(book.cues.values(), key=lambda c: (c.path, c.id)):
        ex = cue.entry.examples
        pattern = f"`{cue.entry.pattern}`" + ("" if cue.entry.case_sensitive else " (any case)")
        lines.append(_row([f"`{cue.id}`", f"`{cue.path}`", cue.entry.description, pattern,
                           "; ".join(map(_example_text, ex.match)), "; ".join(map(_example_text, ex.no_match))]))
    return lines + [""]


def _lexicon_lines(book: RuleBook) -> list[str]:
    """Every named fragment of the lexicon, referenced from rules and cues as {name}."""
    lines = ["## Lexicon", "",
             "Named regex fragments (`rules/lexicon.yaml`), referenced from any rule or cue as `{name}`; "
             "those marked generated are built from `rules/vocab/` at load.", ""]
    lines += ["| name | words |", "|---|---|"]
    for name in sorted(book.fragments):
        words = "generated from the vocabularies" if name in GENERATED_STAND_INS else f"`{book.fragments[name]}`"
        lines.append(_row([f"`{{{name}}}`", words]))
    for path, own in sorted(book.local_fragments.items()):
        lines += ["", f"Fragments of `{path}`, referenced from its own cues only:", "",
                  "| name | words |", "|---|---|"]
        lines += [_row([f"`{{{name}}}`", f"`{own[name]}`"]) for name in sorted(own)]
    return lines + [""]


def render_reference(book: RuleBook) -> str:
    lines = [
        "# Rule reference",
        "",
        "Generated from `rules/` by `conflict-events rules doc` (`make docs`); do not edit by hand.",
        f"Ruleset hash: `{book.ruleset_hash[:16]}`.",
        "",
    ]
    for kind, title in KIND_TITLES.items():
        rules = sorted(book.rules(kind), key=lambda r: r.id)
        if not rules:
            continue
        lines += [f"## {title}", "", "| id | file | status | sets | description | example |", "|---|---|---|---|---|---|"]
        for cr in rules:
            r = cr.rule
            example = r.examples.match[0].text if r.examples.match else ""
            lines.append(_row([f"`{r.id}`", f"`{cr.path}`", r.status, _sets(r, kind), r.description, example]))
        lines.append("")
    lines += _cue_lines(book) + _lexicon_lines(book)
    lines += ["## Named actors", "", f"{len(book.actors)} actors in the dictionary; {len(book.venues)} venues.", ""]
    lines += ["| id | ACLED name | inter | country | valid |", "|---|---|---|---|---|"]
    for a in sorted(book.actors, key=lambda a: a.id):
        valid = f"{a.valid_from or ''}..{a.valid_to or ''}" if (a.valid_from or a.valid_to) else ""
        name = a.name.replace('|', '/') + (f" (acted upon: {a.as_victim})" if a.as_victim else "")
        lines.append(f"| `{a.id}` | {name} | {a.inter} | {a.country or ''} | {valid} |")
    lines.append("")
    return "\n".join(lines)
