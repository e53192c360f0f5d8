"""A team with a strategy and its agents, for the assignment tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest_asyncio

from casebook.auth.actor import Actor
from casebook.enums import Role
from casebook.teams.models import AssignmentStrategy
from casebook.teams.services import save_team

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")  # as tests/conftest.py's people use


@dataclass
class Staffed:
    team_id: int
    agents: list[Any]  # conftest.Person, in id order

    async def set(self, **settings: Any) -> None:
        await save_team(actor=ROOT, team_id=self.team_id, **settings)


@pytest_asyncio.fixture
async def staffed(people: Any) -> Any:
    """`await staffed(5, AssignmentStrategy.ROUND_ROBIN)`: a team with n agents."""

    async def make(
        n: int, strategy: AssignmentStrategy, *, name: str = "Support", **settings: Any
    ) -> Staffed:
        agents = [await people.make(Role.AGENT, f"{name}{i}") for i in range(n)]
        team = await save_team(
            actor=ROOT,
            name=name,
            member_ids=[a.id for a in agents],
            assignment_strategy=strategy,
            **settings,
        )
        return Staffed(team_id=team.id, agents=agents)

    return make
