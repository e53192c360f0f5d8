"""Business time in a calendar's zone: worked examples across DST and zones, validation, and
hypothesis properties (round trips, order, additivity, and agreement with a minute-by-minute
reference that only asks the wall clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casebook.errors import InputError
from casebook.sla.calendar import (
    END_OF_DAY,
    Calendar,
    HolidaySet,
    add_business_minutes,
    business_intervals,
    business_minutes_between,
)

NINE_TO_FIVE = [(time(9), time(17))]
EIGHT_TO_FIVE = [(time(8), time(17))]
WITH_LUNCH = [(time(8), time(12)), (time(13), time(17))]
ALL_DAY = [(time(0), END_OF_DAY)]


def weekdays(hours: list[tuple[time, time]]) -> dict[int, list[tuple[time, time]]]:
    return {day: hours for day in range(1, 6)}


def every_day(hours: list[tuple[time, time]]) -> dict[int, list[tuple[time, time]]]:
    return {day: hours for day in range(1, 8)}


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def minutes(span: timedelta) -> float:
    return span / timedelta(minutes=1)


# --- Europe/Prague: spring forward on Sunday 2026-03-29 (02:00 CET -> 03:00 CEST), fall back on
# Sunday 2026-10-25 (03:00 CEST -> 02:00 CET).


def test_prague_working_day_is_nine_hours_on_both_sides_of_spring_forward() -> None:
    prague = Calendar("Europe/Prague", weekdays(EIGHT_TO_FIVE))
    friday = business_minutes_between(
        prague, local("Europe/Prague", 2026, 3, 27), local("Europe/Prague", 2026, 3, 28)
    )
    monday = business_minutes_between(
        prague, local("Europe/Prague", 2026, 3, 30), local("Europe/Prague", 2026, 3, 31)
    )
    assert friday == monday == 540
    assert list(business_intervals(prague, utc(2026, 3, 30), utc(2026, 3, 31))) == [
        (utc(2026, 3, 30, 6), utc(2026, 3, 30, 15))  # 08:00-17:00 CEST
    ]


def test_prague_friday_afternoon_target_lands_on_monday_in_summer_time() -> None:
    prague = Calendar("Europe/Prague", weekdays(EIGHT_TO_FIVE))
    due = add_business_minutes(prague, local("Europe/Prague", 2026, 3, 27, 16), 120)
    assert due == utc(2026, 3, 30, 7)  # Monday 09:00 CEST: one hour on Friday, one on Monday


def test_prague_spring_forward_day_is_23_hours_and_the_clock_runs_in_real_minutes() -> None:
    always = Calendar("Europe/Prague", every_day(ALL_DAY))
    sunday = local("Europe/Prague", 2026, 3, 29)
    assert business_minutes_between(always, sunday, sunday + timedelta(days=1)) == 23 * 60
    start = local("Europe/Prague", 2026, 3, 29, 1, 30)  # 30 minutes before the change
    assert add_business_minutes(always, start, 60) == utc(2026, 3, 29, 1, 30)  # 03:30 CEST


def test_prague_fall_back_day_is_25_hours() -> None:
    always = Calendar("Europe/Prague", every_day(ALL_DAY))
    assert business_minutes_between(always, utc(2026, 10, 24, 22), utc(2026, 10, 25, 23)) == 25 * 60


def test_prague_friday_afternoon_target_lands_on_monday_in_winter_time() -> None:
    prague = Calendar("Europe/Prague", weekdays(EIGHT_TO_FIVE))
    due = add_business_minutes(prague, local("Europe/Prague", 2026, 10, 23, 16), 120)
    assert due == utc(2026, 10, 26, 8)  # Monday 09:00 CET


def test_an_ambiguous_wall_time_takes_its_first_occurrence() -> None:
    night = Calendar("Europe/Prague", {7: [(time(2, 30), time(4))]})
    # 02:30 first happens at 00:30 UTC (CEST); 04:00 CET is 03:00 UTC: 2.5 real hours.
    assert list(business_intervals(night, utc(2026, 10, 24), utc(2026, 10, 26))) == [
        (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3))
    ]


# --- America/New_York: spring forward on 2026-03-08 (02:00 EST -> 03:00 EDT), fall back on
# 2026-11-01 (02:00 EDT -> 01:00 EST).


def test_a_nonexistent_wall_time_rounds_forward_to_the_end_of_the_gap() -> None:
    night = Calendar("America/New_York", {7: [(time(2, 30), time(5))]})
    assert list(business_intervals(night, utc(2026, 3, 7), utc(2026, 3, 9))) == [
        (utc(2026, 3, 8, 7), utc(2026, 3, 8, 9))  # 03:00-05:00 EDT
    ]


def test_an_interval_entirely_inside_the_gap_has_no_business_time() -> None:
    gap = Calendar("America/New_York", {7: [(time(2, 15), time(2, 45))], 1: NINE_TO_FIVE})
    assert business_minutes_between(gap, utc(2026, 3, 7), utc(2026, 3, 9)) == 0
    assert add_business_minutes(gap, utc(2026, 3, 8), 1) == utc(2026, 3, 9, 13, 1)  # Monday 09:01 EDT


def test_new_york_friday_afternoon_target_lands_on_monday_across_both_changes() -> None:
    new_york = Calendar("America/New_York", weekdays(NINE_TO_FIVE))
    assert add_business_minutes(new_york, local("America/New_York", 2026, 3, 6, 16), 120) == utc(
        2026, 3, 9, 14
    )
    assert add_business_minutes(new_york, local("America/New_York", 2026, 10, 30, 16), 120) == utc(
        2026, 11, 2, 15
    )


def test_new_york_fall_back_night_counts_the_repeated_hour_once_inside_an_interval() -> None:
    always = Calendar("America/New_York", every_day(ALL_DAY))
    start = local("America/New_York", 2026, 11, 1, 1, 30)  # first 01:30, EDT
    assert add_business_minutes(always, start, 60) == utc(2026, 11, 1, 6, 30)  # 01:30 again, EST


# --- Asia/Kolkata: +05:30 all year.


def test_kolkata_half_hour_offset() -> None:
    kolkata = Calendar("Asia/Kolkata", weekdays([(time(9), time(18))]))
    start = utc(2026, 6, 1, 3)  # Monday 08:30 IST, before opening
    assert add_business_minutes(kolkata, start, 60) == utc(2026, 6, 1, 4, 30)  # 10:00 IST
    assert list(business_intervals(kolkata, utc(2026, 6, 1), utc(2026, 6, 2))) == [
        (utc(2026, 6, 1, 3, 30), utc(2026, 6, 1, 12, 30))
    ]


# --- Days, holidays, the deadline rule.


def test_friday_evening_start_lands_on_monday() -> None:
    prague = Calendar("Europe/Prague", weekdays(EIGHT_TO_FIVE))
    due = add_business_minutes(prague, local("Europe/Prague", 2026, 6, 5, 19), 30)
    assert due == local("Europe/Prague", 2026, 6, 8, 8, 30)


def test_split_day_skips_the_lunch_gap() -> None:
    prague = Calendar("Europe/Prague", weekdays(WITH_LUNCH))
    monday = local("Europe/Prague", 2026, 6, 8)
    assert business_minutes_between(prague, monday, monday + timedelta(days=1)) == 480
    assert add_business_minutes(prague, monday.replace(hour=11, minute=30), 60) == monday.replace(
        hour=13, minute=30
    )
    assert list(business_intervals(prague, monday.replace(hour=11), monday.replace(hour=14))) == [
        (utc(2026, 6, 8, 9), utc(2026, 6, 8, 10)),
        (utc(2026, 6, 8, 11), utc(2026, 6, 8, 12)),
    ]


def test_the_deadline_is_the_first_instant_the_target_is_reached() -> None:
    prague = Calendar("Europe/Prague", weekdays(WITH_LUNCH))
    monday = local("Europe/Prague", 2026, 6, 8)
    # Used up exactly at 12:00: due then, not when the afternoon opens.
    assert add_business_minutes(prague, monday.replace(hour=11, minute=30), 30) == monday.replace(hour=12)
    # A target of 0 is due at the start, in hours or not.
    saturday = local("Europe/Prague", 2026, 6, 13, 10)
    assert add_business_minutes(prague, saturday, 0) == saturday


def test_recurring_holidays_from_december_24_to_26_every_year() -> None:
    christmas = HolidaySet.of(yearly=[(12, 24), (12, 25), (12, 26)])
    prague = Calendar("Europe/Prague", weekdays(EIGHT_TO_FIVE), christmas)
    # 2025: Tue 23rd 16:00, Wed-Fri off, then the weekend.
    assert add_business_minutes(prague, local("Europe/Prague", 2025, 12, 23, 16), 120) == local(
        "Europe/Prague", 2025, 12, 29, 9
    )
    # 2027: Thu 23rd 16:00, Fri 24th off, the weekend, Mon 27th is a working day again.
    assert add_business_minutes(prague, local("Europe/Prague", 2027, 12, 23, 16), 120) == local(
        "Europe/Prague", 2027, 12, 27, 9
    )
    assert (
        business_minutes_between(
            prague, local("Europe/Prague", 2026, 12, 24), local("Europe/Prague", 2026, 12, 27)
        )
        == 0
    )


def test_a_fixed_holiday_removes_its_local_date_only() -> None:
    new_york = Calendar("America/New_York", weekdays(NINE_TO_FIVE), HolidaySet.of(dates=[date(2026, 7, 3)]))
    assert date(2026, 7, 3) in new_york.holidays and date(2027, 7, 3) not in new_york.holidays
    # Thursday 16:00 EDT + 2 h: Friday the 3rd is off, so Monday 10:00 EDT.
    assert add_business_minutes(new_york, local("America/New_York", 2026, 7, 2, 16), 120) == utc(
        2026, 7, 6, 14
    )


def test_recurring_february_29_is_a_holiday_in_leap_years_only() -> None:
    leap = HolidaySet.of(yearly=[(2, 29)])
    assert date(2028, 2, 29) in leap and date(2027, 3, 1) not in leap and date(2027, 2, 28) not in leap


def test_intervals_to_midnight_join_the_next_day() -> None:
    late = Calendar("UTC", {1: [(time(20), END_OF_DAY)], 2: [(time(0), time(4))]})
    monday = utc(2026, 6, 8)
    assert list(business_intervals(late, monday, monday + timedelta(days=2))) == [
        (utc(2026, 6, 8, 20), utc(2026, 6, 9, 4))
    ]


def test_no_business_time_between_an_end_before_the_start() -> None:
    always = Calendar("UTC", every_day(ALL_DAY))
    assert business_minutes_between(always, utc(2026, 1, 2), utc(2026, 1, 1)) == 0
    assert list(business_intervals(always, utc(2026, 1, 1), utc(2026, 1, 1))) == []


def test_ten_thousand_minutes_walk_days_not_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    prague = Calendar("Europe/Prague", weekdays(WITH_LUNCH))
    days_read = 0
    spans_on = Calendar.spans_on

    def counted(self: Calendar, day: date) -> list[tuple[datetime, datetime]]:
        nonlocal days_read
        days_read += 1
        return spans_on(self, day)

    monkeypatch.setattr(Calendar, "spans_on", counted)
    # 10,000 minutes = 20 working days of 8 h + 6 h 40 min: four weeks, then Monday until 15:40.
    due = add_business_minutes(prague, local("Europe/Prague", 2026, 6, 8, 8), 10_000)
    assert due == local("Europe/Prague", 2026, 7, 6, 15, 40)
    assert days_read <= 31


def test_a_calendar_without_business_time_raises_instead_of_walking_forever() -> None:
    empty = Calendar("UTC", {})
    with pytest.raises(ValueError, match="no business time"):
        add_business_minutes(empty, utc(2026, 1, 1), 1)
    every_date = HolidaySet.of(
        yearly=[(d.month, d.day) for d in (date(2028, 1, 1) + timedelta(n) for n in range(366))]
    )
    with pytest.raises(ValueError, match="no business time"):
        add_business_minutes(Calendar("UTC", every_day(ALL_DAY), every_date), utc(2026, 1, 1), 1)
    # A bounded question has a plain answer, however long the window.
    assert business_minutes_between(empty, utc(2026, 1, 1), utc(2036, 1, 1)) == 0


def test_business_time_after_a_long_holiday_is_still_found() -> None:
    sabbatical = HolidaySet.of(dates=[date(2026, 1, 1) + timedelta(n) for n in range(400)])
    calendar = Calendar("UTC", every_day(ALL_DAY), sabbatical)
    assert add_business_minutes(calendar, utc(2026, 1, 1), 1) == utc(2027, 2, 5, 0, 1)


@pytest.mark.parametrize("minutes", [-1, float("nan"), float("inf")])
def test_a_target_must_be_a_finite_non_negative_number(minutes: float) -> None:
    with pytest.raises(ValueError, match="finite number"):
        add_business_minutes(Calendar("UTC", every_day(ALL_DAY)), utc(2026, 1, 1), minutes)


def test_naive_instants_are_refused() -> None:
    calendar = Calendar("UTC", every_day(ALL_DAY))
    with pytest.raises(ValueError, match="aware"):
        add_business_minutes(calendar, datetime(2026, 1, 1), 1)
    with pytest.raises(ValueError, match="aware"):
        business_intervals(calendar, utc(2026, 1, 1), datetime(2026, 1, 2))


@pytest.mark.parametrize(
    ("time_zone", "week", "holidays", "field", "message"),
    [
        ("Europe/Atlantis", {}, None, "timeZone", "Unknown time zone"),
        ("localtime", {}, None, "timeZone", "Unknown time zone"),
        ("", {}, None, "timeZone", "Unknown time zone"),
        ("UTC", {1: [(time(8), time(12)), (time(11), time(17))]}, None, "week", "overlaps"),
        ("UTC", {1: [(time(8), time(17)), (time(9), time(10))]}, None, "week", "overlaps"),
        ("UTC", {1: [(time(12), time(8))]}, None, "week", "start before it ends"),
        ("UTC", {1: [(time(8), time(8))]}, None, "week", "start before it ends"),
        ("UTC", {1: [(END_OF_DAY, END_OF_DAY)]}, None, "week", "start before it ends"),
        ("UTC", {0: NINE_TO_FIVE}, None, "week", "weekday is 1"),
        ("UTC", {8: NINE_TO_FIVE}, None, "week", "weekday is 1"),
        ("UTC", {1: [(time(8, tzinfo=UTC), time(9, tzinfo=UTC))]}, None, "week", "without a zone"),
        ("UTC", {1: [("08:00", "12:00")]}, None, "week", "two times"),
    ],
)
def test_invalid_calendars_name_the_field(
    time_zone: str,
    week: dict[int, list[tuple[time, time]]],
    holidays: HolidaySet | None,
    field: str,
    message: str,
) -> None:
    with pytest.raises(InputError, match=message) as refused:
        Calendar(time_zone, week, holidays)
    assert refused.value.field == field
    assert refused.value.extensions["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("yearly", [(2, 30), (13, 1), (0, 1), (4, 31)])
def test_invalid_yearly_holidays_are_refused(yearly: tuple[int, int]) -> None:
    with pytest.raises(InputError, match="real month and day") as refused:
        HolidaySet.of(yearly=[yearly])
    assert refused.value.field == "holidays"


def test_touching_intervals_are_allowed_and_merge() -> None:
    calendar = Calendar("UTC", {1: [(time(12), time(17)), (time(8), time(12))]})
    assert calendar.week[1] == ((time(8), time(12)), (time(12), time(17)))
    assert list(business_intervals(calendar, utc(2026, 6, 8), utc(2026, 6, 9))) == [
        (utc(2026, 6, 8, 8), utc(2026, 6, 8, 17))
    ]


# --- Properties.

ZONES = ["Europe/Prague", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
# The changes of 2026 in Prague and New York, in UTC: starts are drawn around them on purpose.
CHANGES = [utc(2026, 3, 29, 1), utc(2026, 10, 25, 1), utc(2026, 3, 8, 7), utc(2026, 11, 1, 6)]
HOLIDAY_YEARS = range(2025, 2029)


@st.composite
def calendars(draw: st.DrawFn, *, step: int = 15, zones: list[str] = ZONES) -> Calendar:
    """Random weeks (a few intervals a day on a `step`-minute grid, some days off), random fixed and
    yearly holidays."""
    slots = 24 * 60 // step
    week = {}
    for weekday in range(1, 8):
        bounds = draw(st.lists(st.integers(0, slots), unique=True, max_size=6).map(sorted))
        pairs = list(zip(bounds[::2], bounds[1::2], strict=False))
        if pairs:
            week[weekday] = [(_grid_time(a, step), _grid_time(b, step)) for a, b in pairs]
    assume(week)
    fixed = draw(st.lists(st.dates(date(2025, 1, 1), date(2028, 12, 31)), max_size=40))
    yearly = draw(
        st.lists(st.dates(date(2028, 1, 1), date(2028, 12, 31)).map(lambda d: (d.month, d.day)), max_size=8)
    )
    return Calendar(draw(st.sampled_from(zones)), week, HolidaySet.of(fixed, yearly))


def _grid_time(slot: int, step: int) -> time:
    if slot * step == 24 * 60:
        return END_OF_DAY
    return time(slot * step // 60, slot * step % 60)


instants = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2028, 6, 30), timezones=st.just(UTC)),
    st.builds(
        lambda change, before: change - before,
        st.sampled_from(CHANGES),
        st.timedeltas(timedelta(hours=-6), timedelta(days=3)),
    ),
)
targets = st.floats(0, 20_000, allow_nan=False)
PROPERTIES = settings(max_examples=150, deadline=None)


@PROPERTIES
@given(calendars(), instants, targets)
def test_measuring_what_was_added_gives_the_target_back(
    calendar: Calendar, start: datetime, target: float
) -> None:
    due = add_business_minutes(calendar, start, target)
    assert due >= start
    assert business_minutes_between(calendar, start, due) == pytest.approx(target, abs=1e-6)


@PROPERTIES
@given(calendars(), instants, st.integers(0, 10_000), st.integers(0, 10_000))
def test_adding_in_two_steps_is_adding_the_sum(
    calendar: Calendar, start: datetime, first: int, second: int
) -> None:
    halfway = add_business_minutes(calendar, start, first)
    assert add_business_minutes(calendar, halfway, second) == add_business_minutes(
        calendar, start, first + second
    )


@PROPERTIES
@given(calendars(), instants, targets, targets)
def test_a_larger_target_is_never_due_earlier(
    calendar: Calendar, start: datetime, one: float, other: float
) -> None:
    low, high = sorted((one, other))
    assert add_business_minutes(calendar, start, low) <= add_business_minutes(calendar, start, high)


@PROPERTIES
@given(
    calendars(),
    instants,
    st.timedeltas(timedelta(0), timedelta(days=20)),
    st.timedeltas(timedelta(0), timedelta(days=20)),
)
def test_business_time_adds_up_over_consecutive_windows(
    calendar: Calendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    middle, end = start + first, start + first + second
    whole = business_minutes_between(calendar, start, end)
    assert whole == pytest.approx(
        business_minutes_between(calendar, start, middle) + business_minutes_between(calendar, middle, end),
        abs=1e-6,
    )
    assert 0 <= whole <= minutes(end - start) + 1e-6


@PROPERTIES
@given(calendars(), instants, st.timedeltas(timedelta(0), timedelta(days=20)))
def test_intervals_are_ordered_disjoint_and_inside_the_window(
    calendar: Calendar, start: datetime, length: timedelta
) -> None:
    spans = list(business_intervals(calendar, start, start + length))
    for a, b in spans:
        assert start <= a < b <= start + length and a.tzinfo is UTC
    for (_, end), (next_start, _) in pairwise(spans):
        assert end < next_start


def in_hours_by_the_wall_clock(calendar: Calendar, instant: datetime) -> bool:
    """The reference: the wall clock reads a time inside that weekday's hours, on a working date."""
    wall = instant.astimezone(calendar.zone)
    if wall.date() in calendar.holidays:
        return False
    moment = wall.time().replace(tzinfo=None)
    return any(
        start <= moment and (end == END_OF_DAY or moment < end)
        for start, end in calendar.week.get(wall.isoweekday(), ())
    )


