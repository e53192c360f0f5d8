from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from casebook import visibility
from casebook.accounts.rows import AccountRow
from casebook.contacts.rows import ContactRow
from casebook.graphql.context import Info
from casebook.graphql.loaders import Loaded

if TYPE_CHECKING:
    from casebook.cases.rows import CaseConnectionRow

# Resolvers take the typed row as `root`; `graphql_type` gives the GraphQL shape where the Python
# value (a row, or a loader's pending row) differs from it.


@strawberry.type(description="A person on the customer side.")
class Contact:
    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None

    @strawberry.field(graphql_type=Annotated["Account", strawberry.lazy("casebook.accounts.types")] | None)  # noqa: F821
    def account(self, root: ContactRow, info: Info) -> Loaded[AccountRow | None]:
        return info.context.loaders.accounts.get(root["account_id"])

    @strawberry.field(
        metadata=visibility.depends_on(visibility.SCOPE),
        graphql_type=Annotated["CaseConnection", strawberry.lazy("casebook.cases.types")],  # noqa: F821
    )
    async def cases(
        self, root: ContactRow, info: Info, first: int | None = 25, after: str | None = None
    ) -> CaseConnectionRow:
        from casebook.cases.queries import case_connection

        return await case_connection(info, first=first, after=after, contact_id=root["id"])
