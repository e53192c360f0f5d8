"""The status state machine of a case (SPEC.md §2)."""

from __future__ import annotations

from casebook.auth.actor import Actor
from casebook.enums import CaseStatus as S

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
