from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from casebook import visibility
from casebook.graphql.context import Info

if TYPE_CHECKING:
    from casebook.accounts.types import Account
    from casebook.cases.types import CaseConnection


@strawberry.type(description="A person on the customer side.")
class Contact:
    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None

    @strawberry.field
    def account(self, info: Info) -> Annotated[Account, strawberry.lazy("casebook.accounts.types")] | None:
        return info.context.loaders.accounts.get(self["account_id"])  # type: ignore[index]

    @strawberry.field(metadata=visibility.depends_on(visibility.SCOPE))
    async def cases(
        self, info: Info, first: int | None = 25, after: str | None = None
    ) -> Annotated[CaseConnection, strawberry.lazy("casebook.cases.types")]:
        from casebook.cases.queries import case_connection

        return await case_connection(info, first=first, after=after, contact_id=int(self["id"]))  # type: ignore[index]
