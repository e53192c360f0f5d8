from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from casebook import visibility
from casebook.graphql.context import Info

if TYPE_CHECKING:
    from casebook.cases.types import CaseConnection
    from casebook.contacts.types import Contact


@strawberry.type(description="A customer company.")
class Account:
    id: strawberry.ID
    name: str
    domain: str | None
    phone: str | None

    @strawberry.field
    async def contacts(
        self, info: Info
    ) -> list[Annotated[Contact, strawberry.lazy("casebook.contacts.types")]]:
        from casebook.contacts.services import contacts_of_account

        return await contacts_of_account(actor=info.context.require_actor(), account_id=self["id"])  # type: ignore[index]

    @strawberry.field(metadata=visibility.depends_on(visibility.SCOPE))
    async def cases(
        self, info: Info, first: int | None = 25, after: str | None = None
    ) -> Annotated[CaseConnection, strawberry.lazy("casebook.cases.types")]:
        from casebook.cases.queries import case_connection

        return await case_connection(info, first=first, after=after, account_id=int(self["id"]))  # type: ignore[index]
