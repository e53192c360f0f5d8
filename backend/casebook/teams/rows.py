"""A team as the read paths carry it: a plain row, selected with TEAM_COLUMNS."""

from __future__ import annotations

from typing import TypedDict


class TeamRow(TypedDict):
    id: int
    name: str
    assignment_strategy: str
    max_open_per_agent: int | None


TEAM_COLUMNS = ", ".join(TeamRow.__annotations__)
