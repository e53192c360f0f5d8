from __future__ import annotations

import strawberry

from casebook.accounts import services
from casebook.accounts.types import Account
from casebook.graphql.context import Info
from casebook.graphql.directory import directory_page, given
from casebook.graphql.ids import to_int
from casebook.graphql.relay import PageInfo
from casebook.permissions import require_staff


@strawberry.type
class AccountEdge:
    cursor: str
    node: Account


@strawberry.type
class AccountConnection:
    edges: list[AccountEdge]
    page_info: PageInfo


@strawberry.input
class AccountInput:
    name: str | None = strawberry.UNSET
    domain: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Staff only.")
    async def accounts(
        self, info: Info, first: int | None = 25, after: str | None = None, search: str | None = None
    ) -> AccountConnection:
        return await directory_page(  # type: ignore[return-value]
            info,
            "accounts",
            "id, name, domain, phone, notes",
            search_column="domain",
            first=first,
            after=after,
            search=search,
        )

    @strawberry.field(description="Staff only.")
    def account(self, info: Info, id: strawberry.ID) -> Account | None:
        require_staff(info.context.require_actor())
        return info.context.loaders.accounts.get(to_int(id, "id"))  # type: ignore[no-any-return]


@strawberry.type
class AccountMutations:
    @strawberry.mutation
    async def create_account(self, info: Info, input: AccountInput) -> Account:
        account = await services.save_account(actor=info.context.require_actor(), **given(input))
        return await info.context.loaders.accounts.fetch(account.id, fresh=True)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def update_account(self, info: Info, id: strawberry.ID, input: AccountInput) -> Account:
        account = await services.save_account(
            actor=info.context.require_actor(), account_id=to_int(id, "id"), **given(input)
        )
        return await info.context.loaders.accounts.fetch(account.id, fresh=True)  # type: ignore[no-any-return]
