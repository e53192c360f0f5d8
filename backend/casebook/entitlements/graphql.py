"""Entitlement mutations: admins only (others get FORBIDDEN). Staff read entitlements through
Account.entitlements (casebook.accounts.types)."""

from __future__ import annotations

import strawberry

from casebook.entitlements import services
from casebook.entitlements.types import Entitlement, EntitlementInput, given
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int


def _id(value: strawberry.ID, field: str) -> int:
    number = to_int(value, field)
    assert number is not None
    return number


@strawberry.type
class EntitlementMutations:
    @strawberry.mutation(description="Admins only: its allocation is posted as its first entry.")
    async def create_entitlement(
        self, info: Info, account_id: strawberry.ID, input: EntitlementInput
    ) -> Entitlement:
        actor = info.context.require_actor()
        row = await services.create_entitlement(
            actor=actor, account_id=_id(account_id, "accountId"), given=given(input)
        )
        return Entitlement.of(row)

    @strawberry.mutation(description="Admins only: a changed allocation posts the difference (ALLOCATED).")
    async def update_entitlement(self, info: Info, id: strawberry.ID, input: EntitlementInput) -> Entitlement:
        row = await services.update_entitlement(
            actor=info.context.require_actor(), entitlement_id=_id(id, "id"), given=given(input)
        )
        return Entitlement.of(row)

    @strawberry.mutation(description="Admins only: an ADJUSTMENT entry of amount (cases, or hours).")
    async def adjust_entitlement(
        self, info: Info, id: strawberry.ID, amount: float, note: str
    ) -> Entitlement:
        row = await services.adjust_entitlement(
            actor=info.context.require_actor(), entitlement_id=_id(id, "id"), amount=amount, note=note
        )
        return Entitlement.of(row)
