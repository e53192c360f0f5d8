from __future__ import annotations

import strawberry

from casebook import visibility
from casebook.graphql.context import Info
from casebook.users.types import User


@strawberry.type(description="A queue of cases and the agents who work it.")
class Team:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def members(self, info: Info) -> list[User]:
        from casebook.teams.services import member_rows

        if not visibility.sees_team_members(info.context.require_actor()):
            return []
        return await member_rows(team_id=int(self["id"]))  # type: ignore[index]
