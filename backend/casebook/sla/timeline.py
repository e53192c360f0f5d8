"""The clock's arithmetic, without a database: one clock's state and its transitions, the business
minutes it has used and has left, the instants of its thresholds, and a case's timeline of segments.

A clock (one target of one case in one cycle) keeps the business minutes it used up to `since`,
the instant its current state began. While RUNNING it spends the calendar's business time from
`since` on, so `used = used_minutes + business_minutes_between(since, now)` and the deadline is
`add_business_minutes(since, target - used_minutes)`. Every transition first books the time spent
so far into `used_minutes` and moves `since` to the transition's instant: a pause adds nothing
while it lasts (PEERS.md §3, "paused clocks that keep ticking"), and a new target after a priority
change starts from the minutes already used, never from the case's creation.

`calendar` None means around the clock (no calendar at all): every minute is a business minute.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import orjson

from casebook.sla.calendar import Calendar, add_business_minutes, business_intervals, business_minutes_between
from casebook.sla.models import ClockState, TargetKind
from casebook.sql import utc

BREACH = 100
"""The breach is the threshold at 100 % of the target; warnings are the policy's percents below it."""

SEGMENT_LIMIT = 200
"""How many of a case's latest segments a timeline shows."""


@dataclass(frozen=True)
class ClockView:
    kind: TargetKind
    cycle: int
    target_minutes: int
    state: ClockState
    started_at: datetime
    since: datetime
    used_minutes: float
    due_at: datetime | None
    paused_since: datetime | None
    met_at: datetime | None
    breached_at: datetime | None
    fired: tuple[int, ...] = ()

    @classmethod
    def of(cls, row: Any) -> ClockView:
        """From an SlaClock row, a dict of its columns, or a raw SQL row (either dialect's times)."""

        def get(name: str) -> Any:
            return row[name] if isinstance(row, Mapping) else getattr(row, name)

        fired = get("fired") or ()
        if isinstance(fired, str | bytes):  # a raw SQL row's JSON text
            fired = orjson.loads(fired)
        return cls(
            kind=TargetKind(get("kind")),
            cycle=int(get("cycle")),
            target_minutes=int(get("target_minutes")),
            state=ClockState(get("state")),
            started_at=_at(get("started_at")),
            since=_at(get("since")),
            used_minutes=float(get("used_minutes") or 0),
            due_at=utc(get("due_at")),
            paused_since=utc(get("paused_since")),
            met_at=utc(get("met_at")),
            breached_at=utc(get("breached_at")),
            fired=tuple(sorted(int(p) for p in fired)),
        )

    @property
    def open(self) -> bool:
        """RUNNING or PAUSED: the clock still counts or may count again."""
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)

    def columns(self) -> dict[str, Any]:
        """The clock's columns as SlaClock stores them."""
        return {
            "kind": self.kind.value,
            "cycle": self.cycle,
            "target_minutes": self.target_minutes,
            "state": self.state.value,
            "started_at": self.started_at,
            "since": self.since,
            "used_minutes": self.used_minutes,
            "due_at": self.due_at,
            "paused_since": self.paused_since,
            "met_at": self.met_at,
            "breached_at": self.breached_at,
            "fired": list(self.fired),
        }


@dataclass(frozen=True)
class Segment:
    kind: str  # RUNNING / PAUSED / OUTSIDE_HOURS / STOPPED
    status: str | None
    starts_at: datetime
    ends_at: datetime | None


# --- business time ------------------------------------------------------------------------------


def _minutes_between(calendar: Calendar | None, start: datetime, end: datetime) -> float:
    if calendar is None:
        return max((end - start) / timedelta(minutes=1), 0.0)
    return business_minutes_between(calendar, start, end)


def _add_minutes(calendar: Calendar | None, start: datetime, minutes: float) -> datetime:
    if calendar is None:
        return start + timedelta(minutes=max(minutes, 0.0))
    return add_business_minutes(calendar, start, max(minutes, 0.0))


def used(clock: ClockView, calendar: Calendar | None, now: datetime) -> float:
    """Business minutes the clock has used by `now`."""
    if clock.state is ClockState.RUNNING and now > clock.since:
        return clock.used_minutes + _minutes_between(calendar, clock.since, now)
    return clock.used_minutes


