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


_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
UPPER_SHARE = 0.8  # of the letters of the text's head, for the text to count as written in capitals
HEAD_CHARS = 2000


def is_mostly_upper(text: str) -> bool:
    head = text[:HEAD_CHARS]
    if head.isascii():
        # Counted by what bytes.translate deletes, at C speed: for ASCII the letters and
        # capitals are exactly what isalpha() and isupper() take.
        raw = head.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        return bool(letters) and upper / letters > UPPER_SHARE
    letters = [c for c in head if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > UPPER_SHARE
