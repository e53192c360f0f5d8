"""sql.py: a request's concurrent statements never hold two pooled connections, and every wait ends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from tortoise import Tortoise, connections

from casebook import settings
from casebook.db import tortoise_config
from casebook.sql import Sql, read_only_connection
from casebook.users.models import User
from support.config import USE_POSTGRES

postgres_only = pytest.mark.skipif(not USE_POSTGRES, reason="SQLite has no connection pool")


@pytest_asyncio.fixture
async def one_connection(db: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """The same database behind a pool of a single connection, whose waits end after 1 s."""
    monkeypatch.setattr(settings, "DATABASE_POOL_TIMEOUT", 1.0)
    await Tortoise.close_connections()
    url = db if db.startswith("sqlite") else db + ("&" if "?" in db else "?") + "maxsize=1"
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    yield


def _slow(n: int) -> str:
    if Sql().sqlite:
        return f"SELECT {n} AS n"
    return f"SELECT {n} AS n FROM pg_sleep(0.05)"


async def test_sibling_statements_of_a_request_share_the_one_connection(one_connection: None) -> None:
    async with read_only_connection():
        first, second, third = await asyncio.wait_for(
            asyncio.gather(Sql().fetch(_slow(1)), Sql().fetch(_slow(2)), Sql().fetch("SELECT 3 AS n")), 5
        )
    assert (first, second, third) == ([{"n": 1}], [{"n": 2}], [{"n": 3}])


async def test_a_request_holds_no_connection_between_its_statements(one_connection: None) -> None:
    # Tortoise's own queries take a connection from the pool: the request must not be holding it.
    async with read_only_connection():
        rows, users = await asyncio.wait_for(asyncio.gather(Sql().fetch(_slow(1)), User.all().count()), 5)
        again = await asyncio.wait_for(User.all().count(), 5)
    assert rows == [{"n": 1}]
    assert users == again == 0


async def test_statements_in_a_transaction_stay_on_its_connection(one_connection: None) -> None:
    from tortoise.transactions import in_transaction

    async with read_only_connection(), in_transaction():
        assert await asyncio.wait_for(Sql().fetch("SELECT 1 AS n"), 5) == [{"n": 1}]


@postgres_only
async def test_an_exhausted_pool_fails_quickly_and_recovers(one_connection: None) -> None:
    client = connections.get("default")
    async with client.acquire_connection():
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(Sql().fetch("SELECT 1 AS n"), 5)  # 5 s: the test's own bound
        assert time.monotonic() - started < 3
    assert await Sql().fetch("SELECT 1 AS n") == [{"n": 1}]


@postgres_only
async def test_a_statement_ends_after_the_statement_timeout(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(db, statement_timeout=0.2), _enable_global_fallback=True)
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(Sql().fetch("SELECT 1 AS n FROM pg_sleep(5)"), 4)
    assert time.monotonic() - started < 3
    assert await Sql().fetch("SELECT 1 AS n") == [{"n": 1}]