# Interval bounds on whole hours never fall strictly inside a DST change (the grid of these zones'
# changes), where the first-occurrence rule and the wall clock may disagree by design.
wall_checkable = calendars(step=60)


@PROPERTIES
@given(wall_checkable, instants, st.floats(0.001, 20_000, allow_nan=False))
def test_a_deadline_is_never_on_a_holiday_or_outside_hours(
    calendar: Calendar, start: datetime, target: float
) -> None:
    due = add_business_minutes(calendar, start, target)
    assert in_hours_by_the_wall_clock(calendar, due - timedelta(microseconds=1))


@settings(max_examples=60, deadline=None)
@given(wall_checkable, instants.map(lambda i: i.replace(second=0, microsecond=0)), st.integers(1, 240))
def test_deadlines_agree_with_a_minute_by_minute_count(
    calendar: Calendar, start: datetime, target: int
) -> None:
    counted, moment, limit = 0, start, start + timedelta(days=10)
    while counted < target:
        assume(moment < limit)  # too sparse a calendar for the reference's budget
        if in_hours_by_the_wall_clock(calendar, moment):
            counted += 1
        moment += timedelta(minutes=1)
    assert add_business_minutes(calendar, start, target) == moment
    assert business_minutes_between(calendar, start, moment) == target


@PROPERTIES
@given(
    st.sampled_from(["Europe/Prague", "America/New_York"]),
    st.sampled_from(CHANGES),
    st.timedeltas(timedelta(0), timedelta(hours=4)),
    st.integers(1, 24 * 60),
)
def test_a_round_the_clock_target_started_before_a_change_ends_that_many_real_minutes_later(
    zone: str, change: datetime, before: timedelta, target: int
) -> None:
    always = Calendar(zone, every_day(ALL_DAY))
    start = change - before
    assert add_business_minutes(always, start, target) - start == timedelta(minutes=target)
