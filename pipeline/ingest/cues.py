"""The words ingest reads pages by, from rules/ingest/cues.yaml, read apart from the rule book.

Ingest loads this one file, not the whole rule book: it stays fast, and the DVC ingest stage
depends on this file alone among the rules, so an extraction rule edit does not rerun it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Errors, RuleFilesError
from pipeline.ingest.dumps import DumpCues
from pipeline.ingest.pubdate import PubdateCues
from pipeline.rulebook.cues import bind, load_standalone_cues
from pipeline.vocab import DEFAULT_RULES_DIR, rule_file


@dataclass(frozen=True)
class IngestCues:
    dump: DumpCues  # splitting dumps and dropping page furniture
    pubdate: PubdateCues  # publication dates stated in the text


def ingest_cues_file(rules_dir: Path | str = DEFAULT_RULES_DIR) -> Path:
    return rule_file(Path(rules_dir) / "ingest", "cues")


def load_ingest_cues(rules_dir: Path | str | None = None) -> IngestCues:
    """The ingest cues of `rules_dir` (default: the project's rules/); RuleFilesError names
    every problem in the file, as `rules lint` would."""
    root = Path(rules_dir or DEFAULT_RULES_DIR)
    path = ingest_cues_file(root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFilesError([Errors.E101.format(path=path, detail=f"cannot be read ({exc.strerror})")]) from exc
    return _compiled(raw, str(path.relative_to(root.parent)))  # named as the rule book names it


@functools.lru_cache(maxsize=4)
def _compiled(raw: bytes, rel: str) -> IngestCues:
    # Keyed by the file's bytes: an edited file is compiled afresh, an unchanged one once.
    cues = load_standalone_cues(raw, rel)
    try:
        return IngestCues(dump=bind(DumpCues, cues), pubdate=bind(PubdateCues, cues))
    except KeyError as exc:
        raise RuleFilesError([Errors.E101.format(path=rel, detail=exc.args[0])]) from exc
