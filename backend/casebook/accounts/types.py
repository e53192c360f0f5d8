from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from casebook import visibility
from casebook.accounts.rows import AccountRow
from casebook.contacts.rows import ContactRow
from casebook.graphql.context import Info

if TYPE_CHECKING:
    from casebook.cases.rows import CaseConnectionRow

# Resolvers take the typed row as `root`; `graphql_type` gives the GraphQL shape where the Python
# value (a row, or a loader's pending row) differs from it.


@strawberry.type(description="A customer company.")
class Account:
    id: strawberry.ID
    name: str
    domain: str | None
    phone: str | None

    @strawberry.field(graphql_type=list[Annotated["Contact", strawberry.lazy("casebook.contacts.types")]])  # type: ignore[name-defined]  # noqa: F821
    async def contacts(self, root: AccountRow, info: Info) -> list[ContactRow]:
        from casebook.contacts.services import contacts_of_account

        rows = await contacts_of_account(actor=info.context.require_actor(), account_id=root["id"])
        return cast(list[ContactRow], rows)

    @strawberry.field(
        metadata=visibility.depends_on(visibility.SCOPE),
        graphql_type=Annotated["CaseConnection", strawberry.lazy("casebook.cases.types")],  # noqa: F821
    )
    async def cases(
        self, root: AccountRow, info: Info, first: int | None = 25, after: str | None = None
    ) -> CaseConnectionRow:
        from casebook.cases.queries import case_connection

        return await case_connection(info, first=first, after=after, account_id=root["id"])

    @strawberry.field(
        description="Staff only (null for customers): all of the account's, current first.",
        graphql_type=list[Annotated["Entitlement", strawberry.lazy("casebook.entitlements.types")]] | None,  # type: ignore[name-defined]  # noqa: F821
    )
    async def entitlements(self, root: AccountRow, info: Info) -> list[Any] | None:
        from casebook.entitlements.services import entitlements_of_account
        from casebook.entitlements.types import Entitlement

        rows = await entitlements_of_account(actor=info.context.require_actor(), account_id=root["id"])
        return None if rows is None else [Entitlement.of(r) for r in rows]
