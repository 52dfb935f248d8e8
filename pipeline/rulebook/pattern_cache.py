"""What is costly to learn about a rule regex, learnt once: it compiles, it passes the
backtracking check, which literals every match must contain and which it must begin with.

Loading the rule book used to re-parse every pattern three times per start (compile,
backtracking check, literal prefilter): several seconds for ~320 patterns, some
expanded to 13,000 characters. This cache remembers, per pattern text and flags, that
the checks passed and what the prefilter needs. A known pattern is then compiled only
when a text first needs it (`LazyPattern`), so `explain` on one sentence compiles a
handful of regexes, not all of them.

The cache is a JSON file of our own in the user cache, tagged with the Python version
and a hash of the code that does the checks: a new Python or a changed check starts
it afresh. A pattern the cache does not know is checked in full, as before. Deleting
the file only costs time.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from pipeline.atomic_output import replace_file
from pipeline.rulebook import backtracking, lexicon, prefilter

FORMAT = 2


def _checker_version() -> str:
    h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for module in (backtracking, lexicon, prefilter):
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


def pattern_key(pattern: str, flags: int) -> str:
    # re.compile adds UNICODE to every str pattern's flags: a compiled regex and the flags it
    # was compiled with must give the same key.
    flags &= ~re.UNICODE
    return hashlib.sha256(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _listed(found: set[str] | None) -> list[str] | None:
    return sorted(found) if found else None


class LazyPattern:
    """A checked regex compiled on first use; otherwise it behaves as the re.Pattern."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)


class PatternCache:
    """{pattern key: {"required": literals or None, "prefixes": literals or None}} for the
    patterns that passed every check."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = _checker_version()
        self.entries: dict[str, list[str] | None] = self._read()
        self.changed = False

    def _read(self) -> dict:
        if self.path is None:
            return {}
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        ok = isinstance(doc, dict) and doc.get("version") == self.version and isinstance(doc.get("patterns"), dict)
        return doc["patterns"] if ok else {}

    def knows(self, pattern: str, flags: int) -> bool:
        """True when the pattern passed every check before."""
        return pattern_key(pattern, flags) in self.entries

    def learn(self, pattern: str, flags: int) -> None:
        """Remember that the pattern passed every check, with its required literals and prefixes."""
        key = pattern_key(pattern, flags)
        if key not in self.entries:
            self.entries[key] = {"required": _listed(prefilter.required_literals(pattern)),
                                 "prefixes": _listed(prefilter.literal_prefixes(pattern))}
            self.changed = True

    def literals(self, pattern: str, flags: int) -> set[str] | None:
        """The literals one of which every match contains (None: no usable literal)."""
        return self._known(pattern, flags, "required", prefilter.required_literals)

    def prefixes(self, pattern: str, flags: int) -> set[str] | None:
        """The literals one of which every match begins with (None: no usable prefix)."""
        return self._known(pattern, flags, "prefixes", prefilter.literal_prefixes)

    def _known(self, pattern: str, flags: int, fact: str, learn_now) -> set[str] | None:
        entry = self.entries.get(pattern_key(pattern, flags))
        if not isinstance(entry, dict):
            return learn_now(pattern)
        known = entry.get(fact)
        return set(known) if known else None

    def save(self) -> None:
        """Write the file atomically if anything was learnt; a failed write only costs time."""
        if self.path is None or not self.changed:
            return
        doc = json.dumps({"version": self.version, "patterns": self.entries}, sort_keys=True)
        try:
            replace_file(self.path, doc.encode("utf-8"))
            self.changed = False
        except OSError:
            pass
