"""Tortoise configuration: which models modules make up each app, and where their migrations live."""

from __future__ import annotations

from typing import Any

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
]


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    url = database_url or settings.DATABASE_URL
    return {
        "connections": {"default": _connection(url)},
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
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(url: str) -> Any:
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
    return config


async def _keep_session(connection: Any) -> None:
    return None


def is_sqlite(url: str | None = None) -> bool:
    return (url or settings.DATABASE_URL).startswith("sqlite")


# For Tortoise's own CLI (`tortoise -c casebook.db.TORTOISE_ORM makemigrations`).
TORTOISE_ORM = tortoise_config()
