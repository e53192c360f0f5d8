"""The `casebook` command (API.md): serve, migrate, create-user, seed-demo, export-schema, the
background worker and the mail commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any


def _with_database(func: Callable[..., Awaitable[int | None]]) -> Callable[..., int]:
    """Runs a command as the server runs requests: database and realtime hub up.

    With the hub running, the events a command causes go out over the process's one broadcast
    connection (other processes' subscribers hear them) instead of a connection per event.
    """

    def run(args: argparse.Namespace) -> int:
        async def main() -> int | None:
            from tortoise import Tortoise

            from casebook.app import start_database
            from casebook.realtime.hub import hub

            await start_database()
            await hub.start()
            try:
                return await func(args)
            finally:
                await hub.stop()
                await Tortoise.close_connections()

        return asyncio.run(main()) or 0

    return run


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "casebook.app:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        # Small JSON frames gain little from compression and it roughly doubles the memory
        # held per idle subscriber (STACK.md).
        ws_per_message_deflate=False,
        proxy_headers=True,
        log_level="info",
    )
    return 0


def migrate(args: argparse.Namespace) -> int:
    from tortoise.migrations.api import migrate as run_migrations

    from casebook.db import tortoise_config

    async def main() -> None:
        from tortoise import Tortoise

        # A backfill or index build on a large database may outlast the serving statement timeout.
        try:
            await run_migrations(config=tortoise_config(statement_timeout=None))
        finally:
            # Also after a failed migration: an open SQLite connection's worker thread would keep
            # the process from exiting, so the error would hang instead of ending the command.
            await Tortoise.close_connections()

    asyncio.run(main())
    print("database is up to date")
    return 0


@_with_database
async def create_user(args: argparse.Namespace) -> int:
    from casebook.auth.actor import Actor
    from casebook.enums import Role
    from casebook.errors import CasebookError
    from casebook.users.services import create_user as create

    admin = Actor(user_id=None, role=Role.ADMIN, name="casebook create-user")
    try:
        user = await create(
            actor=admin,
            email=args.email,
            password=args.password,
            name=args.name,
            role=Role(args.role),
            contact_email=args.contact_email,
        )
    except CasebookError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(user.id)
    return 0


@_with_database
async def seed_demo(args: argparse.Namespace) -> int:
    from casebook.demo import seed

    logins = await seed(if_empty=args.if_empty)
    for role, email, password in logins:
        print(f"  {role:<9} {email:<28} password: {password}")
    return 0


def export_schema(args: argparse.Namespace) -> int:
    from casebook.graphql.schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0


@_with_database
async def worker(args: argparse.Namespace) -> int:
    from casebook.background import worker as background

    await background.run(background.stop_on_signals())
    return 0


def _mail(name: str) -> Callable[[argparse.Namespace], int]:
    async def run(args: argparse.Namespace) -> int:
        from casebook.mail import commands

        kwargs: dict[str, Any] = {k: v for k, v in vars(args).items() if k not in ("func", "command")}
        try:
            result = await getattr(commands, name)(**kwargs)
        except ValueError as exc:  # bad input, e.g. an IMAP URL: a message, not a traceback
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if name == "add_mailbox":
            print(result)
            return 0
        return int(result)

    return _with_database(run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description="Casebook helpdesk")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the server (uvicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=migrate)

    p = sub.add_parser("create-user", help="create a user")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=["ADMIN", "AGENT", "CUSTOMER"])
    p.add_argument("--contact-email", dest="contact_email")
    p.set_defaults(func=create_user)

    p = sub.add_parser("seed-demo", help="load demo data")
    p.add_argument("--if-empty", action="store_true", help="only when the database has no users yet")
    p.set_defaults(func=seed_demo)

    sub.add_parser("export-schema", help="print the GraphQL SDL the server serves").set_defaults(
        func=export_schema
    )

    sub.add_parser(
        "worker", help="all background work alone (event-log consumers, jobs and timers, mail)"
    ).set_defaults(func=worker)

    p = sub.add_parser("add-mailbox", help="register a group mailbox")
    p.add_argument("--address", required=True)
    p.add_argument("--imap-url", dest="imap_url", required=True)
    p.set_defaults(func=_mail("add_mailbox"))

    p = sub.add_parser("fetch-mail", help="the mail poller")
    p.add_argument("--once", action="store_true")
    p.set_defaults(func=_mail("fetch_mail"))

    p = sub.add_parser("send-mail", help="the mail part of the worker: queue mail for events, send it")
    p.add_argument("--once", action="store_true")
    p.set_defaults(func=_mail("send_mail"))

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
