"""Business time: when a calendar's team works, measured in real (UTC) time.

A calendar says its hours in local wall-clock time (Monday 08:00-12:00 and 13:00-17:00 in
Europe/Prague), but an SLA counts instants, so every business interval is mapped to UTC through
the calendar's IANA zone. The peers get this wrong across DST and time zones (PEERS.md §3); here
one rule does the mapping:

    a local wall time w on date d stands for the FIRST instant whose local wall time is at or
    after w.

So a wall time that does not exist (skipped by a spring-forward change) rounds forward to the end
of the gap, an ambiguous one (repeated by a fall-back change) takes its first occurrence, and an
interval that straddles a change has its real length (00:00-24:00 is 23 hours on a spring-forward
day). An interval that does not touch a change, such as 08:00-17:00 in Europe, is 9 real hours on
both sides of it. The mapping never goes backwards, so business intervals stay ordered and
disjoint.

Business time is the union, over the local dates that are not holidays, of the half-open
intervals [start, end) of that date's ISO weekday. A holiday removes its whole local date.

The deadline rule (`add_business_minutes`): the deadline is the first instant at which the
business time elapsed since the start reaches the target. It therefore lies inside business time
or at the end of an interval (a target used up exactly at Friday 17:00 is due at Friday 17:00,
not on Monday morning), and a target of 0 is due at the start itself, in hours or not. Times
resolve to the microsecond, datetime's own resolution.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo, available_timezones

from casebook.errors import InputError

END_OF_DAY = time.max
"""An interval's end at 24:00: the start of the next day, which `time` cannot say."""

MAX_IDLE_DAYS = 3 * 366
"""How far the deadline walk looks for business time before calling the calendar empty."""

_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class HolidaySet:
    """Days off: fixed dates and dates that recur every year as (month, day).

    A recurring 29 February is a holiday in leap years only. An iCalendar import is later a list
    of dates passed to `HolidaySet.of`.
    """

    dates: frozenset[date] = frozenset()
    yearly: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(cls, dates: Iterable[date] = (), yearly: Iterable[tuple[int, int]] = ()) -> HolidaySet:
        return cls(frozenset(dates), frozenset(yearly))

    def __post_init__(self) -> None:
        for day in self.dates:
            if not isinstance(day, date) or isinstance(day, datetime):
                raise InputError("holidays", f"A holiday is a date, not {day!r}.")
        for month, day_of_month in self.yearly:
            try:
                date(2000, month, day_of_month)  # a leap year, so 29 February is valid
            except (TypeError, ValueError):
                raise InputError(
                    "holidays", f"A yearly holiday needs a real month and day, not {month}/{day_of_month}."
                ) from None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and (day in self.dates or (day.month, day.day) in self.yearly)


class Calendar:
    """A team's business hours: an IANA time zone, intervals per ISO weekday (1 is Monday), holidays.

    `week` maps a weekday to its (start, end) local times; several a day are allowed, touching is
    allowed, overlapping is not, and an end of `END_OF_DAY` (time.max) means 24:00. A weekday
    left out is a day off. A week without any hours is valid, but no deadline can be computed on
    it (`add_business_minutes` raises ValueError).
    """

    __slots__ = ("_offsets", "holidays", "time_zone", "week", "zone")

    def __init__(
        self,
        time_zone: str,
        week: Mapping[int, Iterable[tuple[time, time]]],
        holidays: HolidaySet | None = None,
    ) -> None:
        if not isinstance(time_zone, str) or time_zone not in _zone_names():
            raise InputError(
                "timeZone", f"Unknown time zone {time_zone!r}; use an IANA name such as Europe/Prague."
            )
        self.time_zone = time_zone
        self.zone = ZoneInfo(time_zone)
        self.week = {weekday: _checked_day(weekday, intervals) for weekday, intervals in week.items()}
        self.holidays = holidays if holidays is not None else HolidaySet()
        # Offsets from local midnight, index 0 for Monday: what the walk reads each day.
        self._offsets = tuple(
            tuple((_from_midnight(start), _from_midnight(end)) for start, end in self.week.get(weekday, ()))
            for weekday in range(1, 8)
        )

    def __repr__(self) -> str:
        return f"Calendar({self.time_zone!r}, {self.week!r}, {self.holidays!r})"

    def spans_on(self, day: date) -> list[Span]:
        """The business intervals of one local date, in UTC; none on a holiday."""
        if day in self.holidays:
            return []
        midnight = datetime.combine(day, time())
        spans = []
        for start, end in self._offsets[day.isoweekday() - 1]:
            span = (_instant(self.zone, midnight + start), _instant(self.zone, midnight + end))
            if span[0] < span[1]:  # an interval inside a DST gap has no real time
                spans.append(span)
        return spans


