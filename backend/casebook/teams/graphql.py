from __future__ import annotations

from typing import Any

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.permissions import require_staff
from casebook.sql import Sql
from casebook.teams import services
from casebook.teams.models import AssignmentStrategy as AssignmentStrategyEnum
from casebook.teams.rows import TEAM_COLUMNS
from casebook.teams.types import AssignmentStrategy, Team


@strawberry.input
class TeamInput:
    name: str | None = None
    member_ids: list[strawberry.ID] | None = None
    assignment_strategy: AssignmentStrategy | None = None  # type: ignore[valid-type]
    max_open_per_agent: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="At most this many open cases per agent before automatic assignment skips "
        "them (their open cases of every team count); null: no cap.",
    )


def _members(input: TeamInput) -> list[int] | None:
    if input.member_ids is None:
        return None
    return [to_int(m, "memberIds") for m in input.member_ids]  # type: ignore[misc]


def _settings(input: TeamInput) -> dict[str, Any]:
    given: dict[str, Any] = {}
    if input.assignment_strategy is not None:
        given["assignment_strategy"] = AssignmentStrategyEnum(input.assignment_strategy)
    if input.max_open_per_agent is not strawberry.UNSET:
        given["max_open_per_agent"] = input.max_open_per_agent
    return given


async def _row(team_id: int) -> Team:
    sql = Sql()
    [row] = await sql.fetch(f"SELECT {TEAM_COLUMNS} FROM teams WHERE id = {sql.p(team_id)}")
    return row  # type: ignore[return-value]


@strawberry.type
class TeamQueries:
    @strawberry.field(description="Staff only.")
    async def teams(self, info: Info) -> list[Team]:
        require_staff(info.context.require_actor())
        return await Sql().fetch(f"SELECT {TEAM_COLUMNS} FROM teams ORDER BY name")  # type: ignore[return-value]


@strawberry.type
class TeamMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_team(self, info: Info, input: TeamInput) -> Team:
        team = await services.save_team(
            actor=info.context.require_actor(),
            name=input.name,
            member_ids=_members(input),
            **_settings(input),
        )
        return await _row(team.id)

    @strawberry.mutation(description="Admins only.")
    async def update_team(self, info: Info, id: strawberry.ID, input: TeamInput) -> Team:
        team = await services.save_team(
            actor=info.context.require_actor(),
            team_id=to_int(id, "id"),
            name=input.name,
            member_ids=_members(input),
            **_settings(input),
        )
        return await _row(team.id)
