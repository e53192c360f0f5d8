"""Batch reads of users by id, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from casebook.graphql.rows import by_id
from casebook.users.rows import USER_COLUMNS, UserRow


async def users_by_id(ids: Sequence[int]) -> list[UserRow | None]:
    return await by_id("users", USER_COLUMNS, ids)


async def absent_until_by_user(ids: Sequence[int]) -> list[datetime | None]:
    """When each user's absence running now ends (None: not absent), in one statement."""
    from casebook.users.absences import absent_until

    found = await absent_until(ids)
    return [found.get(i) for i in ids]
