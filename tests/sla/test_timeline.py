"""The clock's arithmetic without a database (casebook.sla.timeline): worked transitions, and
hypothesis properties over random calendars, holidays and running/paused histories — across DST
changes, paused holiday weekends, a new target keeping the minutes spent, and against a
minute-by-minute reference that only asks the wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_calendar import (
    CHANGES,
    EIGHT_TO_FIVE,
    WITH_LUNCH,
    calendars,
    in_hours_by_the_wall_clock,
    instants,
    local,
    utc,
    wall_checkable,
    weekdays,
)

from casebook.sla import timeline
from casebook.sla.calendar import Calendar, HolidaySet, add_business_minutes, business_minutes_between
from casebook.sla.models import ClockState, TargetKind
from casebook.sla.timeline import ClockView

R = TargetKind.RESOLUTION
PRAGUE = Calendar("Europe/Prague", weekdays(WITH_LUNCH))


def test_a_pause_over_a_weekend_adds_nothing_and_the_deadline_moves_by_the_pause() -> None:
    start = local("Europe/Prague", 2026, 3, 27, 15)  # Friday 15:00, summer time from Sunday
    clock = timeline.start(R, 1, 180, PRAGUE, start)
    assert clock.due_at == utc(2026, 3, 30, 7)  # 2 h on Friday, Monday 09:00 CEST
    paused = timeline.pause(clock, PRAGUE, local("Europe/Prague", 2026, 3, 27, 16))
    assert (paused.state, paused.used_minutes, paused.due_at) == (ClockState.PAUSED, 60, None)
    assert paused.paused_since == utc(2026, 3, 27, 15)
    assert timeline.used(paused, PRAGUE, utc(2026, 4, 2)) == 60
    resumed = timeline.resume(paused, PRAGUE, local("Europe/Prague", 2026, 3, 30, 10))
    assert resumed.due_at == utc(2026, 3, 30, 10)  # two hours left: 10:00-12:00 CEST
    assert timeline.minutes_left(resumed, PRAGUE, utc(2026, 3, 30, 9)) == 60
    assert timeline.minutes_left(resumed, PRAGUE, utc(2026, 3, 30, 12)) == -60  # 13:00-14:00


def test_thresholds_fire_in_order_and_the_breach_sets_breached_at() -> None:
    start = local("Europe/Prague", 2026, 3, 30, 8)
    clock = timeline.start(R, 1, 100, PRAGUE, start)
    assert timeline.threshold_at(clock, PRAGUE, 75) == start + timedelta(minutes=75)
    assert timeline.next_threshold(clock, PRAGUE, [90, 75]) == (75, start + timedelta(minutes=75))
    now = start + timedelta(minutes=95)
    assert timeline.due_thresholds(clock, PRAGUE, [75, 90], now) == [75, 90]
    warned = timeline.fire(clock, [75, 90], now)
    assert warned.fired == (75, 90) and warned.breached_at is None
    assert timeline.next_threshold(warned, PRAGUE, [75, 90]) == (100, start + timedelta(minutes=100))
    breached = timeline.fire(warned, [100], start + timedelta(minutes=130))
    assert breached.breached_at == clock.due_at  # the instant it was due, not when the job ran
    assert timeline.next_threshold(breached, PRAGUE, [75, 90]) is None
    assert timeline.due_thresholds(breached, PRAGUE, [75, 90], now + timedelta(days=3)) == []


def test_a_met_or_stopped_clock_is_frozen() -> None:
    start = local("Europe/Prague", 2026, 3, 30, 8)
    clock = timeline.start(R, 1, 100, PRAGUE, start)
    met = timeline.meet(clock, PRAGUE, start + timedelta(minutes=30))
    assert (met.state, met.met_at, met.used_minutes, met.due_at) == (
        ClockState.MET,
        start + timedelta(minutes=30),
        30,
        None,
    )
    assert timeline.used(met, PRAGUE, start + timedelta(days=5)) == 30
    assert timeline.threshold_at(met, PRAGUE, 75) is None
    assert timeline.resume(met, PRAGUE, start + timedelta(hours=1)) == met
    assert timeline.retarget(met, PRAGUE, start + timedelta(hours=1), 10, new_calendar=PRAGUE) == met
    stopped = timeline.stop(timeline.pause(clock, PRAGUE, start + timedelta(minutes=10)), PRAGUE, start)
    assert (stopped.state, stopped.used_minutes) == (ClockState.STOPPED, 10)


def test_a_clock_started_paused_counts_nothing_until_resumed() -> None:
    start = local("Europe/Prague", 2026, 3, 30, 8)
    clock = timeline.start(R, 1, 60, PRAGUE, start, paused=True)
    assert (clock.state, clock.due_at, clock.paused_since) == (ClockState.PAUSED, None, start)
    resumed = timeline.resume(clock, PRAGUE, start + timedelta(hours=2))
    assert resumed.due_at == start + timedelta(hours=3)


def test_a_shorter_target_already_passed_is_due_at_once() -> None:
    start = local("Europe/Prague", 2026, 3, 30, 8)
    clock = timeline.start(R, 1, 240, PRAGUE, start)
    now = start + timedelta(minutes=90)
    shorter = timeline.retarget(clock, PRAGUE, now, 60, new_calendar=PRAGUE)
    assert shorter.used_minutes == 90 and shorter.due_at == now
    assert timeline.due_thresholds(shorter, PRAGUE, [75, 90], now) == [75, 90, 100]
    assert timeline.minutes_left(shorter, PRAGUE, now) == -30


def test_no_calendar_counts_around_the_clock() -> None:
    start = utc(2026, 3, 28, 23)
    clock = timeline.start(R, 1, 120, None, start)
    assert clock.due_at == utc(2026, 3, 29, 1)
    assert timeline.used(clock, None, utc(2026, 3, 29)) == 60


def test_of_reads_a_row_as_either_dialect_returns_it() -> None:
    row = {
        "kind": "FIRST_RESPONSE",
        "cycle": 1,
        "target_minutes": 60,
        "state": "RUNNING",
        "started_at": "2026-03-30 06:00:00",
        "since": "2026-03-30 06:00:00+00:00",
        "used_minutes": None,
        "due_at": datetime(2026, 3, 30, 7, tzinfo=UTC),
        "paused_since": None,
        "met_at": None,
        "breached_at": None,
        "fired": "[90, 75]",
    }
    clock = ClockView.of(row)
    assert clock.kind is TargetKind.FIRST_RESPONSE and clock.started_at == utc(2026, 3, 30, 6)
    assert clock.fired == (75, 90) and clock.used_minutes == 0
    assert ClockView.of({**clock.columns()}) == clock


def test_the_timeline_cuts_outside_hours_out_of_running_segments() -> None:
    friday, monday = local("Europe/Prague", 2026, 3, 27, 11), local("Europe/Prague", 2026, 3, 30, 7)
    rows = [
        {"state": "running", "starts_at": friday, "ends_at": friday + timedelta(hours=3)},
        ("paused:PENDING", friday + timedelta(hours=3), monday),
        ("running", monday, None),
    ]
    got = timeline.segments(rows, PRAGUE, until=local("Europe/Prague", 2026, 3, 30, 12, 30))
    assert [(s.kind, s.status, s.starts_at, s.ends_at) for s in got] == [
        ("RUNNING", None, utc(2026, 3, 27, 10), utc(2026, 3, 27, 11)),  # 11:00-12:00 CET
        ("OUTSIDE_HOURS", None, utc(2026, 3, 27, 11), utc(2026, 3, 27, 12)),  # lunch
        ("RUNNING", None, utc(2026, 3, 27, 12), utc(2026, 3, 27, 13)),
        ("PAUSED", "PENDING", utc(2026, 3, 27, 13), utc(2026, 3, 30, 5)),
        ("OUTSIDE_HOURS", None, utc(2026, 3, 30, 5), utc(2026, 3, 30, 6)),  # 07:00-08:00 CEST
        ("RUNNING", None, utc(2026, 3, 30, 6), utc(2026, 3, 30, 10)),
        ("OUTSIDE_HOURS", None, utc(2026, 3, 30, 10), None),  # lunch, still going
    ]
    assert len(timeline.segments(rows, PRAGUE, until=monday, limit=2)) == 2
    assert [s.kind for s in timeline.segments(rows, None, until=monday)] == ["RUNNING", "PAUSED", "RUNNING"]


# --- Properties.

PROPERTIES = settings(max_examples=80, deadline=None)
targets = st.integers(1, 6_000)


@PROPERTIES
@given(
    st.sampled_from(["Europe/Prague", "America/New_York"]).flatmap(lambda zone: calendars(zones=[zone])),
    st.sampled_from(CHANGES),
    st.timedeltas(timedelta(minutes=1), timedelta(hours=6)),
    targets,
)
def test_a_target_started_just_before_a_dst_change_ends_that_many_business_minutes_later(
    calendar: Calendar, change: datetime, before: timedelta, target: int
) -> None:
    start = change - before
    clock = timeline.start(TargetKind.FIRST_RESPONSE, 1, target, calendar, start)
    assert clock.due_at is not None
    assert business_minutes_between(calendar, start, clock.due_at) == pytest.approx(target, abs=1e-6)
    assert timeline.minutes_left(clock, calendar, clock.due_at) == pytest.approx(0, abs=1e-6)
    assert timeline.threshold_at(clock, calendar, 100) == clock.due_at


@PROPERTIES
@given(
    st.sampled_from(["Europe/Prague", "America/New_York"]),
    st.dates(date(2025, 1, 1), date(2028, 6, 1)),
    st.integers(0, 4),
    st.integers(1, 600),
    st.integers(1, 3),
)
def test_a_case_paused_across_a_holiday_weekend_accrues_nothing(
    zone: str, day: date, off_friday: int, target: int, days_off: int
) -> None:
    friday = day + timedelta(days=(4 - day.weekday()) % 7)
    # Monday (and maybe Tuesday and Wednesday) are holidays, Friday maybe too.
    holidays = [friday + timedelta(days=3 + n) for n in range(days_off)]
    if off_friday == 0:
        holidays.append(friday)
    calendar = Calendar(zone, weekdays(EIGHT_TO_FIVE), HolidaySet.of(holidays))
    paused_at = datetime.combine(friday, time(11), calendar.zone)
    start = paused_at - timedelta(minutes=target // 2)
    clock = timeline.start(R, 1, target, calendar, start)
    before = timeline.used(clock, calendar, paused_at)
    paused = timeline.pause(clock, calendar, paused_at)
    back = datetime.combine(friday + timedelta(days=3 + days_off), time(9), calendar.zone)
    assert timeline.used(paused, calendar, back) == before
    resumed = timeline.resume(paused, calendar, back)
    assert resumed.used_minutes == before
    if before < target:
        assert resumed.due_at == add_business_minutes(calendar, back, target - before)
    assert timeline.used(resumed, calendar, back) == before


# A status history: alternating running and paused stretches of whole minutes.
histories = st.lists(st.tuples(st.booleans(), st.integers(1, 3 * 24 * 60)), min_size=1, max_size=8)


def play(
    calendar: Calendar | None, start: datetime, target: int, history: list[tuple[bool, int]]
) -> tuple[ClockView, datetime, list[tuple[datetime, datetime]]]:
    """The clock through the history; returns it, the end, and the running stretches."""
    clock = timeline.start(R, 1, target, calendar, start, paused=not history[0][0])
    moment, running = start, []
    for n, (runs, length) in enumerate(history):
        if n:
            change = timeline.resume if runs else timeline.pause
            clock = change(clock, calendar, moment)
        if runs:
            running.append((moment, moment + timedelta(minutes=length)))
        moment += timedelta(minutes=length)
    return clock, moment, running


@PROPERTIES
@given(calendars(), instants, targets, targets, histories)
def test_a_new_target_after_a_priority_change_uses_only_the_business_time_spent(
    calendar: Calendar, start: datetime, target: int, new_target: int, history: list[tuple[bool, int]]
) -> None:
    clock, now, running = play(calendar, start, target, history)
    spent = sum(business_minutes_between(calendar, a, b) for a, b in running)
    changed = timeline.retarget(clock, calendar, now, new_target, new_calendar=calendar)
    assert changed.used_minutes == pytest.approx(spent, abs=1e-6)
    assert changed.target_minutes == new_target and changed.started_at == start
    if changed.state is ClockState.RUNNING and spent < new_target:
        assert changed.due_at == add_business_minutes(calendar, now, new_target - changed.used_minutes)
        assert timeline.minutes_left(changed, calendar, changed.due_at) == pytest.approx(0, abs=1e-6)
    # Whatever the history, creation time plus the new target is not the answer unless nothing paused.
    assert timeline.minutes_left(changed, calendar, now) == pytest.approx(new_target - spent, abs=1e-6)


@PROPERTIES
@given(calendars(), instants, targets, histories)
def test_the_timeline_runs_exactly_the_minutes_the_clock_used(
    calendar: Calendar, start: datetime, target: int, history: list[tuple[bool, int]]
) -> None:
    clock, now, _ = play(calendar, start, target, history)
    rows: list[tuple[str, datetime, datetime | None]] = []
    moment = start
    for runs, length in history:
        rows.append(("running" if runs else "paused:ON_HOLD", moment, moment + timedelta(minutes=length)))
        moment += timedelta(minutes=length)
    pieces = timeline.segments(rows, calendar, until=now, limit=0)
    run_minutes = sum(
        (s.ends_at - s.starts_at) / timedelta(minutes=1) for s in pieces if s.kind == "RUNNING" and s.ends_at
    )
    assert run_minutes == pytest.approx(timeline.used(clock, calendar, now), abs=1e-6)
    for a, b in pairwise(pieces):
        assert a.ends_at == b.starts_at  # contiguous: nothing lost, nothing counted twice


@settings(max_examples=60, deadline=None)
@given(
    wall_checkable,
    instants.map(lambda i: i.replace(second=0, microsecond=0)),
    st.integers(1, 240),
    st.lists(st.tuples(st.booleans(), st.integers(1, 600)), min_size=1, max_size=6),
)
def test_deadlines_agree_with_a_minute_by_minute_reference_over_status_histories(
    calendar: Calendar, start: datetime, target: int, history: list[tuple[bool, int]]
) -> None:
    history = [*history, (True, 0)]  # the clock runs at the end, whatever came before
    clock, now, running = play(calendar, start, target, history)
    assert clock.state is ClockState.RUNNING

    def counts(minute: datetime) -> bool:
        return any(a <= minute < b for a, b in running) and in_hours_by_the_wall_clock(calendar, minute)

    counted, moment = 0, start
    while moment < now:
        counted += counts(moment)
        moment += timedelta(minutes=1)
    assert timeline.used(clock, calendar, now) == counted
    assume(counted < target)
    limit = now + timedelta(days=10)
    while counted < target:
        assume(moment < limit)  # too sparse a calendar for the reference's budget
        counted += in_hours_by_the_wall_clock(calendar, moment)
        moment += timedelta(minutes=1)
    assert clock.due_at == moment
    assert timeline.threshold_at(clock, calendar, 100) == moment