def business_intervals(calendar: Calendar, start: datetime, end: datetime) -> Iterator[Span]:
    """The business time in [start, end) as ordered, disjoint, non-touching UTC intervals."""
    start, end = _utc(start, "start"), _utc(end, "end")
    return _merged(calendar, start, end)


def business_minutes_between(calendar: Calendar, start: datetime, end: datetime) -> float:
    """Business minutes in [start, end); 0 when end is not after start."""
    total = sum((b - a for a, b in business_intervals(calendar, start, end)), timedelta())
    return total / timedelta(minutes=1)


def add_business_minutes(calendar: Calendar, start: datetime, minutes: float) -> datetime:
    """The first instant (UTC) at which `minutes` of business time have elapsed since `start`.

    Walks the calendar interval by interval, a day at a time; raises ValueError when it finds no
    business time for MAX_IDLE_DAYS (an empty week, or holidays on every day).
    """
    start = _utc(start, "start")
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError(f"Business minutes must be a finite number of at least 0, not {minutes!r}.")
    remaining = timedelta(minutes=minutes)
    if not remaining:
        return start
    spans = _spans_from(calendar, start, until=None)
    while True:
        a, b = next(spans)
        if b - a >= remaining:
            return a + remaining
        remaining -= b - a


def _merged(calendar: Calendar, start: datetime, end: datetime) -> Iterator[Span]:
    if end <= start:
        return
    current: Span | None = None
    for a, b in _spans_from(calendar, start, until=end):
        if a >= end:
            break
        b = min(b, end)
        if current is not None and a <= current[1]:
            current = (current[0], b)
        else:
            if current is not None:
                yield current
            current = (a, b)
    if current is not None:
        yield current


def _spans_from(calendar: Calendar, start: datetime, *, until: datetime | None) -> Iterator[Span]:
    """Each day's business intervals that end after `start` (the first clipped to it), in order.

    Without `until` the walk is endless unless the calendar stops having business time, which it
    reports after MAX_IDLE_DAYS empty days.
    """
    # The day before too: its intervals end at or before this day's midnight, which may be after
    # `start` when a fall-back change repeats the hour around midnight.
    day = start.astimezone(calendar.zone).date() - _DAY
    idle_days = 0
    while until is None or _instant(calendar.zone, datetime.combine(day, time())) < until:
        found = False
        for a, b in calendar.spans_on(day):
            if b > start:
                found = True
                yield max(a, start), b
        idle_days = 0 if found else idle_days + 1
        if until is None and idle_days > MAX_IDLE_DAYS:
            raise ValueError(f"The calendar has no business time within {MAX_IDLE_DAYS} days after {start}.")
        day += _DAY


def _instant(zone: ZoneInfo, wall: datetime) -> datetime:
    """The first instant whose local wall time in `zone` is at or after the naive `wall` (see above)."""
    first = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the first occurrence if repeated
    if _wall(first, zone) == wall:
        return first
    # `wall` falls in a gap. With the offset after the change it maps before the change, with the
    # one before it maps after; the change itself, where the wall clock jumps past `wall`, is
    # between the two.
    low, high = wall.replace(tzinfo=zone, fold=1).astimezone(UTC), first
    while high - low > _MICROSECOND:
        middle = low + (high - low) // 2
        if _wall(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    return high


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _utc(instant: datetime, name: str) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not the naive {instant}.")
    return instant.astimezone(UTC)


def _checked_day(weekday: int, intervals: Iterable[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7:
        raise InputError("week", f"A weekday is 1 (Monday) to 7 (Sunday), not {weekday!r}.")
    day = list(intervals)
    for start, end in day:
        if not isinstance(start, time) or not isinstance(end, time):
            raise InputError("week", f"Weekday {weekday}: an interval is two times, not {start!r}-{end!r}.")
    day.sort()
    for start, end in day:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise InputError("week", f"Weekday {weekday}: hours are local times, without a zone.")
        if start == END_OF_DAY or not _from_midnight(start) < _from_midnight(end):
            raise InputError(
                "week", f"Weekday {weekday}: {start:%H:%M}-{_label(end)} must start before it ends."
            )
    for (_, end), (start, next_end) in pairwise(day):
        if start < end:
            raise InputError(
                "week",
                f"Weekday {weekday}: {start:%H:%M}-{_label(next_end)} overlaps an interval ending {_label(end)}.",
            )
    return tuple(day)


def _from_midnight(moment: time) -> timedelta:
    if moment == END_OF_DAY:
        return _DAY
    return timedelta(
        hours=moment.hour, minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond
    )


def _label(end: time) -> str:
    return "24:00" if end == END_OF_DAY else f"{end:%H:%M}"


@cache
def _zone_names() -> frozenset[str]:
    # "localtime" is this machine's zone under another name, not an IANA one.
    return frozenset(available_timezones() - {"localtime"})
