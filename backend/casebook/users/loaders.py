"""Batch reads of users by id, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.graphql.rows import by_id
from casebook.users.rows import USER_COLUMNS, UserRow


async def users_by_id(ids: Sequence[int]) -> list[UserRow | None]:
    return await by_id("users", USER_COLUMNS, ids)
