"""A case's clocks and status timeline as stored: read under their locks, written back, and the
case's `sla_due_at` and threshold timers kept in step with them.

Only the SLA engine and its timers write here, inside their unit of work (casebook.work): a
clock's row, its next threshold's job and the case's `sla_due_at` commit together. `sla_due_at`
is written with one raw UPDATE (never Case.save), so the case's `updated_at` stays the users'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise import connections

from casebook.background import jobs
from casebook.sla import timeline
from casebook.sla.calendar import Calendar
from casebook.sla.models import ClockState, SlaClock, SlaSegment, TargetKind
from casebook.sla.timeline import ClockView
from casebook.sql import Sql, utc

DUE = "sla.due"
"""The job kind of a clock's next threshold (handled by casebook.sla.timers)."""


@dataclass
class Stored:
    """A clock row as read: its id and policy beside the view the transitions work on."""

    id: int
    policy_id: int | None
    view: ClockView
    next_fire_at: datetime | None


async def current(case_id: int, *, lock: bool = True) -> dict[TargetKind, Stored]:
    """The latest cycle of each target kind of the case, read under the rows' locks (PostgreSQL)."""
    query = SlaClock.filter(case_id=case_id).order_by("kind", "-cycle")
    rows = await (query.select_for_update() if lock else query)
    latest: dict[TargetKind, Stored] = {}
    for row in rows:
        kind = TargetKind(row.kind)
        if kind not in latest:
            latest[kind] = _stored(row)
    return latest


async def by_id(clock_id: int, *, lock: bool = True) -> tuple[int, Stored] | None:
    """(case id, clock) of one clock row, under its lock."""
    query = SlaClock.filter(id=clock_id)
    row = await (query.select_for_update() if lock else query).first()
    return (int(row.case_id), _stored(row)) if row is not None else None  # type: ignore[attr-defined]


def _stored(row: SlaClock) -> Stored:
    return Stored(
        id=int(row.id),
        policy_id=row.policy_id,  # type: ignore[attr-defined]
        view=ClockView.of(row),
        next_fire_at=utc(row.next_fire_at),
    )


async def insert(case_id: int, policy_id: int | None, view: ClockView) -> Stored:
    row = await SlaClock.create(case_id=case_id, policy_id=policy_id, **view.columns())
    return Stored(id=int(row.id), policy_id=policy_id, view=view, next_fire_at=None)


async def save(clock: Stored, view: ClockView, *, policy_id: int | None = None) -> Stored:
    """Writes the clock's new state (and policy when given); returns it."""
    changes = view.columns()
    if policy_id is not None:
        changes["policy_id"] = policy_id
    await SlaClock.filter(id=clock.id).update(**changes)
    return Stored(
        id=clock.id,
        policy_id=policy_id if policy_id is not None else clock.policy_id,
        view=view,
        next_fire_at=clock.next_fire_at,
    )


async def schedule(clock: Stored, calendar: Calendar | None, percents: Iterable[int]) -> Stored:
    """Sets the clock's next threshold instant and queues its job, keyed by (clock, instant): the
    same instant is queued once however often the clock is recomputed, and a job whose instant
    is no longer the clock's finds that out under the row's lock and does nothing."""
    upcoming = timeline.next_threshold(clock.view, calendar, percents)
    fire_at = upcoming[1] if upcoming is not None else None
    if fire_at != clock.next_fire_at:
        await SlaClock.filter(id=clock.id).update(next_fire_at=fire_at)
    if fire_at is not None:
        await jobs.enqueue(
            DUE,
            {"clock_id": clock.id, "at": stamp(fire_at)},
            key=f"{DUE}:{clock.id}:{stamp(fire_at)}",
            run_at=fire_at,
        )
    return Stored(id=clock.id, policy_id=clock.policy_id, view=clock.view, next_fire_at=fire_at)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def refresh_due(case_id: int) -> None:
    """cases.sla_due_at = the earliest due_at of the case's RUNNING clocks (null when none)."""
    sql = Sql()
    await connections.get("default").execute_query(
        "UPDATE cases SET sla_due_at = (SELECT MIN(due_at) FROM sla_clocks "
        f"WHERE case_id = {sql.p(case_id)} AND state = '{ClockState.RUNNING.value}') "
        f"WHERE id = {sql.p(case_id)}",
        sql.params,
    )


# --- the status timeline ------------------------------------------------------------------------


async def segment_of(event_id: int) -> bool:
    """Whether an event already began a segment (it is being read again)."""
    return await SlaSegment.filter(event_id=event_id).exists()


async def open_segment(case_id: int) -> SlaSegment | None:
    return await SlaSegment.filter(case_id=case_id, ends_at__isnull=True).order_by("-id").first()


async def begin_segment(case_id: int, state: str, at: datetime, event_id: int | None) -> None:
    """Ends the open segment at `at` and begins `state` there; nothing when the state is the same."""
    current_ = await open_segment(case_id)
    if current_ is not None:
        if current_.state == state:
            return
        await SlaSegment.filter(id=current_.id).update(ends_at=at)
    await SlaSegment.create(case_id=case_id, state=state, starts_at=at, ends_at=None, event_id=event_id)


async def segments(case_id: int, *, limit: int = timeline.SEGMENT_LIMIT) -> list[dict[str, Any]]:
    """The case's latest stored segments, oldest first."""
    rows = (
        await SlaSegment.filter(case_id=case_id)
        .order_by("-starts_at", "-id")
        .limit(limit)
        .values("state", "starts_at", "ends_at")
    )
    return list(reversed(rows))
