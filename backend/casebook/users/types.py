from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from casebook import visibility
from casebook.graphql.context import Info
from casebook.graphql.enums import Role

if TYPE_CHECKING:
    from casebook.contacts.types import Contact
    from casebook.teams.types import Team


@strawberry.type(description="A staff member or portal user, as other people see them.")
class User:
    id: strawberry.ID
    name: str
    role: Role
    is_away: bool

    @strawberry.field
    def email(self, info: Info) -> str | None:
        return self["email"] if visibility.sees_staff_email(info.context.actor) else None  # type: ignore[index]


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    auto_follow: bool
    can_create_cases: bool
    can_see_account_cases: bool

    @strawberry.field
    def contact(self, info: Info) -> Annotated[Contact, strawberry.lazy("casebook.contacts.types")] | None:
        return info.context.loaders.contacts.get(self["contact_id"])  # type: ignore[index]

    @strawberry.field
    async def teams(self, info: Info) -> list[Annotated[Team, strawberry.lazy("casebook.teams.types")]]:
        ids = sorted(info.context.require_actor().team_ids)
        teams = info.context.loaders.teams
        await teams.load_many(ids)
        return [teams.rows[i] for i in ids if teams.rows[i]]


def viewer_row(actor: Any) -> dict[str, Any]:
    return {
        "id": actor.user_id,
        "name": actor.name,
        "email": actor.email,
        "role": actor.role,
        "auto_follow": actor.auto_follow,
        "can_create_cases": actor.can_create,
        "can_see_account_cases": actor.account_access,
        "contact_id": actor.contact_id,
    }
