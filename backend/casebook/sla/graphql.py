"""SLA calendars and policies over GraphQL: staff read them (customers get FORBIDDEN), admins
change them (everyone else gets FORBIDDEN)."""

from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.sla import services
from casebook.sla.types import (
    SlaCalendar,
    SlaCalendarInput,
    SlaPolicy,
    SlaPolicyInput,
    calendar_given,
    policy_given,
)


def _id(value: strawberry.ID, field: str) -> int:
    number = to_int(value, field)
    assert number is not None
    return number


@strawberry.type
class SlaQueries:
    @strawberry.field(description="Staff only: the business calendars, oldest first.")
    async def sla_calendars(self, info: Info) -> list[SlaCalendar]:
        return [SlaCalendar.of(c) for c in await services.list_calendars(actor=info.context.require_actor())]

    @strawberry.field(description="Staff only: the SLA policies, in the order they are tried.")
    async def sla_policies(self, info: Info) -> list[SlaPolicy]:
        return [SlaPolicy.of(p) for p in await services.list_policies(actor=info.context.require_actor())]


@strawberry.type
class SlaMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_sla_calendar(self, info: Info, input: SlaCalendarInput) -> SlaCalendar:
        spec = await services.create_calendar(actor=info.context.require_actor(), given=calendar_given(input))
        return SlaCalendar.of(spec)

    @strawberry.mutation(description="Admins only.")
    async def update_sla_calendar(
        self, info: Info, id: strawberry.ID, input: SlaCalendarInput
    ) -> SlaCalendar:
        spec = await services.update_calendar(
            actor=info.context.require_actor(), calendar_id=_id(id, "id"), given=calendar_given(input)
        )
        return SlaCalendar.of(spec)

    @strawberry.mutation(description="Admins only: its policies fall back to the default calendar.")
    async def delete_sla_calendar(self, info: Info, id: strawberry.ID) -> bool:
        return await services.delete_calendar(actor=info.context.require_actor(), calendar_id=_id(id, "id"))

    @strawberry.mutation(description="Admins only: the all-day events of an iCalendar text as holidays.")
    async def import_sla_holidays(
        self, info: Info, calendar_id: strawberry.ID, ics: str, replace: bool | None = False
    ) -> SlaCalendar:
        spec = await services.import_holidays(
            actor=info.context.require_actor(),
            calendar_id=_id(calendar_id, "calendarId"),
            text=ics,
            replace=bool(replace),
        )
        return SlaCalendar.of(spec)

    @strawberry.mutation(description="Admins only.")
    async def create_sla_policy(self, info: Info, input: SlaPolicyInput) -> SlaPolicy:
        spec = await services.create_policy(actor=info.context.require_actor(), given=policy_given(input))
        return SlaPolicy.of(spec)

    @strawberry.mutation(description="Admins only: open cases of the policy are re-timed.")
    async def update_sla_policy(self, info: Info, id: strawberry.ID, input: SlaPolicyInput) -> SlaPolicy:
        spec = await services.update_policy(
            actor=info.context.require_actor(), policy_id=_id(id, "id"), given=policy_given(input)
        )
        return SlaPolicy.of(spec)

    @strawberry.mutation(description="Admins only: open clocks keep their targets.")
    async def delete_sla_policy(self, info: Info, id: strawberry.ID) -> bool:
        return await services.delete_policy(actor=info.context.require_actor(), policy_id=_id(id, "id"))

    @strawberry.mutation(description="Admins only: positions become 10, 20, 30 … in this order.")
    async def reorder_sla_policies(self, info: Info, ids: list[strawberry.ID]) -> list[SlaPolicy]:
        specs = await services.reorder_policies(
            actor=info.context.require_actor(), policy_ids=[_id(i, "ids") for i in ids]
        )
        return [SlaPolicy.of(s) for s in specs]