def minutes_left(clock: ClockView, calendar: Calendar | None, now: datetime) -> float:
    """Business minutes left of the target at `now`; negative when overdue."""
    return clock.target_minutes - used(clock, calendar, now)


def threshold_at(clock: ClockView, calendar: Calendar | None, percent: int) -> datetime | None:
    """The instant a RUNNING clock reaches `percent` % of its target; None unless RUNNING.

    A threshold the clock had already reached when its current run began (at `since`, after a
    pause or a new target) is due at `since`: it has passed and fires at once.
    """
    if clock.state is not ClockState.RUNNING:
        return None
    need = clock.target_minutes * percent / 100 - clock.used_minutes
    return _add_minutes(calendar, clock.since, need) if need > 0 else clock.since


def thresholds(percents: Iterable[int]) -> tuple[int, ...]:
    """The policy's warning percents and the breach, in order, each once."""
    return tuple(sorted({int(p) for p in percents if 0 < int(p) < BREACH} | {BREACH}))


def next_threshold(
    clock: ClockView, calendar: Calendar | None, percents: Iterable[int]
) -> tuple[int, datetime] | None:
    """The lowest threshold not yet fired and its instant, for a RUNNING clock; else None."""
    if clock.state is not ClockState.RUNNING:
        return None
    for percent in thresholds(percents):
        if percent not in clock.fired:
            at = threshold_at(clock, calendar, percent)
            assert at is not None
            return percent, at
    return None


def due_thresholds(
    clock: ClockView, calendar: Calendar | None, percents: Iterable[int], now: datetime
) -> list[int]:
    """Thresholds a RUNNING clock has passed by `now` that have not fired yet, in order."""
    if clock.state is not ClockState.RUNNING:
        return []
    spent = used(clock, calendar, now)
    return [
        percent
        for percent in thresholds(percents)
        if percent not in clock.fired and spent >= clock.target_minutes * percent / 100
    ]


def fire(clock: ClockView, percents: Sequence[int], at: datetime) -> ClockView:
    """The clock with `percents` recorded as fired; the breach also sets `breached_at`."""
    fired = tuple(sorted(set(clock.fired) | set(percents)))
    breached_at = clock.breached_at
    if BREACH in percents and breached_at is None:
        breached_at = clock.due_at if clock.due_at is not None and clock.due_at <= at else at
    return replace(clock, fired=fired, breached_at=breached_at)


# --- transitions --------------------------------------------------------------------------------


def start(
    kind: TargetKind,
    cycle: int,
    target_minutes: int,
    calendar: Calendar | None,
    at: datetime,
    *,
    paused: bool = False,
) -> ClockView:
    """A new clock at `at`, RUNNING, or PAUSED when the case is in a pausing status."""
    clock = ClockView(
        kind=kind,
        cycle=cycle,
        target_minutes=target_minutes,
        state=ClockState.PAUSED if paused else ClockState.RUNNING,
        started_at=at,
        since=at,
        used_minutes=0.0,
        due_at=None,
        paused_since=at if paused else None,
        met_at=None,
        breached_at=None,
    )
    return clock if paused else _with_due(clock, calendar)


def _booked(clock: ClockView, calendar: Calendar | None, at: datetime) -> ClockView:
    """The time spent up to `at` moved into `used_minutes`, `since` moved to `at`."""
    at = max(at, clock.since)
    return replace(clock, used_minutes=used(clock, calendar, at), since=at)


def _with_due(clock: ClockView, calendar: Calendar | None) -> ClockView:
    left = clock.target_minutes - clock.used_minutes
    if left > 0:
        due = _add_minutes(calendar, clock.since, left)
    else:  # overdue already: due when the target was reached, as well as the clock still knows it
        due = clock.breached_at or clock.since
    return replace(clock, due_at=due)


def pause(clock: ClockView, calendar: Calendar | None, at: datetime) -> ClockView:
    if clock.state is not ClockState.RUNNING:
        return clock
    booked = _booked(clock, calendar, at)
    return replace(booked, state=ClockState.PAUSED, paused_since=booked.since, due_at=None)


