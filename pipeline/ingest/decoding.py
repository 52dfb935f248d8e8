"""Bytes to text: which encoding a file is in, and which characters no article needs.

UTF-8 is the rule; a byte-order mark says UTF-16 or UTF-32; anything else that is not
valid UTF-8 is handed to charset-normalizer (a maintained detector), and only when it
finds nothing plausible are bytes replaced. Control characters (NUL and friends) are
removed, with a note, so one stray byte never costs a file its articles.
"""

from __future__ import annotations

import codecs
import re

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab and line breaks, and DEL: nothing a reporter writes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x20)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"") + b"\x7f"
# Text has a stray control byte here and there; an image or an archive is full of them.
BINARY_SHARE = 0.10
TIE_ORDER = ("cp1252", "latin_1", "iso8859_15")


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file (without a UTF-16/32 mark) are not text at all."""
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > BINARY_SHARE


def detect_legacy(raw: bytes) -> str | None:
    """A single-byte or legacy encoding for bytes that are not UTF-8, or None when the
    detector finds nothing it trusts."""
    from charset_normalizer import from_bytes  # deferred: only non-UTF-8 inputs need it

    matches = list(from_bytes(raw))
    if not matches:
        return None
    # Short texts often tie (cp1250 and cp1252 read French alike): the tie goes to the most
    # common code page of Western news copy, so the choice does not depend on list order.
    best = matches[0]
    tied = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    encoding = next((e for e in TIE_ORDER if e in tied), best.encoding)
    return None if encoding in ("utf_8", "ascii") else encoding


def strip_controls(text: str) -> tuple[str, int]:
    """The text without control characters, and how many were removed."""
    if CONTROL.search(text) is None:
        return text, 0
    cleaned, n = CONTROL.subn("", text)
    return cleaned, n


def has_lone_surrogate(s: str) -> bool:
    """Whether a string holds a surrogate no UTF-8 file can store (a JSON "\\ud800" escape)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
