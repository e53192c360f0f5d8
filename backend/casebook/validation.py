"""Input rules every domain shares: trimmed, bounded text and tag lists, with the field named in
the error so a form can show it beside the input."""

from __future__ import annotations

from collections.abc import Iterable

from casebook.errors import InputError


def text(field: str, value: str | None, limit: int, *, required: bool = False) -> str | None:
    """Trims, enforces the length limit and presence; names the field in the error."""
    if value is None:
        if required:
            raise InputError(field, f"{field} is required.")
        return None
    value = value.strip()
    if required and not value:
        raise InputError(field, f"{field} must not be empty.")
    if len(value) > limit:
        raise InputError(field, f"{field} is too long: {len(value)} characters, at most {limit}.")
    return value or None


TAG_MAX = 50  # characters in one tag
TAGS_MAX = 50  # tags on one record


def tags(values: Iterable[str] | None) -> list[str]:
    """Trimmed, without blanks or repeats, sorted; every path that sets tags goes here."""
    clean = sorted({t.strip() for t in values or () if t.strip()})
    if any(len(t) > TAG_MAX for t in clean):
        raise InputError("tags", f"A tag is at most {TAG_MAX} characters.")
    if len(clean) > TAGS_MAX:
        raise InputError("tags", f"A case has at most {TAGS_MAX} tags, not {len(clean)}.")
    return clean
