from __future__ import annotations

import strawberry

from casebook.contacts import services
from casebook.contacts.types import Contact
from casebook.graphql.context import Info
from casebook.graphql.directory import directory_page, given
from casebook.graphql.ids import to_int
from casebook.graphql.relay import PageInfo
from casebook.permissions import require_staff


@strawberry.type
class ContactEdge:
    cursor: str
    node: Contact


@strawberry.type
class ContactConnection:
    edges: list[ContactEdge]
    page_info: PageInfo


@strawberry.input
class ContactInput:
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    account_id: strawberry.ID | None = strawberry.UNSET


def _fields(input: ContactInput) -> dict[str, object]:
    fields = given(input)
    if "account_id" in fields:
        fields["account_id"] = to_int(fields["account_id"], "accountId")
    return fields


@strawberry.type
class ContactQueries:
    @strawberry.field(description="Staff only.")
    async def contacts(
        self,
        info: Info,
        first: int | None = 25,
        after: str | None = None,
        search: str | None = None,
        account_id: strawberry.ID | None = None,
    ) -> ContactConnection:
        account = to_int(account_id, "accountId")
        return await directory_page(  # type: ignore[return-value]
            info,
            "contacts",
            "id, name, email, phone, account_id",
            search_column="email",
            first=first,
            after=after,
            search=search,
            equals=("account_id", account) if account is not None else None,
        )

    @strawberry.field(description="Staff only.")
    def contact(self, info: Info, id: strawberry.ID) -> Contact | None:
        require_staff(info.context.require_actor())
        return info.context.loaders.contacts.get(to_int(id, "id"))  # type: ignore[no-any-return]


@strawberry.type
class ContactMutations:
    @strawberry.mutation
    async def create_contact(self, info: Info, input: ContactInput) -> Contact:
        contact = await services.save_contact(actor=info.context.require_actor(), **_fields(input))
        return await info.context.loaders.contacts.fetch(contact.id, fresh=True)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def update_contact(self, info: Info, id: strawberry.ID, input: ContactInput) -> Contact:
        contact = await services.save_contact(
            actor=info.context.require_actor(), contact_id=to_int(id, "id"), **_fields(input)
        )
        return await info.context.loaders.contacts.fetch(contact.id, fresh=True)  # type: ignore[no-any-return]
