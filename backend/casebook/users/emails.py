"""The one normal form of an e-mail address: how users are stored, looked up and rate limited."""

from __future__ import annotations

import unicodedata

# The longest address RFC 5321 allows, and the width of the e-mail columns.
MAX_LENGTH = 254


def normalize_email(value: str) -> str:
    """NFKC (fullwidth letters become ASCII, U+3000 a space), no surrounding whitespace or
    invisible format characters, lower case.

    Every lookup by address and every per-address counter goes through this, so that
    `" admin@x"`, `"admin@x\\u3000"` and fullwidth `admin@x` are one address and share one limit.
    """
    folded = unicodedata.normalize("NFKC", value)
    start, end = 0, len(folded)
    while start < end and _blank(folded[start]):
        start += 1
    while end > start and _blank(folded[end - 1]):
        end -= 1
    return folded[start:end].lower()


def _blank(char: str) -> bool:
    # isspace() covers the Unicode spaces; Cf covers zero-width ones (U+200B, U+FEFF).
    return char.isspace() or unicodedata.category(char) == "Cf"
