"""A real `casebook serve` process with a migrated database and a few users, for black-box tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support.config import PASSWORD, USE_POSTGRES
from support.server import LiveServer, run_cli


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, database_template: str) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("server")
    if USE_POSTGRES:
        url = _fresh_postgres(database_template)
    else:
        url = f"sqlite://{tmp / 'casebook.sqlite3'}"
    env = {
        "CASEBOOK_DATABASE_URL": url,
        "CASEBOOK_FILES_DIR": str(tmp / "files"),
        "CASEBOOK_MAIL_WORKERS": "0",
    }
    run_cli("migrate", env=env)
    for email, role, name in (
        ("admin@example.test", "ADMIN", "Ada Admin"),
        ("agent@example.test", "AGENT", "Alice Agent"),
        ("carol@example.test", "CUSTOMER", "Carol Customer"),
        ("dave@example.test", "CUSTOMER", "Dave Customer"),
    ):
        run_cli(
            "create-user",
            "--email",
            email,
            "--password",
            PASSWORD,
            "--name",
            name,
            "--role",
            role,
            env=env,
        )
    live = LiveServer(env).start(tmp / "server.log")
    yield live
    live.stop()
    if USE_POSTGRES:
        _drop_postgres(url)


def _fresh_postgres(template_url: str) -> str:
    import asyncio
    import uuid

    import asyncpg

    base = template_url.rsplit("/", 1)[0]
    name = f"casebook_live_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        conn = await asyncpg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres")
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    return f"{base}/{name}"


def _drop_postgres(url: str) -> None:
    import asyncio

    import asyncpg

    base, name = url.rsplit("/", 1)

    async def drop() -> None:
        conn = await asyncpg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres")
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(drop())


@pytest.fixture(scope="module")
def tokens(server: LiveServer) -> dict[str, str]:
    return {who: server.login(f"{who}@example.test", PASSWORD) for who in ("admin", "agent", "carol", "dave")}


def data(result: dict[str, Any]) -> Any:
    assert "errors" not in result, result
    return result["data"]
