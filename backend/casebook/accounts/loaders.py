"""Batch reads of accounts by id, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.accounts.rows import ACCOUNT_COLUMNS, AccountRow
from casebook.graphql.rows import by_id


async def accounts_by_id(ids: Sequence[int]) -> list[AccountRow | None]:
    return await by_id("accounts", ACCOUNT_COLUMNS, ids)
