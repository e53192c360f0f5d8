"""Fetching rows by id in one statement, for the domains' loaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casebook.sql import Sql


async def by_id(table: str, columns: str, ids: Sequence[int]) -> list[Any]:
    """The rows of `ids`, in their order, None where one does not exist; the caller's loader
    says which typed row they are."""
    sql = Sql()
    rows = await sql.fetch(f"SELECT {columns} FROM {table} WHERE id {sql.in_(list(ids), 'int')}")
    found = {r["id"]: r for r in rows}
    return [found.get(i) for i in ids]
