"""The status state machine and input limits of a case (SPEC.md §2)."""

from __future__ import annotations

from collections.abc import Iterable

from casebook.auth.actor import Actor
from casebook.enums import CaseStatus as S
from casebook.errors import InputError

TRANSITIONS: dict[S, frozenset[S]] = {
    S.NEW: frozenset({S.ASSIGNED, S.PENDING, S.ON_HOLD, S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE}),
    S.ASSIGNED: frozenset({S.NEW, S.PENDING, S.ON_HOLD, S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE}),
    S.PENDING: frozenset({S.NEW, S.ASSIGNED, S.ON_HOLD, S.RESOLVED, S.CLOSED, S.REJECTED}),
    S.ON_HOLD: frozenset({S.NEW, S.ASSIGNED, S.PENDING, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.NEW, S.ASSIGNED, S.CLOSED}),
    S.CLOSED: frozenset({S.NEW, S.ASSIGNED}),
    S.REJECTED: frozenset({S.NEW, S.CLOSED}),
    S.DUPLICATE: frozenset({S.NEW, S.CLOSED}),
}
# A customer may only mark their own open case as solved.
CUSTOMER_TRANSITIONS: dict[S, frozenset[S]] = {
    s: frozenset({S.RESOLVED}) for s in (S.NEW, S.ASSIGNED, S.PENDING, S.ON_HOLD)
}


def allowed_statuses(actor: Actor, current: S) -> list[S]:
    table = CUSTOMER_TRANSITIONS if actor.is_customer else TRANSITIONS
    return sorted(table.get(current, frozenset()), key=list(S).index)


def reopened_status(assignee_id: int | None) -> S:
    return S.ASSIGNED if assignee_id is not None else S.NEW


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
TAGS_MAX = 50  # tags on one case


def tags(values: Iterable[str] | None) -> list[str]:
    """Trimmed, without blanks or repeats, sorted; every path that sets a case's tags goes here."""
    clean = sorted({t.strip() for t in values or () if t.strip()})
    if any(len(t) > TAG_MAX for t in clean):
        raise InputError("tags", f"A tag is at most {TAG_MAX} characters.")
    if len(clean) > TAGS_MAX:
        raise InputError("tags", f"A case has at most {TAGS_MAX} tags, not {len(clean)}.")
    return clean
