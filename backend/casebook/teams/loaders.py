"""Batch reads of teams by id, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.graphql.rows import by_id
from casebook.teams.rows import TEAM_COLUMNS, TeamRow


async def teams_by_id(ids: Sequence[int]) -> list[TeamRow | None]:
    return await by_id("teams", TEAM_COLUMNS, ids)
