"""A case's SLA as staff read it (`Case.sla`): for a page of cases, the latest cycle of each target,
the badge, the next due instant and the warning instant, with a constant number of queries — one
for the clocks of every case of the page, one for their timelines only when `timeline` is selected
(the per-request loaders batch them, casebook.graphql.loaders). The policies and calendars come
from the cached configuration (casebook.sla.config), not from a query per case.

Who may read it is casebook.visibility's question (`sees_sla`); this only reads.

Every number is as of `now`, the read: `businessMinutesLeft` is rounded down and negative once
breached, and a timeline's open segment runs until `now`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypedDict

from casebook.errors import InputError
from casebook.sla import config, timeline
from casebook.sla.calendar import Calendar
from casebook.sla.models import ClockState
from casebook.sla.timeline import ClockView
from casebook.sql import Sql, utc


class Badge(StrEnum):
    RUNNING = "RUNNING"
    WARNING = "WARNING"
    BREACHED = "BREACHED"
    PAUSED = "PAUSED"
    MET = "MET"


class SegmentKind(StrEnum):
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    OUTSIDE_HOURS = "OUTSIDE_HOURS"
    STOPPED = "STOPPED"


class SlaTargetRow(TypedDict):
    kind: str
    cycle: int
    target_minutes: int
    state: str
    started_at: datetime
    due_at: datetime | None
    breached_at: datetime | None
    paused_since: datetime | None
    met_at: datetime | None
    business_minutes_left: int
    warnings_at: list[datetime]


class SlaSegmentRow(TypedDict):
    kind: str
    status: str | None
    starts_at: datetime
    ends_at: datetime | None


class CaseSlaRow(TypedDict):
    case_id: int
    policy_id: int | None
    badge: str
    next_due_at: datetime | None
    warning_at: datetime | None
    targets: list[SlaTargetRow]
    # For the timeline, cut on the same calendar and up to the same instant as the targets.
    calendar: Calendar | None
    read_at: datetime


CLOCK_COLUMNS = (
    "case_id, kind, cycle, policy_id, target_minutes, state, started_at, since, used_minutes, due_at, "
    "paused_since, met_at, breached_at, fired"
)
_KIND_ORDER = {"FIRST_RESPONSE": 0, "NEXT_RESPONSE": 1, "RESOLUTION": 2}


WITHIN_MAX = 525_600
"""The widest "Breaching soon" window, in minutes: a year."""


def due_before(within_minutes: int, *, now: datetime | None = None) -> datetime:
    """The slaDue filter's bound: due at or before now + N minutes (breached ones are before now)."""
    if not 0 <= within_minutes <= WITHIN_MAX:
        raise InputError(
            "slaDue.withinMinutes", f"withinMinutes is 0 to {WITHIN_MAX} (a year), not {within_minutes}."
        )
    return (now or datetime.now(UTC)) + timedelta(minutes=within_minutes)


async def rules_of(
    policy_id: int | None,
) -> tuple[config.PolicySpec | None, Calendar | None, tuple[int, ...]]:
    """A clock's policy (None when it has none or it was deleted), calendar and warning percents.

    The one place this module asks the SLA configuration (cached per process, casebook.sla.config).
    """
    policy = await config.by_id(policy_id)
    return policy, await config.calendar_for(policy), config.percents_for(policy)


async def latest_clocks(case_ids: Sequence[int]) -> dict[int, list[tuple[int | None, ClockView]]]:
    """(policy id, clock) of the latest cycle of each target kind, per case, in one query."""
    if not case_ids:
        return {}
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT {CLOCK_COLUMNS} FROM (SELECT {CLOCK_COLUMNS}, ROW_NUMBER() OVER "
        "(PARTITION BY case_id, kind ORDER BY cycle DESC) AS latest FROM sla_clocks "
        f"WHERE case_id {sql.in_(list(case_ids), 'int')}) clocks WHERE latest = 1"
    )
    found: dict[int, list[tuple[int | None, ClockView]]] = {}
    for row in rows:
        found.setdefault(int(row["case_id"]), []).append((row["policy_id"], ClockView.of(row)))
    for clocks in found.values():
        clocks.sort(key=lambda c: _KIND_ORDER.get(c[1].kind.value, 9))
    return found


async def sla_by_case(case_ids: Sequence[int], *, now: datetime | None = None) -> list[CaseSlaRow | None]:
    """Each case's SLA as of `now`; None for a case without clocks."""
    now = now or datetime.now(UTC)
    found = await latest_clocks(case_ids)
    rules: dict[int | None, tuple[config.PolicySpec | None, Calendar | None, tuple[int, ...]]] = {}
    for clocks in found.values():
        for policy_id, _ in clocks:
            if policy_id not in rules:
                rules[policy_id] = await rules_of(policy_id)
    return [
        case_sla(case_id, found[case_id], rules, now) if case_id in found else None for case_id in case_ids
    ]


