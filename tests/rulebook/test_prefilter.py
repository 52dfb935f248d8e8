"""The literal prefilter: which patterns can match a text, and where anchored ones can begin.

The scan must never lose a match: for every rule pattern and every text, matching only
the candidates, and anchored ones only at their prefixes, yields what `finditer` yields.
"""

from __future__ import annotations

import csv
import re

import pytest

from pipeline.rulebook.prefilter import Prefilter, literal_prefixes, matches_at, required_literals, rule_fold
from tests.conftest import shared_path


@pytest.mark.parametrize(("pattern", "prefixes"), [
    (r"\b(?:gunmen|militants)\s+killed", {"gunmen ", "militants "}),
    (r"(?<!\w)(?:shot|stabbed)(?:\s+dead)?", {"shot", "stabbed"}),
    (r"\b(?:the\s+)?army\b", {"the ", "army"}),
    (r"set\s+fire", {"set "}),
    (r"(?:kill+ed|burned)", {"kill", "burned"}),
    (r"[Tt]roops", {"Troops", "troops"}),
    (r"\d+\s+killed", set("0123456789")),
    (r"\b(?:an?|the)\s+attack", {"a ", "an ", "the "}),
    (r"(?:at\s+least\s+|up\s+to\s+)?\d", {"at ", "up ", *"0123456789"}),
    (r"[-–]\s+\d", {"- ", "– "}),
    (r"(?:an?|the)\s+(?:man|woman)", {"a ", "an ", "the "}),
])
def test_patterns_that_begin_with_literals_are_anchored(pattern, prefixes):
    assert literal_prefixes(pattern) == prefixes


@pytest.mark.parametrize("pattern", [
    r"\b(?:a|in)\b",            # short words without their space occur everywhere
    r"\s+killed",               # so does a space
    r"(?:[\w-]+\s+)?killed",    # an optional class: the match may begin with "killed" or anything
    r"(?:killed|\w+ed)",        # one branch begins with a class
])
def test_patterns_that_may_begin_otherwise_are_not(pattern):
    assert literal_prefixes(pattern) is None


def test_matching_at_starts_gives_what_finditer_gives():
    text = "Gunmen killed two. Later gunmen killed three more; militants killed one."
    regex = re.compile(r"\b(?:gunmen|militants)\s+killed\s+\w+", re.I)
    starts = [m.start() for m in re.finditer(r"(?i)gunmen|militants", text)]
    assert [m.span() for m in matches_at(regex, text, starts)] == [m.span() for m in regex.finditer(text)]


def test_a_match_that_covers_a_later_start_hides_it_as_finditer_does():
    text = "attack attack attack"
    regex = re.compile(r"attack\s+attack")
    assert [m.span() for m in matches_at(regex, text, [0, 7, 14])] == [(0, 13)]


def test_lookbehind_and_word_boundaries_see_the_text_before_a_start():
    regex = re.compile(r"\b(?<!no\s)troops\s+fired", re.I)
    text = "no troops fired; xtroops fired; Troops fired"
    prefilter = Prefilter([regex.pattern])
    scan = prefilter.scan(rule_fold(text))
    assert [m.span() for m in scan.matches(0, regex, text)] == [m.span() for m in regex.finditer(text)] == [(32, 44)]


def test_dotless_i_is_read_as_the_letter_it_matches():
    # Under re.IGNORECASE "ı" matches "i", but the plain fold maps it to "x".
    regex = re.compile(r"killed", re.I)
    text = "Gunmen kılled two"
    assert regex.search(text)
    scan = Prefilter([regex.pattern]).scan(rule_fold(text))
    assert 0 in scan.candidates
    assert [m.span() for m in scan.matches(0, regex, text)] == [(7, 13)]


@pytest.mark.parametrize("text", [
    "Gunmen killed ٣ people; at\tleast 4 were hurt",   # an Arabic-Indic digit is \d too
    "at\nleast five dead – up to\u00a0seven",           # any whitespace is \s, any dash a dash
    "Fighters killed −5 soldiers",
])
def test_digits_spaces_and_dashes_of_any_script_are_found(text):
    regex = re.compile(r"(?<![\w-])(?:[-−–]\s?)?(?:at\s+least\s+|up\s+to\s+)?(?:\d+|five|seven)", re.I)
    scan = Prefilter([regex.pattern]).scan(rule_fold(text))
    assert [m.span() for m in scan.matches(0, regex, text)] == [m.span() for m in regex.finditer(text)]
    assert len(rule_fold(text)) == len(text)


def _dev_texts(limit_per_source: int) -> list[str]:
    texts = []
    for path in sorted(shared_path("eval").glob("*/dev.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            texts += [row["text"] for _, row in zip(range(limit_per_source), csv.DictReader(f), strict=False)]
    return texts


def test_the_rule_book_scan_loses_no_match_on_real_texts(extractor):
    """Every rule pattern on real texts: candidates and anchored starts give exactly the
    matches of a full finditer."""
    texts = _dev_texts(150)
    regexes = [rx.compiled() if hasattr(rx, "compiled") else rx for _, _, rx in extractor._regexes]
    assert extractor._prefilter.anchored  # most patterns begin with a literal
    for text in texts:
        scan = extractor._prefilter.scan(rule_fold(text))
        for i, regex in enumerate(regexes):
            full = [m.span() for m in regex.finditer(text) if m.end() > m.start()]
            found = [m.span() for m in scan.matches(i, regex, text)] if i in scan.candidates else []
            assert found == full, (regex.pattern[:80], text[:80])


def test_required_literals_still_filter():
    assert required_literals(r"\b(?:killed|shot\s+dead)\b") == {"killed", "shot"}
