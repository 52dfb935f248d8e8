"""Length-preserving case and accent folding, so match offsets map back to the text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    if c == "’":
        return "'"
    f = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode().lower()
    return f[:1] if f else (" " if not c.isalnum() else "x")


class _FoldTable(dict):
    """A str.translate table filled on first use of each code point (C-speed afterwards)."""

    def __missing__(self, codepoint: int) -> str:
        value = _fold_char(chr(codepoint))
        self[codepoint] = value
        return value


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ASCII text of exactly the same length as `text`."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def is_mostly_upper(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
