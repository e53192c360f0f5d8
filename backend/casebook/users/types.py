from __future__ import annotations

from typing import Annotated

import strawberry

from casebook import visibility
from casebook.auth.actor import Actor
from casebook.contacts.rows import ContactRow
from casebook.graphql.context import Info
from casebook.graphql.enums import Role
from casebook.graphql.loaders import Loaded
from casebook.teams.rows import TeamRow
from casebook.users.rows import UserRow, ViewerRow

# Resolvers take the typed row as `root`; `graphql_type` gives the GraphQL shape where the Python
# value (a row, or a loader's pending row) differs from it.


@strawberry.type(description="A staff member or portal user, as other people see them.")
class User:
    id: strawberry.ID
    name: str
    role: Role
    is_away: bool

    @strawberry.field
    def email(self, root: UserRow, info: Info) -> str | None:
        return root["email"] if visibility.sees_staff_email(info.context.actor) else None


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    role: Role
    auto_follow: bool
    can_create_cases: bool
    can_see_account_cases: bool

    @strawberry.field(graphql_type=Annotated["Contact", strawberry.lazy("casebook.contacts.types")] | None)  # noqa: F821
    def contact(self, root: ViewerRow, info: Info) -> Loaded[ContactRow | None]:
        return info.context.loaders.contacts.get(root["contact_id"])

    @strawberry.field(graphql_type=list[Annotated["Team", strawberry.lazy("casebook.teams.types")]])  # type: ignore[name-defined]  # noqa: F821
    async def teams(self, root: ViewerRow, info: Info) -> list[TeamRow]:
        ids = sorted(info.context.require_actor().team_ids)
        teams = info.context.loaders.teams
        await teams.load_many(ids)
        return [team for i in ids if (team := teams.rows[i]) is not None]


def viewer_row(actor: Actor) -> ViewerRow:
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
