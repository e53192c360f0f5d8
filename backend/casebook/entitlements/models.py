"""The tables of entitlements: one row per allocation of cases or hours to an account over a
period, and its ledger (`entitlement_entries`), which is only ever appended to. `balance` is the
ledger's sum, written by casebook.entitlements.ledger in the same transaction as each entry."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

NAME_MAX = 200
NOTE_MAX = 2000


class Unit(StrEnum):
    CASES = "CASES"  # 1 unit per case
    HOURS = "HOURS"  # stored in minutes


class Decrement(StrEnum):
    ON_CREATE = "ON_CREATE"
    ON_RESOLVE = "ON_RESOLVE"


class Overdraft(StrEnum):
    BLOCK = "BLOCK"  # customers cannot open a case at zero; agents can, logged as an OVERRIDE
    WARN = "WARN"  # allowed, with a staff-only note on the case
    ALLOW = "ALLOW"


class Reason(StrEnum):
    ALLOCATED = "ALLOCATED"
    CASE_CREATED = "CASE_CREATED"
    CASE_RESOLVED = "CASE_RESOLVED"
    CASE_REOPENED = "CASE_REOPENED"
    CASE_CANCELLED = "CASE_CANCELLED"
    CASE_MERGED = "CASE_MERGED"
    TIME_LOGGED = "TIME_LOGGED"
    TIME_EDITED = "TIME_EDITED"
    TIME_REMOVED = "TIME_REMOVED"
    ADJUSTMENT = "ADJUSTMENT"
    OVERRIDE = "OVERRIDE"


# The reasons that charge a case or give its charge back: their sum over a case's entries is what
# the case costs now (-1 charged, 0 not).
CASE_REASONS = frozenset(
    {
        Reason.CASE_CREATED,
        Reason.CASE_RESOLVED,
        Reason.CASE_REOPENED,
        Reason.CASE_CANCELLED,
        Reason.CASE_MERGED,
    }
)


class Entitlement(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Account", related_name="entitlements", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=NAME_MAX)
    unit = fields.CharEnumField(Unit, max_length=16)
    allocation = fields.IntField()  # cases, or minutes
    period_start = fields.DateField()  # inclusive, UTC dates
    period_end = fields.DateField()
    decrement_on = fields.CharEnumField(Decrement, max_length=16, default=Decrement.ON_CREATE)
    overdraft = fields.CharEnumField(Overdraft, max_length=16, default=Overdraft.ALLOW)
    policy: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "sla.SlaPolicy", related_name="entitlements", null=True, on_delete=fields.SET_NULL
    )
    balance = fields.IntField(default=0)  # = SUM(entries.amount), kept by ledger.post
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "entitlements"
        indexes = (("account_id", "period_end"),)


class EntitlementEntry(Model):
    """One line of the ledger. Never updated or deleted: a correction is a new entry, and one that
    reverses another names it in `reverses_id` (unique: nothing is reversed twice)."""

    id = fields.BigIntField(primary_key=True)
    entitlement: fields.ForeignKeyRelation[Entitlement] = fields.ForeignKeyField(
        "entitlements.Entitlement", related_name="entries", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    amount = fields.IntField()  # signed: cases, or minutes
    reason = fields.CharEnumField(Reason, max_length=24)
    case: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Case", related_name="entitlement_entries", null=True, on_delete=fields.SET_NULL
    )
    event_id = fields.BigIntField(null=True)  # the event-log entry it answers (replays post nothing)
    actor: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.User", related_name="entitlement_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_name = fields.CharField(max_length=200, null=True)
    note = fields.TextField(default="")
    reverses_id = fields.BigIntField(null=True, unique=True)  # the entry this one reverses

    class Meta:
        table = "entitlement_entries"
        unique_together = (("entitlement", "event_id", "reason"),)
        indexes = (("case_id", "entitlement_id"),)
