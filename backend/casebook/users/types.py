from __future__ import annotations

from typing import Annotated, Any

import strawberry

from casebook import visibility
from casebook.auth.actor import Actor
from casebook.contacts.rows import ContactRow
from casebook.graphql.context import Info
from casebook.graphql.enums import Role
from casebook.graphql.loaders import Loaded
from casebook.graphql.scalars import DateTime
from casebook.sql import Sql
from casebook.teams.rows import TeamRow
from casebook.users import absences as absence_service
from casebook.users.rows import UserRow, ViewerRow


@strawberry.type(description="A scheduled time away, in UTC (entered in the user's time zone).")
class Absence:
    id: strawberry.ID
    starts_at: DateTime
    ends_at: DateTime
    note: str | None


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

    @strawberry.field(
        description="The end of the absence running now (automatic assignment skips her until "
        "then); null if none. Staff only (null for customers)."
    )
    async def absent_until(self, root: UserRow, info: Info) -> DateTime | None:
        if not visibility.sees_team_members(info.context.require_actor()):
            return None
        ends = await info.context.loaders.absent_until.fetch(root["id"])
        return DateTime(ends) if ends else None


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

    @strawberry.field(description="Her away toggle: automatic assignment skips her while it is on.")
    async def is_away(self, root: ViewerRow) -> bool:
        return bool((await _own_row(root))["is_away"])

    @strawberry.field(description="IANA name; her absences are entered in it.")
    async def time_zone(self, root: ViewerRow) -> str:
        return str((await _own_row(root))["time_zone"])

    @strawberry.field(description="Her absences that have not ended, by start.", graphql_type=list[Absence])
    async def absences(self, root: ViewerRow) -> list[dict[str, Any]]:
        if root["id"] is None:
            return []
        return await absence_service.absences_of(root["id"])

    @strawberry.field(description="How many of her notifications are unread (the bell's badge).")
    async def unread_notification_count(self, info: Info) -> int:
        from casebook.notifications.services import unread_count

        return await unread_count(actor=info.context.require_actor())

    @strawberry.field(
        description="Why the portal refuses her a new case now (her organisation's allowance is used "
        "up), or null. Customers only: null for staff."
    )
    async def case_creation_blocked(self, info: Info) -> str | None:
        from casebook.entitlements.services import creation_blocked

        return await creation_blocked(actor=info.context.require_actor())

    @strawberry.field(graphql_type=list[Annotated["Team", strawberry.lazy("casebook.teams.types")]])  # type: ignore[name-defined]  # noqa: F821
    async def teams(self, root: ViewerRow, info: Info) -> list[TeamRow]:
        ids = sorted(info.context.require_actor().team_ids)
        teams = info.context.loaders.teams
        await teams.load_many(ids)
        return [team for i in ids if (team := teams.rows[i]) is not None]


async def _own_row(root: ViewerRow) -> dict[str, Any]:
    if root["id"] is None:
        return {"is_away": False, "time_zone": "UTC"}
    sql = Sql()
    rows = await sql.fetch(f"SELECT is_away, time_zone FROM users WHERE id = {sql.p(root['id'])}")
    return rows[0] if rows else {"is_away": False, "time_zone": "UTC"}


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
