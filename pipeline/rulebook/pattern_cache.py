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

Compiling is the other cost: `re` parses a pattern and turns it into a program for its
matching engine, 5 ms and more for an expanded rule pattern, paid again by every process
(`explain` on one sentence compiled some 70 of them, over half a second). Beside the JSON
file, `CompiledStore` keeps each pattern's program (the list of integers `re` hands to its
engine, `_sre.compile`); a known pattern is then built from it in microseconds. The result
is the very regex `re.compile` gives (compiled regexes compare equal when their pattern,
flags and program do, which the tests check for every rule). The file is tagged with the
Python build and its regex engine's version, holds a SHA-256 of its contents, and is
ignored, and rebuilt, when either does not match; it holds no Python objects but strings,
numbers and bytes (marshal).
"""

from __future__ import annotations

import _sre
import hashlib
import json
import marshal
import re
import re._compiler as sre_compiler
import re._parser as sre_parser
import sys
from array import array
from pathlib import Path

from pipeline.atomic_output import replace_file
from pipeline.rulebook import backtracking, lexicon, prefilter

FORMAT = 2
CODE_MAGIC = b"conflict-events compiled regexes v1\n"
# Programs kept beyond those of the current rule book (earlier versions, other rule folders),
# in bytes of code: the current rule book's take about 4 MB.
CODE_KEEP_BYTES = 32_000_000


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
    """A checked regex compiled on first use (from its kept program when the `store` has it);
    otherwise it behaves as the re.Pattern."""

    __slots__ = ("pattern", "flags", "_compiled", "_store")

    def __init__(self, pattern: str, flags: int, store: CompiledStore | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None
        self._store = store

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            if self._store is None:
                self._compiled = re.compile(self.pattern, self.flags)
            else:
                self._compiled = self._store.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)


def compile_program(pattern: str, flags: int) -> tuple[re.Pattern, tuple]:
    """What `re.compile(pattern, flags)` gives, with the program it is built from (as
    `re._compiler.compile` builds it), to keep. Raises re.error as re.compile does."""
    flags = int(flags)  # as re.compile takes a RegexFlag
    parsed = sre_parser.parse(pattern, flags)
    code = sre_compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    program = (flags | parsed.state.flags, parsed.state.groups - 1, groupindex, tuple(indexgroup),
               array("I", code).tobytes())
    return from_program(pattern, program), program


def from_program(pattern: str, program: tuple) -> re.Pattern:
    """The compiled regex of a kept program (the engine checks its structure before use)."""
    flags, groups, groupindex, indexgroup, code = program
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)


def _engine_version() -> str:
    return f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sre_compiler.MAXGROUPS}"


class CompiledStore:
    """{pattern key: program} read from and written to one file (see the module's docstring)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        # The engine's code words must be what array("I") holds; elsewhere nothing is kept.
        self.usable = array("I").itemsize == _sre.CODESIZE
        self.version = _engine_version()
        self.programs: dict[str, tuple] = self._read() if self.usable else {}
        self.used: set[str] = set()
        self.changed = False

    def _read(self) -> dict[str, tuple]:
        if self.path is None:
            return {}
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        head = len(CODE_MAGIC) + 65
        if not data.startswith(CODE_MAGIC) or len(data) < head:
            return {}
        digest, payload = data[len(CODE_MAGIC):head - 1].decode("ascii", "replace"), memoryview(data)[head:]
        if hashlib.sha256(payload).hexdigest() != digest:
            return {}
        try:
            doc = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return {}
        ok = isinstance(doc, dict) and doc.get("version") == self.version and isinstance(doc.get("programs"), dict)
        return doc["programs"] if ok else {}

    def knows(self, pattern: str, flags: int) -> bool:
        return pattern_key(pattern, flags) in self.programs

    def compile(self, pattern: str, flags: int) -> re.Pattern:
        """re.compile(pattern, flags), from the kept program when there is one; a pattern
        compiled afresh has its program kept for `save`."""
        if self.path is None or not self.usable:
            return re.compile(pattern, flags)
        key = pattern_key(pattern, flags)
        self.used.add(key)
        program = self.programs.get(key)
        if program is not None:
            try:
                return from_program(pattern, program)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass  # not a program this engine accepts: compiled afresh below
        regex, self.programs[key] = compile_program(pattern, flags)
        self.changed = True
        return regex

    def save(self) -> None:
        """Write the file atomically if a program was added; a failed write only costs time.
        Programs of patterns not used by this run are kept up to CODE_KEEP_BYTES."""
        if self.path is None or not self.changed:
            return
        kept, size = {}, 0
        for key, program in self.programs.items():
            if key in self.used:
                kept[key] = program
        for key, program in self.programs.items():
            if key not in kept and size + len(program[4]) <= CODE_KEEP_BYTES:
                kept[key] = program
                size += len(program[4])
        payload = marshal.dumps({"version": self.version, "programs": kept})
        try:
            replace_file(self.path, CODE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            self.changed = False
        except OSError:
            pass


class PatternCache:
    """{pattern key: {"required": literals or None, "prefixes": literals or None}} for the
    patterns that passed every check, and beside it (`compiled`) their programs."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = _checker_version()
        self.entries: dict[str, list[str] | None] = self._read()
        self.changed = False
        self.compiled = CompiledStore(path.with_suffix(".sre") if path is not None else None)
        self._lazy: list[LazyPattern] = []

    def lazy(self, pattern: str, flags: int) -> LazyPattern:
        """A known pattern, compiled when first used (from its kept program, if any)."""
        rx = LazyPattern(pattern, flags, self.compiled)
        self._lazy.append(rx)
        return rx

    def compile(self, pattern: str, flags: int) -> re.Pattern:
        """re.compile(pattern, flags), from the kept program when there is one."""
        return self.compiled.compile(pattern, flags)

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
        """Write the file atomically if anything was learnt; a failed write only costs time.
        A lazy pattern whose program is not kept yet is compiled now, so that the next run
        builds every rule regex from its program (once after a rule changes)."""
        if self.path is None:
            return
        for rx in self._lazy:
            if rx._compiled is None and self.compiled.usable and not self.compiled.knows(rx.pattern, rx.flags):
                rx.compiled()
        for rx in self._lazy:  # every rule pattern of this book counts as used
            self.compiled.used.add(pattern_key(rx.pattern, rx.flags))
        self.compiled.save()
        if not self.changed:
            return
        doc = json.dumps({"version": self.version, "patterns": self.entries}, sort_keys=True)
        try:
            replace_file(self.path, doc.encode("utf-8"))
            self.changed = False
        except OSError:
            pass
