"""Entitlements over GraphQL: staff read them on the account (Account.entitlements), admins change
them (casebook.entitlements.graphql). Amounts are shown in the entitlement's unit: cases, or hours
(stored in minutes)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from casebook.entitlements import models, services
from casebook.entitlements.validation import Given, shown
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.graphql.scalars import DateTime
from casebook.sla.types import SlaPolicy

EntitlementUnit = strawberry.enum(models.Unit, name="EntitlementUnit")
EntitlementDecrement = strawberry.enum(models.Decrement, name="EntitlementDecrement")
OverdraftRule = strawberry.enum(models.Overdraft, name="OverdraftRule")
EntitlementEntryReason = strawberry.enum(models.Reason, name="EntitlementEntryReason")


@strawberry.type
class EntitlementEntry:
    id: strawberry.ID
    at: DateTime
    amount: float
    reason: EntitlementEntryReason  # type: ignore[valid-type]
    case_number: int | None = strawberry.field(description="Null where the viewer may not open the case.")
    note: str
    actor_name: str | None

    @classmethod
    def of(cls, unit: models.Unit, row: dict[str, Any]) -> EntitlementEntry:
        return cls(
            id=strawberry.ID(str(row["id"])),
            at=row["at"],
            amount=shown(unit, int(row["amount"])),
            reason=models.Reason(row["reason"]),
            case_number=row["case_number"],
            note=row["note"] or "",
            actor_name=row["actor_name"],
        )


@strawberry.type
class Entitlement:
    id: strawberry.ID
    name: str
    unit: EntitlementUnit  # type: ignore[valid-type]
    allocation: float = strawberry.field(description="Cases, or hours.")
    period_start: date = strawberry.field(description="Inclusive, in the server's calendar (UTC).")
    period_end: date = strawberry.field(description="Inclusive, in the server's calendar (UTC).")
    decrement_on: EntitlementDecrement  # type: ignore[valid-type]
    overdraft: OverdraftRule  # type: ignore[valid-type]
    balance: float = strawberry.field(description="The sum of its entries: cases, or hours.")
    active: bool = strawberry.field(description="Today is within the period.")
    policy_id: strawberry.Private[int | None]

    @strawberry.field(description="The SLA policy this account's cases get while the entitlement is current.")
    async def policy(self) -> SlaPolicy | None:
        from casebook.sla import config

        spec = await config.by_id(self.policy_id)
        return SlaPolicy.of(spec) if spec is not None else None

    @strawberry.field(description="Newest first.")
    async def entries(self, info: Info, first: int | None = 50) -> list[EntitlementEntry]:
        rows = await services.entries(
            actor=info.context.require_actor(),
            entitlement_id=int(self.id),
            first=50 if first is None else first,
        )
        return [EntitlementEntry.of(models.Unit(self.unit), r) for r in rows]

    @classmethod
    def of(cls, row: models.Entitlement) -> Entitlement:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            unit=row.unit,
            allocation=shown(row.unit, row.allocation),
            period_start=row.period_start,
            period_end=row.period_end,
            decrement_on=row.decrement_on,
            overdraft=row.overdraft,
            balance=shown(row.unit, row.balance),
            active=services.is_active(row),
            policy_id=row.policy_id,  # type: ignore[attr-defined]
        )


@strawberry.input
class EntitlementInput:
    name: str
    unit: EntitlementUnit  # type: ignore[valid-type]
    allocation: float
    period_start: date
    period_end: date
    decrement_on: EntitlementDecrement | None = models.Decrement.ON_CREATE  # type: ignore[valid-type]
    overdraft: OverdraftRule | None = models.Overdraft.ALLOW  # type: ignore[valid-type]
    policy_id: strawberry.ID | None = None


def given(input: EntitlementInput) -> Given:
    return Given(
        name=input.name,
        unit=models.Unit(input.unit),
        allocation=input.allocation,
        period_start=input.period_start,
        period_end=input.period_end,
        decrement_on=models.Decrement(input.decrement_on or models.Decrement.ON_CREATE),
        overdraft=models.Overdraft(input.overdraft or models.Overdraft.ALLOW),
        policy_id=to_int(input.policy_id, "policyId"),
    )
