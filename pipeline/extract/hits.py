"""What the rules found in one article: hits (with their sentence) and the result."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Hit:
    kind: str  # event / filter / fatality / date / actor / place
    rule_id: str
    start: int
    end: int
    sentence: int
    data: dict = field(default_factory=dict)
    cancelled_by: str | None = None
    cancel_reason: str | None = None


@dataclass
class ArticleResult:
    mentions: list[dict]
    hits: list[Hit]
    sentences: list[tuple[int, int]]
    # Per mention, the phrase that dated it and its anchor (None: undated), for `explain`.
    dating: list[dict | None] = field(default_factory=list)
