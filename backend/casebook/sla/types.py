"""The GraphQL shapes of SLA calendars and policies (staff read them; admins change them), and the
inputs as the services take them (casebook.sla.validation). `SlaPolicy` is also what a case's SLA
and an entitlement name (`Case.sla.policy`, `Entitlement.policy`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from casebook.enums import CaseStatus as CaseStatusEnum
from casebook.enums import Priority as PriorityEnum
from casebook.graphql.enums import CaseStatus, CaseType, Origin, Priority
from casebook.sla import config, models
from casebook.sla.config import CalendarSpec, HolidaySpec, PolicySpec

SlaTargetKind = strawberry.enum(models.TargetKind, name="SlaTargetKind")
SlaClockState = strawberry.enum(models.ClockState, name="SlaClockState")
SlaHolidaySource = strawberry.enum(models.HolidaySource, name="SlaHolidaySource")

_KINDS = (models.TargetKind.FIRST_RESPONSE, models.TargetKind.NEXT_RESPONSE, models.TargetKind.RESOLUTION)


@strawberry.type
class BusinessHours:
    weekday: int = strawberry.field(description="ISO weekday: 1 is Monday, 7 Sunday.")
    start: str = strawberry.field(description='Local time "HH:MM".')
    end: str = strawberry.field(description='Local time "HH:MM"; "24:00" is the end of the day.')

    @classmethod
    def of(cls, weekday: int, span: list[str] | tuple[str, str]) -> BusinessHours:
        return cls(weekday=weekday, start=span[0], end=span[1])


@strawberry.type
class SlaHoliday:
    id: strawberry.ID
    date: date
    yearly: bool
    name: str
    source: SlaHolidaySource  # type: ignore[valid-type]

    @classmethod
    def of(cls, holiday: HolidaySpec | models.SlaHoliday) -> SlaHoliday:
        return cls(
            id=strawberry.ID(str(holiday.id)),
            date=holiday.day,
            yearly=holiday.yearly,
            name=holiday.name,
            source=models.HolidaySource(holiday.source),
        )


def _calendar_spec(row: CalendarSpec | models.SlaCalendar) -> CalendarSpec:
    if isinstance(row, CalendarSpec):
        return row
    related = getattr(row, "holidays", None)  # the reverse relation, when prefetched
    holidays = list(related) if related is not None and getattr(related, "_fetched", False) else []
    return CalendarSpec.of(row, holidays)


@strawberry.type
class SlaCalendar:
    id: strawberry.ID
    name: str
    time_zone: str = strawberry.field(description="IANA, e.g. Europe/Prague.")
    is_default: bool
    hours: list[BusinessHours] = strawberry.field(description="By weekday, then start.")
    holidays: list[SlaHoliday] = strawberry.field(description="By date.")

    @classmethod
    def of(cls, row: CalendarSpec | models.SlaCalendar) -> SlaCalendar:
        """From the config's spec, or a row whose `holidays` were prefetched (else none shown)."""
        spec = _calendar_spec(row)
        return cls(
            id=strawberry.ID(str(spec.id)),
            name=spec.name,
            time_zone=spec.time_zone,
            is_default=spec.is_default,
            hours=[
                BusinessHours.of(int(day), span)
                for day in sorted(spec.week, key=int)
                for span in sorted(spec.week[day])
            ],
            holidays=[SlaHoliday.of(h) for h in spec.holidays],
        )


@strawberry.type
class SlaPolicyTarget:
    priority: Priority
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None

    @classmethod
    def of(cls, priority: str, targets: dict[str, Any]) -> SlaPolicyTarget:
        def minutes(kind: models.TargetKind) -> int | None:
            value = targets.get(kind.value)
            return int(value) if value else None

        return cls(
            priority=PriorityEnum(priority),
            first_response_minutes=minutes(models.TargetKind.FIRST_RESPONSE),
            next_response_minutes=minutes(models.TargetKind.NEXT_RESPONSE),
            resolution_minutes=minutes(models.TargetKind.RESOLUTION),
        )


@strawberry.type
class SlaPolicyConditions:
    priorities: list[Priority]
    types: list[CaseType]
    team_ids: list[strawberry.ID]
    account_ids: list[strawberry.ID]
    origins: list[Origin]

    @classmethod
    def of(cls, stored: dict[str, Any]) -> SlaPolicyConditions:
        return cls(
            priorities=list(stored.get("priorities") or []),
            types=list(stored.get("types") or []),
            team_ids=[strawberry.ID(str(i)) for i in stored.get("team_ids") or []],
            account_ids=[strawberry.ID(str(i)) for i in stored.get("account_ids") or []],
            origins=list(stored.get("origins") or []),
        )