def resume(clock: ClockView, calendar: Calendar | None, at: datetime) -> ClockView:
    if clock.state is not ClockState.PAUSED:
        return clock
    running = replace(clock, state=ClockState.RUNNING, since=max(at, clock.since), paused_since=None)
    return _with_due(running, calendar)


def meet(clock: ClockView, calendar: Calendar | None, at: datetime) -> ClockView:
    if not clock.open:
        return clock
    booked = _booked(clock, calendar, at)
    return replace(booked, state=ClockState.MET, met_at=booked.since, due_at=None, paused_since=None)


def stop(clock: ClockView, calendar: Calendar | None, at: datetime) -> ClockView:
    if not clock.open:
        return clock
    booked = _booked(clock, calendar, at)
    return replace(booked, state=ClockState.STOPPED, due_at=None, paused_since=None)


def retarget(
    clock: ClockView,
    calendar: Calendar | None,
    at: datetime,
    target_minutes: int,
    *,
    new_calendar: Calendar | None,
) -> ClockView:
    """A new target for an open clock at `at`, keeping the business minutes already used.

    The minutes up to `at` count on the old `calendar`; from `at` on the clock runs on
    `new_calendar` (pass the same one when the calendar did not change). Fired thresholds stay
    fired: a recompute never fires one twice, and one already passed under the new target fires
    at once.
    """
    if not clock.open:
        return clock
    booked = _booked(clock, calendar, at) if clock.state is ClockState.RUNNING else clock
    changed = replace(booked, target_minutes=target_minutes)
    if changed.state is ClockState.RUNNING:
        return _with_due(changed, new_calendar)
    return changed


# --- the timeline -------------------------------------------------------------------------------


def parse_state(state: str) -> tuple[str, str | None]:
    """A stored segment state ("running", "paused:PENDING", "stopped:RESOLVED") as (kind, status)."""
    name, _, status = state.partition(":")
    return name.upper(), status or None


def segments(
    status_segments: Iterable[Any],
    calendar: Calendar | None,
    until: datetime,
    *,
    limit: int = SEGMENT_LIMIT,
) -> list[Segment]:
    """A case's timeline: its stored status segments, with the calendar's outside hours cut out of
    the running ones (as OUTSIDE_HOURS), up to `until` for the open one; the latest `limit`.

    A segment is an SlaSegment row, a dict of its columns, or a (state, starts_at, ends_at) tuple.
    The open segment (no end) stays open: its last piece has no end either.
    """
    out: list[Segment] = []
    for row in status_segments:
        state, starts_at, ends_at = _segment_fields(row)
        kind, status = parse_state(state)
        if kind != "RUNNING" or calendar is None:
            out.append(Segment(kind, status, starts_at, ends_at))
            continue
        out.extend(_cut(calendar, status, starts_at, ends_at, until))
    return out[-limit:] if limit else out


def _cut(
    calendar: Calendar, status: str | None, starts_at: datetime, ends_at: datetime | None, until: datetime
) -> list[Segment]:
    end = ends_at if ends_at is not None else max(until, starts_at)
    pieces: list[Segment] = []
    cursor = starts_at
    for a, b in business_intervals(calendar, starts_at, end):
        if a > cursor:
            pieces.append(Segment("OUTSIDE_HOURS", status, cursor, a))
        pieces.append(Segment("RUNNING", status, a, b))
        cursor = b
    if cursor < end or not pieces:
        pieces.append(Segment("OUTSIDE_HOURS", status, cursor, end))
    if ends_at is None:
        pieces[-1] = replace(pieces[-1], ends_at=None)
    return pieces


def _segment_fields(row: Any) -> tuple[str, datetime, datetime | None]:
    if isinstance(row, tuple):
        state, starts_at, ends_at = row
    elif isinstance(row, Mapping):
        state, starts_at, ends_at = row["state"], row["starts_at"], row.get("ends_at")
    else:
        state, starts_at, ends_at = row.state, row.starts_at, row.ends_at
    return str(state), _at(starts_at), utc(ends_at)


def _at(value: Any) -> datetime:
    moment = utc(value)
    if moment is None:
        raise ValueError("A clock's time is missing.")
    return moment
