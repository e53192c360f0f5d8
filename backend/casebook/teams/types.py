from __future__ import annotations

from typing import cast

import strawberry

from casebook import visibility
from casebook.graphql.context import Info
from casebook.teams.models import AssignmentStrategy as AssignmentStrategyEnum
from casebook.teams.rows import TeamRow
from casebook.users.rows import UserRow
from casebook.users.types import User

AssignmentStrategy = strawberry.enum(
    AssignmentStrategyEnum,
    description="How a team's new cases find their agent: MANUAL (someone picks), ROUND_ROBIN "
    "(in turn), LEAST_BUSY (fewest open cases). Only active members who are not away and below "
    "the team's maxOpenPerAgent are chosen; otherwise the case waits in the team's queue.",
)


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

    # How support distributes its work is internal, like who works in it: customers get null.
    @strawberry.field(description="Staff only (null for customers).")
    def assignment_strategy(self, root: TeamRow, info: Info) -> AssignmentStrategy | None:  # type: ignore[valid-type]
        if not visibility.sees_team_members(info.context.require_actor()):
            return None
        return AssignmentStrategyEnum(root["assignment_strategy"])

    @strawberry.field(description="Staff only (null for customers, and when there is no cap).")
    def max_open_per_agent(self, root: TeamRow, info: Info) -> int | None:
        if not visibility.sees_team_members(info.context.require_actor()):
            return None
        return root["max_open_per_agent"]