@strawberry.type
class SlaPolicy:
    id: strawberry.ID
    name: str
    position: int
    active: bool
    conditions: SlaPolicyConditions
    targets: list[SlaPolicyTarget] = strawberry.field(
        description="One per priority that has any target, in Priority order."
    )
    pause_statuses: list[CaseStatus]
    warn_percents: list[int]
    calendar_id: strawberry.Private[int | None]

    @strawberry.field(description="Null: the default calendar (none at all: around the clock).")
    async def calendar(self) -> SlaCalendar | None:
        spec = await config.calendar_spec(self.calendar_id)
        return SlaCalendar.of(spec) if spec is not None else None

    @classmethod
    def of(cls, row: PolicySpec | models.SlaPolicy) -> SlaPolicy:
        spec = row if isinstance(row, PolicySpec) else PolicySpec.of(row)
        return cls(
            id=strawberry.ID(str(spec.id)),
            name=spec.name,
            position=spec.position,
            active=spec.active,
            conditions=SlaPolicyConditions.of(spec.conditions),
            targets=[
                SlaPolicyTarget.of(p.value, spec.targets[p.value])
                for p in PriorityEnum
                if any((spec.targets.get(p.value) or {}).get(k.value) for k in _KINDS)
            ],
            pause_statuses=[CaseStatusEnum(s) for s in spec.pause_statuses],
            warn_percents=list(spec.warn_percents),
            calendar_id=spec.calendar_id,
        )


# --- inputs ---------------------------------------------------------------------------------------


@strawberry.input
class BusinessHoursInput:
    weekday: int
    start: str
    end: str


@strawberry.input
class SlaHolidayInput:
    date: date
    yearly: bool | None = False
    name: str | None = ""


@strawberry.input
class SlaCalendarInput:
    name: str
    time_zone: str
    is_default: bool | None = False
    hours: list[BusinessHoursInput]
    holidays: list[SlaHolidayInput] | None = strawberry.field(
        default=None,
        description="Null: keep the holidays; a list replaces the MANUAL ones (ICS ones stay).",
    )


@strawberry.input
class SlaPolicyTargetInput:
    priority: Priority
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None


@strawberry.input
class SlaPolicyConditionsInput:
    priorities: list[Priority] | None = None
    types: list[CaseType] | None = None
    team_ids: list[strawberry.ID] | None = None
    account_ids: list[strawberry.ID] | None = None
    origins: list[Origin] | None = None


@strawberry.input
class SlaPolicyInput:
    name: str
    position: int | None = None
    active: bool | None = True
    calendar_id: strawberry.ID | None = None
    conditions: SlaPolicyConditionsInput | None = None
    targets: list[SlaPolicyTargetInput]
    pause_statuses: list[CaseStatus] | None = strawberry.field(
        default=None, description="Null: PENDING, ON_HOLD."
    )
    warn_percents: list[int] | None = strawberry.field(default=None, description="Null: 75, 90.")


def calendar_given(input: SlaCalendarInput) -> dict[str, Any]:
    """SlaCalendarInput as the services take it (snake case, plain values)."""
    return {
        "name": input.name,
        "time_zone": input.time_zone,
        "is_default": bool(input.is_default),
        "hours": [{"weekday": h.weekday, "start": h.start, "end": h.end} for h in input.hours],
        "holidays": None
        if input.holidays is None
        else [{"date": h.date, "yearly": bool(h.yearly), "name": h.name or ""} for h in input.holidays],
    }


def policy_given(input: SlaPolicyInput) -> dict[str, Any]:
    """SlaPolicyInput as the services take it; ids stay as sent (validation parses them)."""
    c = input.conditions
    return {
        "name": input.name,
        "position": input.position,
        "active": True if input.active is None else input.active,
        "calendar_id": input.calendar_id,
        "conditions": None
        if c is None
        else {
            "priorities": None if c.priorities is None else [str(p) for p in c.priorities],
            "types": None if c.types is None else [str(t) for t in c.types],
            "team_ids": None if c.team_ids is None else list(c.team_ids),
            "account_ids": None if c.account_ids is None else list(c.account_ids),
            "origins": None if c.origins is None else [str(o) for o in c.origins],
        },
        "targets": [
            {
                "priority": str(t.priority),
                "first_response_minutes": t.first_response_minutes,
                "next_response_minutes": t.next_response_minutes,
                "resolution_minutes": t.resolution_minutes,
            }
            for t in input.targets
        ],
        "pause_statuses": None if input.pause_statuses is None else [str(s) for s in input.pause_statuses],
        "warn_percents": input.warn_percents,
    }
