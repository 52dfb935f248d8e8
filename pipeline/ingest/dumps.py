"""Split scraped .txt dumps into their articles and strip page furniture.

Real dumps concatenate several articles. Two boundaries are reliable:
a "Source link" footer (followed by a hashtag line), and a headline that is
immediately repeated (the site prints the title twice before the body). Inside an
article, repeated titles, "Follow"/"Short Url" buttons, carousel counters ("3 / 8")
and hashtag lines are furniture: they are dropped so they never become evidence.
The words of the footer and the furniture are cues of rules/ingest/cues.yaml (`DumpCues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.rulebook.cues import CueSet

HASHTAGS = re.compile(r"^\s*#\w+(\s+#\w+)*\s*$")
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class DumpCues(CueSet):
    """The words of a scraped page: rules/ingest/cues.yaml, cue `dump-<field>`."""

    PREFIX = "dump"
    footer: re.Pattern  # the line that ends an article
    furniture: re.Pattern  # a button, label or carousel counter line
    updated: re.Pattern  # a time stamp line, with group `date`
    special_title: re.Pattern  # the banner word before a repeated headline


@dataclass
class DumpArticle:
    title: str
    text: str
    first_line: int  # 1-based line in the dump where the article starts
    updated: str | None = None  # the raw "Updated <date>" value, if the page had one
    dropped_lines: list[int] = field(default_factory=list)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def _is_repeated_title(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line or len(line) > MAX_TITLE_CHARS:
        return False
    j = _next_nonblank(lines, i)
    return j is not None and lines[j].strip() == line


def _is_special_title(line: str, title: str, cues: DumpCues) -> bool:
    """Whether the line is the banner word followed by the article's title ("Special <title>")."""
    m = cues.special_title.match(line)
    return m is not None and line[m.end():] == title


def split_dump(raw: str, cues: DumpCues) -> list[DumpArticle]:
    """Split one dump into articles; a dump without boundaries is one article."""
    lines = raw.splitlines()
    starts: list[int] = []
    title_of_current: str | None = None
    expect_start = True
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if cues.footer.match(stripped):
            expect_start = True
            continue
        if expect_start and not HASHTAGS.match(stripped):
            starts.append(i)
            title_of_current = stripped
            expect_start = False
            continue
        if _is_repeated_title(lines, i) and stripped != title_of_current:
            starts.append(i)
            title_of_current = stripped
    if not starts:
        return []
    bounds = list(zip(starts, starts[1:] + [len(lines)], strict=False))
    return [_clean(lines[a:b], a, cues) for a, b in bounds]


def _clean(lines: list[str], offset: int, cues: DumpCues) -> DumpArticle:
    title = lines[0].strip()
    kept: list[str] = []
    updated = None
    dropped: list[int] = []
    seen_title = False
    in_footer = False
    for k, line in enumerate(lines):
        s = line.strip()
        if cues.footer.match(s):
            in_footer = True
        if in_footer or HASHTAGS.match(s) or cues.furniture.match(s) or _is_special_title(s, title, cues):
            dropped.append(offset + k + 1)
            continue
        if s == title:
            if seen_title:
                dropped.append(offset + k + 1)
                continue
            seen_title = True
        m = cues.updated.match(s)
        if m and len(s) < 60:
            updated = updated or m.group("date")
            dropped.append(offset + k + 1)
            continue
        kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return DumpArticle(title=title, text=text, first_line=offset + 1, updated=updated, dropped_lines=dropped)
