"""Shared fixtures: a fresh database per test on SQLite or PostgreSQL, the realtime hub, an API client.

`CASEBOOK_TEST_DATABASE=postgres` runs everything against the real PostgreSQL: the session creates
its own database (and drops it at the end), migrates it once, and empties it between tests.

Both paths, one run: every query document sent through `api` (and support.sockets.http) that the
server has a compiled plan for is answered both ways, the fast path and plain graphql-core, and
the two answers must be equal (support.paths.compared); every shared live result is checked
against the subscriber's own plain execution (support.paths.live_results_compared, autouse
below). A document costs one extra request, and only queries a plan answers; nothing else runs
twice. `CASEBOOK_FAST_PATH=false` (settings.FAST_PATH) switches the fast path off in the server.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise, connections

sys.path.insert(0, str(Path(__file__).resolve().parent))

from argon2 import PasswordHasher

from casebook import settings
from casebook.auth import passwords, ratelimit
from casebook.auth.actor import Actor
from casebook.db import tortoise_config
from casebook.enums import Role
from casebook.realtime.hub import hub
from casebook.sla import config as sla_config
from casebook.users.services import create_user
from support.config import PASSWORD, POSTGRES_ADMIN, USE_POSTGRES
from support.paths import compared, live_results_compared
from support.smtp import SmtpSink

# Real argon2id, with the cheapest parameters: the default cost (~0.1 s a hash) would dominate.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _migrate(url: str) -> None:
    from tortoise.migrations.api.migrate import migrate

    await migrate(config=tortoise_config(url))
    await connections.close_all()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database made once per session: a file to copy, or a PostgreSQL database."""
    if USE_POSTGRES:
        import asyncpg

        name = f"casebook_test_{uuid.uuid4().hex[:8]}"
        admin_dsn = POSTGRES_ADMIN.replace("postgres://", "postgresql://", 1)

        async def create() -> None:
            conn = await asyncpg.connect(admin_dsn)
            await conn.execute(f'CREATE DATABASE "{name}"')
            await conn.close()

        async def drop() -> None:
            conn = await asyncpg.connect(admin_dsn)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

        _run(create())
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name
        _run(_migrate(url))
        yield url
        _run(drop())
    else:
        path = tmp_path_factory.mktemp("template") / "casebook.sqlite3"
        _run(_migrate(f"sqlite://{path}"))
        yield str(path)


async def _empty_postgres() -> None:
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tortoise_migrations'"
    )
    tables = ", ".join(f'"{r["tablename"]}"' for r in rows)
    await conn.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    await conn.execute_script("INSERT INTO case_counters (name, value) VALUES ('case_number', 10000)")


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if USE_POSTGRES:
        return database_template
    path = tmp_path / "casebook.sqlite3"
    shutil.copy(database_template, path)
    return f"sqlite://{path}"


@pytest_asyncio.fixture
async def db(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """An initialised, empty, migrated database and a running in-memory realtime hub."""
    monkeypatch.setattr(settings, "DATABASE_URL", database_url)
    monkeypatch.setattr(settings, "FILES_DIR", tmp_path / "files")
    ratelimit.reset()
    sla_config.invalidate()  # the per-process SLA snapshot must not outlive its database
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    if USE_POSTGRES:
        await _empty_postgres()
    await hub.start("memory://")
    try:
        yield database_url
    finally:
        await hub.stop()
        await Tortoise.close_connections()


@pytest.fixture(autouse=True)
def both_live_paths() -> Iterator[None]:
    with live_results_compared():
        yield


@dataclass
class Person:
    id: int
    email: str
    actor: Actor
    token: str


@pytest_asyncio.fixture
async def people(db: str) -> Any:
    """Make users with a real session token: `await people.make(Role.AGENT, "alice")`."""
    from casebook.auth.services import login

    class Factory:
        async def make(self, role: Role, name: str, **options: Any) -> Person:
            root = Actor(user_id=None, role=Role.ADMIN, name="tests")
            email = f"{name.lower()}@example.test"
            user = await create_user(
                actor=root, email=email, password=PASSWORD, name=name, role=role, **options
            )
            signed_in = await login(email=email, password=PASSWORD, client=f"test-{name}")
            return Person(id=user.id, email=email, actor=signed_in.actor, token=signed_in.token)

    return Factory()


class Api:
    """GraphQL over the ASGI app in-process (the lifespan's work is done by the `db` fixture)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        as_: Person | None = None,
        headers: dict[str, str] | None = None,
        both_ways: bool = True,
    ) -> dict[str, Any]:
        """`both_ways=False` only where a test counts what one request does (its statements)."""
        hdrs = dict(headers or {})
        if as_ is not None:
            hdrs["authorization"] = f"Bearer {as_.token}"

        async def send() -> dict[str, Any]:
            response = await self.client.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=hdrs
            )
            assert response.status_code == 200, response.text
            return response.json()  # type: ignore[no-any-return]

        return await compared(query, None, send) if both_ways else await send()


@pytest_asyncio.fixture
async def api(db: str) -> AsyncIterator[Api]:
    from casebook.app import create_app

    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on a free port, for the mail and background tests."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()
