"""A small builder for the hand-written hot queries: bound parameters in either dialect.

Tortoise's RawSQL takes no parameters, and inlined values make a new statement per request,
so the list and search queries are written out here with placeholders instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise import connections

_PG_ARRAY = {"int": "int[]", "text": "text[]"}


class Sql:
    def __init__(self, dialect: str | None = None) -> None:
        self.dialect = dialect or current_dialect()
        self.params: list[Any] = []

    @property
    def sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def p(self, value: Any) -> str:
        """Binds one value and returns its placeholder."""
        self.params.append(value)
        return "?" if self.sqlite else f"${len(self.params)}"

    def in_(self, values: Sequence[Any], kind: str) -> str:
        """`IN (…)` on SQLite, `= ANY($n::type[])` on PostgreSQL (one statement for any length)."""
        if not values:
            return "IN (NULL)"
        if self.sqlite:
            return "IN (" + ", ".join(self.p(v) for v in values) + ")"
        return f"= ANY({self.p(list(values))}::{_PG_ARRAY[kind]})"

    async def fetch(self, query: str) -> list[dict[str, Any]]:
        return await connections.get("default").execute_query_dict(query, self.params)


def current_dialect() -> str:
    return connections.get("default").capabilities.dialect
