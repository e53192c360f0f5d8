"""The tables of SLAs: business calendars and their holidays, the policies that set targets, and
each case's clock — its status timeline (`sla_segments`) and one row per target and cycle
(`sla_clocks`), both derived from the event log by the `sla` consumer (casebook.sla.engine)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

NAME_MAX = 200


class TargetKind(StrEnum):
    FIRST_RESPONSE = "FIRST_RESPONSE"
    NEXT_RESPONSE = "NEXT_RESPONSE"  # one cycle per customer post that waits for an answer
    RESOLUTION = "RESOLUTION"  # one cycle per open period: reopening starts the next


class ClockState(StrEnum):
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"  # by a pausing status of the policy
    MET = "MET"  # answered / resolved: frozen
    STOPPED = "STOPPED"  # frozen without being met (the case was closed, cancelled or merged)


class HolidaySource(StrEnum):
    MANUAL = "MANUAL"
    ICS = "ICS"


class SlaCalendar(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=NAME_MAX)
    time_zone = fields.CharField(max_length=64)  # IANA
    # {"1": [["08:00", "12:00"], ["13:00", "17:00"]], ..., "7": []}: ISO weekday -> local intervals
    week: Any = fields.JSONField(default=dict)
    is_default = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sla_calendars"


class SlaHoliday(Model):
    id = fields.IntField(primary_key=True)
    calendar: fields.ForeignKeyRelation[SlaCalendar] = fields.ForeignKeyField(
        "sla.SlaCalendar", related_name="holidays", on_delete=fields.CASCADE
    )
    day = fields.DateField()  # with `yearly`, only its month and day count
    yearly = fields.BooleanField(default=False)
    name = fields.CharField(max_length=NAME_MAX, default="")
    source = fields.CharEnumField(HolidaySource, max_length=16, default=HolidaySource.MANUAL)

    class Meta:
        table = "sla_holidays"


class SlaPolicy(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=NAME_MAX)
    position = fields.IntField()  # the first active match by (position, id) wins
    active = fields.BooleanField(default=True)
    # null: the default calendar (none at all: around the clock)
    calendar: fields.ForeignKeyNullableRelation[SlaCalendar] = fields.ForeignKeyField(
        "sla.SlaCalendar", related_name="policies", null=True, on_delete=fields.SET_NULL
    )
    # {"priorities": [...], "types": [...], "team_ids": [...], "account_ids": [...],
    #  "origins": [...]}: each present list must contain the case's value; absent or empty: any.
    conditions: Any = fields.JSONField(default=dict)
    # {"URGENT": {"FIRST_RESPONSE": 60, "NEXT_RESPONSE": 120, "RESOLUTION": 480}, ...}: business
    # minutes; a missing priority or kind has no target.
    targets: Any = fields.JSONField(default=dict)
    pause_statuses: Any = fields.JSONField(default=lambda: ["PENDING", "ON_HOLD"])
    warn_percents: Any = fields.JSONField(default=lambda: [75, 90])
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sla_policies"


class SlaSegment(Model):
    """One stretch of a case's status timeline, in UTC: `running`, `paused:<STATUS>` or
    `stopped:<STATUS>`; the open one has no end. Outside-hours stretches are the calendar's, cut
    out of the running ones when read."""

    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Case", related_name="sla_segments", on_delete=fields.CASCADE
    )
    state = fields.CharField(max_length=32)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField(null=True)
    event_id = fields.BigIntField(null=True)  # the event that began it

    class Meta:
        table = "sla_segments"
        indexes = (("case_id", "starts_at"),)


class SlaClock(Model):
    """One target of one case in one cycle. `used_minutes` are the business minutes spent up to
    `since` (when the current state began); while RUNNING the rest is spent from `since` on."""

    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Case", related_name="sla_clocks", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(TargetKind, max_length=16)
    cycle = fields.IntField()
    policy: fields.ForeignKeyNullableRelation[SlaPolicy] = fields.ForeignKeyField(
        "sla.SlaPolicy", related_name="clocks", null=True, on_delete=fields.SET_NULL
    )
    target_minutes = fields.IntField()
    state = fields.CharEnumField(ClockState, max_length=16)
    started_at = fields.DatetimeField()
    since = fields.DatetimeField()
    used_minutes = fields.FloatField(default=0)
    due_at = fields.DatetimeField(null=True)  # while RUNNING
    paused_since = fields.DatetimeField(null=True)  # while PAUSED
    met_at = fields.DatetimeField(null=True)
    breached_at = fields.DatetimeField(null=True)
    fired: Any = fields.JSONField(default=list)  # percents fired this cycle; 100 is the breach
    next_fire_at = fields.DatetimeField(null=True)  # the next threshold's instant, with its job

    class Meta:
        table = "sla_clocks"
        unique_together = (("case", "kind", "cycle"),)