def case_sla(
    case_id: int,
    clocks: list[tuple[int | None, ClockView]],
    rules: dict[int | None, tuple[config.PolicySpec | None, Calendar | None, tuple[int, ...]]],
    now: datetime,
) -> CaseSlaRow:
    targets: list[SlaTargetRow] = []
    breached = warning = running = paused = False
    next_due: tuple[datetime, list[datetime]] | None = None
    for policy_id, clock in clocks:
        _, calendar, percents = rules[policy_id]
        left = timeline.minutes_left(clock, calendar, now)
        warnings = _warnings_at(clock, calendar, percents)
        targets.append(
            {
                "kind": clock.kind.value,
                "cycle": clock.cycle,
                "target_minutes": clock.target_minutes,
                "state": clock.state.value,
                "started_at": clock.started_at,
                "due_at": clock.due_at,
                "breached_at": clock.breached_at,
                "paused_since": clock.paused_since,
                "met_at": clock.met_at,
                "business_minutes_left": math.floor(left),
                "warnings_at": warnings,
            }
        )
        if not clock.open:
            continue
        overdue = clock.due_at is not None and clock.due_at <= now
        if clock.breached_at is not None or overdue or left <= 0:
            breached = True
        if clock.state is ClockState.RUNNING:
            running = True
            if warnings and warnings[0] <= now:
                warning = True
            if clock.due_at is not None and (next_due is None or clock.due_at < next_due[0]):
                next_due = (clock.due_at, warnings)
        else:
            paused = True
    if breached:
        badge = Badge.BREACHED
    elif warning:
        badge = Badge.WARNING
    elif running:
        badge = Badge.RUNNING
    elif paused:
        badge = Badge.PAUSED
    else:
        badge = Badge.MET
    policy_id = next((p for p, c in clocks if c.open), clocks[0][0] if clocks else None)
    policy, calendar, _ = rules[policy_id]
    return {
        "case_id": case_id,
        "policy_id": policy.id if policy is not None else None,
        "badge": badge.value,
        "next_due_at": next_due[0] if next_due is not None else None,
        "warning_at": _warning_at(next_due[1], now) if next_due is not None else None,
        "targets": targets,
        "calendar": calendar,
        "read_at": now,
    }


def _warnings_at(clock: ClockView, calendar: Calendar | None, percents: Sequence[int]) -> list[datetime]:
    """The instants of the policy's warning thresholds while the clock runs (the breach is dueAt)."""
    if clock.state is not ClockState.RUNNING:
        return []
    return [
        at
        for percent in timeline.thresholds(percents)
        if percent < timeline.BREACH and (at := timeline.threshold_at(clock, calendar, percent)) is not None
    ]


def _warning_at(warnings: list[datetime], now: datetime) -> datetime | None:
    """The first warning instant not yet passed; when all have passed, the latest of them."""
    upcoming = [at for at in warnings if at > now]
    if upcoming:
        return upcoming[0]
    return warnings[-1] if warnings else None


# --- the timeline -------------------------------------------------------------------------------


async def segments_by_case(case_ids: Sequence[int]) -> list[list[dict[str, Any]]]:
    """Each case's latest stored status segments (at most SEGMENT_LIMIT), oldest first, in one query."""
    if not case_ids:
        return []
    sql = Sql()
    rows = await sql.fetch(
        "SELECT case_id, state, starts_at, ends_at FROM (SELECT case_id, state, starts_at, ends_at, id, "
        "ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY starts_at DESC, id DESC) AS n FROM sla_segments "
        f"WHERE case_id {sql.in_(list(case_ids), 'int')}) s WHERE n <= {timeline.SEGMENT_LIMIT} "
        "ORDER BY case_id, starts_at, id"
    )
    by_case: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_case.setdefault(int(row["case_id"]), []).append(
            {"state": row["state"], "starts_at": utc(row["starts_at"]), "ends_at": utc(row["ends_at"])}
        )
    return [by_case.get(i, []) for i in case_ids]


def timeline_of(sla: CaseSlaRow, stored: list[dict[str, Any]]) -> list[SlaSegmentRow]:
    """The case's timeline: outside hours cut out of the running stretches, the latest 200."""
    return [
        {"kind": s.kind, "status": s.status, "starts_at": s.starts_at, "ends_at": s.ends_at}
        for s in timeline.segments(stored, sla["calendar"], sla["read_at"])
    ]
