"""A small builder for the hand-written hot queries: bound parameters in either dialect.

Tortoise's RawSQL takes no parameters, and inlined values make a new statement per request,
so the list and search queries are written out here with placeholders instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from tortoise import connections

_PG_ARRAY = {"int": "int[]", "text": "text[]"}


def utc(value: Any) -> datetime | None:
    """A time column as either dialect returns it (SQLite: ISO text, naive when written naive;
    PostgreSQL: a datetime) as an aware UTC datetime; None stays None."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


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
        client = connections.get("default")
        reads = _reads.get()
        # Inside a transaction the client is the transaction's own: its statements stay on it.
        if reads is not None and reads.client is client:
            return await reads.fetch(query, self.params)
        return await client.execute_query_dict(query, self.params)


class _ReadConnection:
    """A read-only request's statements, one at a time on one pooled connection.

    A statement that comes while another of the same request runs (sibling resolvers, a loader,
    the count) waits for that connection instead of taking a second one from the pool: a request
    that holds one connection and waits for another deadlocks the pool as soon as as many
    requests as it has connections do so at once. The connection goes back to the pool as soon
    as none of the request's statements runs or waits, so the request holds nothing while it
    computes or while other code of it (Tortoise queries) takes a connection of its own.
    """

    __slots__ = ("client", "connection", "holder", "lock", "users")

    def __init__(self, client: Any) -> None:
        self.client = client
        self.lock = asyncio.Lock()
        self.users = 0
        self.holder: Any = None
        self.connection: Any = None

    async def fetch(self, query: str, params: list[Any]) -> list[dict[str, Any]]:
        self.users += 1
        try:
            async with self.lock:
                if self.connection is None:
                    self.holder = self.client.acquire_connection()
                    self.connection = await self.holder.__aenter__()
                rows = await self.connection.fetch(query, *params)
        finally:
            self.users -= 1
            if self.users == 0:
                await self.release()
        if not rows:
            return []
        names = tuple(rows[0].keys())
        return [dict(zip(names, row, strict=True)) for row in rows]  # a quarter cheaper than dict(row)

    async def release(self) -> None:
        if self.holder is not None:
            holder, self.holder, self.connection = self.holder, None, None
            await holder.__aexit__(None, None, None)


_reads: ContextVar[_ReadConnection | None] = ContextVar("casebook_read_connection", default=None)


@contextlib.asynccontextmanager
async def read_only_connection() -> AsyncIterator[None]:
    """Statements of Sql inside this block take turns on one connection (PostgreSQL; reads only)."""
    client = connections.get("default")
    if client.capabilities.dialect != "postgres":
        yield
        return
    reads = _ReadConnection(client)
    token = _reads.set(reads)
    try:
        yield
    finally:
        _reads.reset(token)
        await reads.release()


def current_dialect() -> str:
    return connections.get("default").capabilities.dialect
