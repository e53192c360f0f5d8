from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.permissions import require_staff
from casebook.sql import Sql
from casebook.teams import services
from casebook.teams.types import Team


@strawberry.input
class TeamInput:
    name: str | None = None
    member_ids: list[strawberry.ID] | None = None


def _members(input: TeamInput) -> list[int] | None:
    if input.member_ids is None:
        return None
    return [to_int(m, "memberIds") for m in input.member_ids]  # type: ignore[misc]


@strawberry.type
class TeamQueries:
    @strawberry.field(description="Staff only.")
    async def teams(self, info: Info) -> list[Team]:
        require_staff(info.context.require_actor())
        return await Sql().fetch("SELECT id, name FROM teams ORDER BY name")  # type: ignore[return-value]


@strawberry.type
class TeamMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_team(self, info: Info, input: TeamInput) -> Team:
        team = await services.save_team(
            actor=info.context.require_actor(), name=input.name, member_ids=_members(input)
        )
        return {"id": team.id, "name": team.name}  # type: ignore[return-value]

    @strawberry.mutation(description="Admins only.")
    async def update_team(self, info: Info, id: strawberry.ID, input: TeamInput) -> Team:
        team = await services.save_team(
            actor=info.context.require_actor(),
            team_id=to_int(id, "id"),
            name=input.name,
            member_ids=_members(input),
        )
        return {"id": team.id, "name": team.name}  # type: ignore[return-value]
