"""The SLA configuration as the engine and its timers use it, cached per process like the rules
(casebook.rules.active): the policies, calendars and holidays are read at most once a second
(RELOAD_SECONDS), not per event or timer. This process's own saves (casebook.sla.services)
invalidate it at once; another process's are seen within RELOAD_SECONDS.

Policies are `PolicySpec`s; calendars are `CalendarSpec`s carrying their rows' data (for the API)
and the `casebook.sla.calendar.Calendar` the arithmetic runs on."""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from casebook.sla.calendar import END_OF_DAY, Calendar, HolidaySet
from casebook.sla.models import HolidaySource, SlaCalendar, SlaHoliday, SlaPolicy, TargetKind

RELOAD_SECONDS = 1.0
DEFAULT_PAUSE = ("PENDING", "ON_HOLD")
DEFAULT_PERCENTS = (75, 90)
CONDITIONS = ("priorities", "types", "team_ids", "account_ids", "origins")


def parse_time(text: str) -> time:
    """A stored "HH:MM"; "24:00" is the end of the day."""
    return END_OF_DAY if text == "24:00" else time.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class PolicySpec:
    id: int
    name: str
    position: int
    active: bool
    calendar_id: int | None
    conditions: dict[str, list[Any]]
    targets: dict[str, dict[str, int]]
    pause_statuses: tuple[str, ...]
    warn_percents: tuple[int, ...]

    @classmethod
    def of(cls, row: SlaPolicy) -> PolicySpec:
        return cls(
            id=int(row.id),
            name=row.name,
            position=row.position,
            active=row.active,
            calendar_id=row.calendar_id,  # type: ignore[attr-defined]
            conditions={k: list(v) for k, v in (row.conditions or {}).items() if v},
            targets={p: dict(t) for p, t in (row.targets or {}).items()},
            pause_statuses=tuple(row.pause_statuses if row.pause_statuses is not None else DEFAULT_PAUSE),
            warn_percents=tuple(
                sorted(row.warn_percents if row.warn_percents is not None else DEFAULT_PERCENTS)
            ),
        )

    def target(self, priority: str, kind: TargetKind) -> int | None:
        minutes = (self.targets.get(priority) or {}).get(kind.value)
        return int(minutes) if minutes else None

    def pausing(self, status: str) -> bool:
        return status in self.pause_statuses

    def matches(self, values: dict[str, Any]) -> bool:
        """An absent or empty condition list matches anything; a present one must hold the value."""
        return all(
            not self.conditions.get(name) or values.get(name) in self.conditions[name] for name in CONDITIONS
        )


@dataclass(frozen=True, slots=True)
class HolidaySpec:
    id: int
    day: date
    yearly: bool
    name: str
    source: HolidaySource


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    id: int
    name: str
    time_zone: str
    is_default: bool
    week: dict[str, list[list[str]]]
    holidays: tuple[HolidaySpec, ...]
    calendar: Calendar

    @classmethod
    def of(cls, row: SlaCalendar, holidays: list[SlaHoliday]) -> CalendarSpec:
        specs = tuple(
            sorted(
                (HolidaySpec(int(h.id), h.day, h.yearly, h.name, HolidaySource(h.source)) for h in holidays),
                key=lambda h: (h.day, h.id),
            )
        )
        week = {str(day): [list(span) for span in spans] for day, spans in (row.week or {}).items()}
        return cls(
            id=int(row.id),
            name=row.name,
            time_zone=row.time_zone,
            is_default=row.is_default,
            week=week,
            holidays=specs,
            calendar=calendar_of(row.time_zone, week, specs),
        )


def calendar_of(
    time_zone: str, week: dict[str, list[list[str]]], holidays: tuple[HolidaySpec, ...]
) -> Calendar:
    return Calendar(
        time_zone,
        {int(day): [(parse_time(a), parse_time(b)) for a, b in spans] for day, spans in week.items()},
        HolidaySet.of(
            (h.day for h in holidays if not h.yearly),
            ((h.day.month, h.day.day) for h in holidays if h.yearly),
        ),
    )


