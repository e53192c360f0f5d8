from __future__ import annotations

from typing import cast

import strawberry

from casebook import visibility
from casebook.graphql.context import Info
from casebook.teams.rows import TeamRow
from casebook.users.rows import UserRow
from casebook.users.types import User


@strawberry.type(description="A queue of cases and the agents who work it.")
class Team:
    id: strawberry.ID
    name: str

    @strawberry.field(graphql_type=list[User])
    async def members(self, root: TeamRow, info: Info) -> list[UserRow]:
        from casebook.teams.services import member_rows

        if not visibility.sees_team_members(info.context.require_actor()):
            return []
        # member_rows selects the columns User shows (a part of UserRow).
        return cast(list[UserRow], await member_rows(team_id=root["id"]))
