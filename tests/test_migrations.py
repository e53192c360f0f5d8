"""Migrating a database that has data, as an operator upgrading an installation does.

The suite's databases are migrated empty; these start at migration 0006 (the last release before
the event log), add a team, a case and its history, and migrate to the end: columns added since
need table defaults for the rows already there, and the history must arrive in the event log.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest_asyncio
from tortoise import connections
from tortoise.migrations.api.migrate import migrate

from casebook.db import tortoise_config
from support.config import POSTGRES_ADMIN, USE_POSTGRES


@pytest_asyncio.fixture
async def empty_url(tmp_path: object) -> AsyncIterator[str]:
    if not USE_POSTGRES:
        yield f"sqlite://{tmp_path}/upgrade.sqlite3"
        return
    name = f"casebook_upgrade_{uuid.uuid4().hex[:8]}"
    admin = POSTGRES_ADMIN.replace("postgres://", "postgresql://", 1)
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    yield POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    conn = await asyncpg.connect(admin)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def test_an_installation_with_data_upgrades_to_the_event_log(empty_url: str) -> None:
    config = tortoise_config(empty_url, statement_timeout=None)
    await migrate(config=config, target="models.0006_case_search_lock_order")
    db = connections.get("default")
    sqlite = db.capabilities.dialect == "sqlite"
    p = (lambda n: "?") if sqlite else (lambda n: f"${n}")
    now = datetime.now(UTC)
    await db.execute_query(f"INSERT INTO teams (name, created_at) VALUES ({p(1)}, {p(2)})", ["Support", now])
    await db.execute_query(
        "INSERT INTO cases (number, subject, status, priority, type, origin, tags, created_at, updated_at, team_id) "
        f"VALUES (10001, 'Printer', 'NEW', 'NORMAL', 'QUESTION', 'AGENT', '[]', {p(1)}, {p(2)}, 1)",
        [now, now],
    )
    for field, old, new in (("created", None, "10001"), ("priority", "LOW", "NORMAL")):
        await db.execute_query(
            "INSERT INTO case_history (case_id, actor_name, at, field, old_value, new_value) "
            f"VALUES (1, 'Ada', {p(1)}, {p(2)}, {p(3)}, {p(4)})",
            [now, field, old, new],
        )
    await connections.close_all()

    await migrate(config=config)
    db = connections.get("default")
    try:
        teams = await db.execute_query_dict("SELECT assignment_strategy, assignment_cursor FROM teams")
        assert teams == [{"assignment_strategy": "MANUAL", "assignment_cursor": 0}]
        logged = await db.execute_query_dict("SELECT id, kind, case_id, actor_name FROM events ORDER BY id")
        assert [(e["kind"], e["case_id"], e["actor_name"]) for e in logged] == [
            ("CASE_CREATED", 1, "Ada"),
            ("CASE_CHANGED", 1, "Ada"),
        ]
        # The consumers start after the copied history: nobody is mailed or assigned about the past.
        checkpoints = await db.execute_query_dict(
            "SELECT name, event_id FROM consumer_checkpoints ORDER BY name"
        )
        assert checkpoints == [
            {"name": "assignment", "event_id": logged[-1]["id"]},
            {"name": "entitlements", "event_id": logged[-1]["id"]},
            {"name": "notifications", "event_id": logged[-1]["id"]},
            {"name": "rules", "event_id": logged[-1]["id"]},
            {"name": "sla", "event_id": logged[-1]["id"]},
        ]
    finally:
        await connections.close_all()