def describe(spec: CalendarSpec | None) -> dict[str, Any] | None:
    """A calendar as JSON (a job's payload keeps the one in force before a change); None: around
    the clock."""
    if spec is None:
        return None
    return {
        "time_zone": spec.time_zone,
        "week": spec.week,
        "holidays": [[h.day.isoformat(), h.yearly] for h in spec.holidays],
    }


def calendar_from(described: dict[str, Any] | None) -> Calendar | None:
    if described is None:
        return None
    holidays = tuple(
        HolidaySpec(0, date.fromisoformat(day), bool(yearly), "", HolidaySource.MANUAL)
        for day, yearly in described.get("holidays") or []
    )
    return calendar_of(described["time_zone"], described["week"], holidays)


@dataclass(frozen=True, slots=True)
class Snapshot:
    loaded_at: float
    policies: tuple[PolicySpec, ...]  # all, in (position, id) order
    by_id: dict[int, PolicySpec]
    calendars: dict[int, CalendarSpec]  # by id, oldest first
    default: CalendarSpec | None


_snapshot: Snapshot | None = None


def invalidate() -> None:
    global _snapshot
    _snapshot = None


async def load() -> Snapshot:
    """The configuration as the database has it now (3 statements), uncached."""
    policies = tuple(PolicySpec.of(p) for p in await SlaPolicy.all().order_by("position", "id"))
    by_calendar: dict[int, list[SlaHoliday]] = {}
    for holiday in await SlaHoliday.all():
        by_calendar.setdefault(holiday.calendar_id, []).append(holiday)  # type: ignore[attr-defined]
    calendars = {
        int(row.id): CalendarSpec.of(row, by_calendar.get(int(row.id), []))
        for row in await SlaCalendar.all().order_by("created_at", "id")
    }
    default = next((c for c in calendars.values() if c.is_default), None)
    return Snapshot(clock.monotonic(), policies, {p.id: p for p in policies}, calendars, default)


async def snapshot() -> Snapshot:
    global _snapshot
    if _snapshot is not None and clock.monotonic() - _snapshot.loaded_at < RELOAD_SECONDS:
        return _snapshot
    _snapshot = await load()
    return _snapshot


def effective(found: Snapshot, policy: PolicySpec | None) -> CalendarSpec | None:
    """The policy's calendar, else the default one, else None: around the clock."""
    spec = found.calendars.get(policy.calendar_id) if policy is not None and policy.calendar_id else None
    return spec or found.default


async def select(
    priority: str,
    type: str,
    team_id: int | None,
    account_id: int | None,
    origin: str | None,
    entitlement_policy_id: int | None = None,
) -> PolicySpec | None:
    """The entitlement's named policy if it is active, else the first active match by (position, id)."""
    found = await snapshot()
    if entitlement_policy_id is not None:
        named = found.by_id.get(entitlement_policy_id)
        if named is not None and named.active:
            return named
    values = {
        "priorities": priority,
        "types": type,
        "team_ids": team_id,
        "account_ids": account_id,
        "origins": origin,
    }
    return next((p for p in found.policies if p.active and p.matches(values)), None)


async def by_id(policy_id: int | None) -> PolicySpec | None:
    return (await snapshot()).by_id.get(policy_id) if policy_id is not None else None


async def calendar_spec(calendar_id: int | None) -> CalendarSpec | None:
    return (await snapshot()).calendars.get(calendar_id) if calendar_id is not None else None


async def calendar_for(policy: PolicySpec | None) -> Calendar | None:
    """The policy's calendar, else the default one, else None: around the clock."""
    spec = effective(await snapshot(), policy)
    return spec.calendar if spec is not None else None


def percents_for(policy: PolicySpec | None) -> tuple[int, ...]:
    return policy.warn_percents if policy is not None else DEFAULT_PERCENTS
