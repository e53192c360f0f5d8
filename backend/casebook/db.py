"""Tortoise configuration: which models modules make up each app, and where their migrations live."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.config_generator import expand_db_url

from casebook import settings

CORE_MODELS = [
    "casebook.users.models",
    "casebook.auth.models",
    "casebook.accounts.models",
    "casebook.contacts.models",
    "casebook.teams.models",
    "casebook.cases.models",
    "casebook.stream.models",
    "casebook.events.models",
    "casebook.background.models",
]


def tortoise_config(
    database_url: str | None = None, *, statement_timeout: float | None = settings.DATABASE_STATEMENT_TIMEOUT
) -> dict[str, Any]:
    """`statement_timeout=None` for migrations: a backfill or index build may take longer."""
    url = database_url or settings.DATABASE_URL
    return {
        "connections": {"default": _connection(url, statement_timeout)},
        "apps": {
            "models": {
                "models": CORE_MODELS,
                "migrations": "casebook.migrations",
                "default_connection": "default",
            },
            "mail": {
                "models": ["casebook.mail.models"],
                "migrations": "casebook.mail.migrations",
                "default_connection": "default",
            },
            "rules": {
                "models": ["casebook.rules.models"],
                "migrations": "casebook.rules.migrations",
                "default_connection": "default",
            },
            "activities": {
                "models": ["casebook.activities.models"],
                "migrations": "casebook.activities.migrations",
                "default_connection": "default",
            },
            "notifications": {
                "models": ["casebook.notifications.models"],
                "migrations": "casebook.notifications.migrations",
                "default_connection": "default",
            },
            "sla": {
                "models": ["casebook.sla.models"],
                "migrations": "casebook.sla.migrations",
                "default_connection": "default",
            },
            "entitlements": {
                "models": ["casebook.entitlements.models"],
                "migrations": "casebook.entitlements.migrations",
                "default_connection": "default",
            },
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(url: str, statement_timeout: float | None) -> Any:
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        # WAL lets readers go on while one process writes; the busy timeout makes a second
        # writing process wait instead of failing with "database is locked".
        return {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": path,
                "journal_mode": "WAL",
                "foreign_keys": "ON",
                "busy_timeout": 15000,
            },
        }
    # Tortoise's default pool of 5 connections queues requests under load (bench/README.md);
    # an explicit maxsize in the URL wins.
    if "maxsize=" not in url:
        url += ("&" if "?" in url else "?") + f"maxsize={settings.DATABASE_POOL_SIZE}"
    config = expand_db_url(url)
    # Tortoise takes a pooled connection per statement, and asyncpg's default release runs
    # `RESET ALL; UNLISTEN *; CLOSE ALL; pg_advisory_unlock_all()`: one more round trip for every
    # statement (bench/README.md). Nothing here changes session state (no SET, LISTEN, WITH HOLD
    # cursors or session advisory locks; the broadcast backend has its own connection), so release
    # only does what it always does first: roll back a transaction left open.
    config["credentials"]["reset"] = _keep_session
    # Every wait on the database ends: a statement after statement_timeout (asyncpg cancels it on
    # the server), a wait for a pooled connection after DATABASE_POOL_TIMEOUT (PostgresClient).
    # An exhausted pool then answers INTERNAL and recovers, instead of queueing forever.
    if statement_timeout:
        config["credentials"]["command_timeout"] = statement_timeout
    config["engine"] = "casebook.db"  # Tortoise takes the client from this module's `client_class`
    return config


async def _keep_session(connection: Any) -> None:
    return None


class _BoundedPool(asyncpg.Pool):
    """asyncpg's pool, whose acquire waits at most `acquire_timeout` unless told otherwise.

    Tortoise calls `pool.acquire()` without a timeout (statements and transactions alike), so the
    bound is the pool's default rather than an argument at each call.
    """

    acquire_timeout: float | None = None

    def acquire(self, *, timeout: float | None = None) -> Any:
        return super().acquire(timeout=self.acquire_timeout if timeout is None else timeout)


class PostgresClient(AsyncpgDBClient):
    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        # asyncpg.create_pool's defaults, which Pool itself requires as arguments.
        kwargs.setdefault("max_queries", 50000)
        kwargs.setdefault("max_inactive_connection_lifetime", 300.0)
        kwargs.setdefault("record_class", asyncpg.Record)
        pool = _BoundedPool(None, **kwargs)
        pool.acquire_timeout = settings.DATABASE_POOL_TIMEOUT or None
        return await pool


client_class = PostgresClient


def is_sqlite(url: str | None = None) -> bool:
    return (url or settings.DATABASE_URL).startswith("sqlite")


T = TypeVar("T")

# serialization_failure, deadlock_detected: PostgreSQL rolled the transaction back, and running it
# again is the documented answer.
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
CONFLICT_ATTEMPTS = 3


def is_conflict(exc: BaseException) -> bool:
    """Whether `exc` (or what it wraps: Tortoise re-raises driver errors) is a retryable abort."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlstate", None) in CONFLICT_SQLSTATES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def retry_conflicts(attempt: Callable[[], Awaitable[T]], *, attempts: int | None = None) -> T:
    """`attempt()`, run again after a short random pause while it fails with a conflict, at most
    `attempts` (CONFLICT_ATTEMPTS) times in all. `attempt` must be a whole transaction: it is
    re-run from its start."""
    attempts = attempts or CONFLICT_ATTEMPTS
    for n in range(1, attempts + 1):
        try:
            return await attempt()
        except Exception as exc:
            if n == attempts or not is_conflict(exc):
                raise
        # Jitter, so two transactions that deadlocked each other do not meet again in step.
        await asyncio.sleep(random.uniform(0.005, 0.025) * n)
    raise AssertionError("unreachable")


# For Tortoise's own CLI (`tortoise -c casebook.db.TORTOISE_ORM makemigrations`).
TORTOISE_ORM = tortoise_config()
