"""Fixtures for the mail tests: one real Dovecot per session, an aiosmtpd sink, a migrated database."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casebook import events, settings
from casebook.db import tortoise_config
from casebook.mail import config, ratelimit
from support.dovecot import DovecotServer, running_dovecot
from support.smtp import SmtpSink

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    with running_dovecot() as server:
        yield server


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def database_url(tmp_path: Path) -> str:
    if os.environ.get("CASEBOOK_TEST_DATABASE") == "postgres":
        return os.environ.get(
            "CASEBOOK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        )
    return f"sqlite://{tmp_path / 'casebook.sqlite3'}"


async def _reset_postgres(url: str) -> None:
    import asyncpg

    dsn = url.replace("postgres://", "postgresql://", 1)
    base, _, name = dsn.rpartition("/")
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        if not await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", name
        ):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()


@pytest_asyncio.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    url = database_url(tmp_path)
    if url.startswith("postgres"):
        await _reset_postgres(url)
    monkeypatch.setattr(settings, "FILES_DIR", tmp_path / "files")
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    monkeypatch.setattr(settings, "SMTP_URL", None)
    monkeypatch.setattr(config, "LEASE_SECONDS", 5.0)
    monkeypatch.setattr(events, "listeners", [])
    ratelimit.reset()
    cfg = tortoise_config(url)
    await migrate(config=cfg)
    await Tortoise.init(config=cfg, _enable_global_fallback=True)
    try:
        yield url
    finally:
        await Tortoise.close_connections()
