"""A catalogue of coded errors.

Every error the compiler reports has a stable code, so the same failure reads the
same in a log line, a quarantine row and the manifest. Exit codes are documented in
the README; `fatal` errors stop a run, the others are recorded and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

# Exit codes (documented in README "Exit codes").
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3  # no readable input at all, or an input path that does not exist
EXIT_RULES = 4  # rule files invalid: nothing can be extracted safely
EXIT_VALIDATION = 5  # reserved for --strict: rows were quarantined
EXIT_CLUSTER = 6  # --scheduler: the Dask cluster cannot be reached, or its workers read other rules
EXIT_OUTPUT = 7  # the output folder could not be written (the previous dataset is left whole)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), the shell's convention


@dataclass(frozen=True)
class ErrorType:
    code: str
    title: str
    template: str

    def format(self, **kwargs: object) -> str:
        return f"{self.code} {self.template.format(**kwargs)}"


class Errors:
    E001 = ErrorType("E001", "input not found", "{path}: no such file or directory")
    E002 = ErrorType("E002", "binary file", "{path}: looks like a binary file, not text; skipped")
    E003 = ErrorType("E003", "empty file", "{path}: file is empty; no article read")
    E004 = ErrorType("E004", "invalid UTF-8", "{path}:{line}: byte {offset} of the line is not valid UTF-8; "
                     "decoded with replacement characters")
    E005 = ErrorType("E005", "malformed JSON line", "{path}:{line}: malformed JSON ({detail}); line rejected")
    E006 = ErrorType("E006", "missing text column", "{path}: no 'text' column (columns: {columns}); file rejected")
    E007 = ErrorType("E007", "unsupported file type", "{path}: unsupported file type {suffix!r}; skipped")
    E008 = ErrorType("E008", "empty article", "{path}:{line}: article has no text; rejected")
    E009 = ErrorType("E009", "unreadable file", "{path}: cannot be read ({detail})")
    E010 = ErrorType("E010", "no input", "no articles could be read from {paths}")
    E011 = ErrorType("E011", "duplicate article id", "{path}:{line}: article id {article_id!r} already read from {first}; rejected")
    E012 = ErrorType("E012", "legacy encoding", "{path}: not UTF-8; decoded as {encoding} (detected by charset-normalizer)")
    E013 = ErrorType("E013", "control characters", "{path}:{line}: {count} control character(s) such as NUL removed "
                     "(first on this line)")
    E014 = ErrorType("E014", "ambiguous text column", "{path}: more than one column reads as 'text' (columns: {columns}); "
                     "file rejected")
    E015 = ErrorType("E015", "unterminated quote", "{path}:{line}: a quoted field is never closed; row rejected, "
                     "the lines after it read as rows")
    E016 = ErrorType("E016", "relative publication date", "{path}:{line}: publication date {value!r} is relative, "
                     "so it would change with the day of the run; the text's own date is used")
    E017 = ErrorType("E017", "future publication date", "{path}:{line}: publication date {value!r} is in the future; "
                     "the text's own date is used")
    E018 = ErrorType("E018", "output path unusable", "--out {path}: {detail}; nothing was read")
    E019 = ErrorType("E019", "output not written", "{path}: the outputs could not be written ({detail}); "
                     "the previous dataset there is unchanged")
    E020 = ErrorType("E020", "interrupted", "interrupted; workers stopped, no output folder was changed")
    E021 = ErrorType("E021", "article too long", "{path}:{line}: article of {n} characters is longer than "
                     "--max-article-chars {limit}; rejected")
    E022 = ErrorType("E022", "dataset unreadable", "{source}: no dataset to compare ({detail})")
    E023 = ErrorType("E023", "article took too long", "{path}:{line}: extracting the article took more than "
                     "--max-article-seconds {limit:g} (CPU seconds); rejected")
    E101 = ErrorType("E101", "rule file invalid", "{path}: {detail}")
    E102 = ErrorType("E102", "invalid regex", "{path}: rule {rule_id!r} field {field!r}: invalid regex ({detail})")
    E103 = ErrorType("E103", "duplicate rule id", "{path}: rule id {rule_id!r} already defined in {first}")
    E104 = ErrorType("E104", "value outside vocabulary", "{path}: rule {rule_id!r} field {field!r}: {value!r} is not in {vocabulary}")
    E105 = ErrorType("E105", "unknown fragment", "{path}: rule {rule_id!r} field {field!r}: unknown lexicon fragment {{{name}}}")
    E106 = ErrorType("E106", "missing examples", "{path}: rule {rule_id!r}: needs at least one 'match' and one 'no_match' example")
    E107 = ErrorType("E107", "backtracking risk", "{path}: rule {rule_id!r} field {field!r}: {snippet} risks catastrophic backtracking "
                     "(checked with fragments expanded)")
    E108 = ErrorType("E108", "cue example fails", "{path}: cue {cue_id!r}: {which} example {text!r} {verdict}")
    E201 = ErrorType("E201", "schema check failed", "{stage}: {table} row failed {check}")
    E301 = ErrorType("E301", "cluster unreachable", "cannot reach the Dask scheduler at {address} ({detail})")
    E302 = ErrorType("E302", "cluster rules differ", "a cluster worker reads other rules in {rules_dir} (ruleset {worker}; "
                     "this run has {client}): every worker must see the same rules directory")


class RuleFilesError(Exception):
    """Rule files that cannot be used (exit EXIT_RULES); every problem names its file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class CompilerError(Exception):
    """An error that stops the run; carries its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __reduce__(self):
        # Raised on a cluster worker, it travels back pickled: keep the exit code with it.
        return (type(self), (str(self), self.exit_code))
