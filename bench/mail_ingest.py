"""Ingest speed: messages per second from a real Dovecot into cases (not part of `make test`).

    .venv/bin/python bench/mail_ingest.py [--messages 500] [--database-url postgres://...]

Starts its own Dovecot (tests/support/dovecot.py), plants N messages (a mix of new cases and replies,
some with attachments), then times one `fetch_once` pass: fetch, parse, threading, case/post with
attachments, Message-ID rows, flags.

Prints messages/s, CPU ms per message of the ingesting process (time.process_time: parsing, the
ORM, and SQLite's own work, which runs in this process) and SQL per message; `--profile FILE` writes
cProfile stats of the pass. Messages/s depends on what else runs on the machine; CPU and statements
per message do not, so compare those.

Measured on the project's 2-core machines (Dovecot, the database and the poller on the same cores,
other engineers' test suites loading them: load average 4-6; no notification listener installed,
so no outbox rows are written), 1,000 messages, before and after the batch ingest, back to back:

| database | before: msg/s, CPU ms/msg | after: msg/s, CPU ms/msg |
|---|---|---|
| SQLite (WAL) | 49-62, 6.8 | 122-208, 2.9-3.1 |
| PostgreSQL 15 | 116-121, 6.0-6.2 | 123-242, 2.9-3.0 |

Per message, before: 15.1 statements + 1 transaction + 1.67 savepoints; after: 9.0 statements +
0.05 transactions (one per fetched batch of 20) + 1.67 savepoints. Of the 9 statements, 8.3 are the
core services' (a new case: create_case 5 = case number, case, auto-followers, history, contact ids
for the event; add_post 5 = case and its contact ids re-read, post, case update, contact ids for the
event) and the savepoints are theirs too; the mail package adds ~0.5 (lookups and bulk inserts once
per batch of 20) and 0.2 for attachments. At ~3 ms of CPU a message the poller
alone could do ~330 messages/s on a free core; parsing is ~0.4 ms of it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import logging
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "backend")]

from support.dovecot import running_dovecot


def message(i: int) -> bytes:
    reply = i % 3 == 2  # every third message answers the one before
    headers = (
        f"From: Customer {i % 50} <c{i % 50}@customer.test>\r\nTo: support@example.test\r\n"
        f"Subject: {'Re: ' if reply else ''}Bench case {i - 1 if reply else i}\r\nMessage-ID: <bench{i}@customer.test>\r\n"
        + (f"In-Reply-To: <bench{i - 1}@customer.test>\r\n" if reply else "")
    )
    body = f"Hello,\r\n\r\nthis is message {i}. " + "Some words about the problem. " * 20 + "\r\n"
    if i % 5 == 0:
        data = base64.encodebytes(bytes(range(256)) * 40).decode().replace("\n", "\r\n")
        return (
            headers + 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + body
            + "--b\r\nContent-Type: application/octet-stream\r\n"
            'Content-Disposition: attachment; filename="log.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            + data
            + "--b--\r\n"
        ).encode()
    return (headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()


class SqlCounter(logging.Handler):
    """Counts what the ingesting process sends to the database: statements (Tortoise logs every one at
    DEBUG), and transactions and savepoints (each adds a BEGIN/COMMIT or SAVEPOINT/RELEASE pair)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements = 0
        self.transactions = 0
        self.savepoints = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.statements += 1

    @contextmanager
    def installed(self) -> Iterator[None]:
        from tortoise.backends.asyncpg.client import TransactionWrapper as PgWrapper
        from tortoise.backends.sqlite.client import SqliteTransactionWrapper

        logger = logging.getLogger("tortoise.db_client")
        saved_level, saved_propagate = logger.level, logger.propagate
        patched: list[tuple[type, str, Any]] = []

        def count(cls: type, name: str, attr: str) -> None:
            original = cls.__dict__[name]

            async def counted(wrapper: Any) -> Any:
                setattr(self, attr, getattr(self, attr) + 1)
                return await original(wrapper)

            patched.append((cls, name, original))
            setattr(cls, name, counted)

        count(SqliteTransactionWrapper, "begin", "transactions")
        count(SqliteTransactionWrapper, "savepoint", "savepoints")
        # asyncpg's savepoint() calls begin() on a nested wrapper: count begin() with _parent a wrapper.
        original_begin = PgWrapper.__dict__["begin"]

        async def pg_begin(wrapper: Any) -> Any:
            if isinstance(wrapper._parent, PgWrapper):
                self.savepoints += 1
            else:
                self.transactions += 1
            return await original_begin(wrapper)

        patched.append((PgWrapper, "begin", original_begin))
        PgWrapper.begin = pg_begin  # type: ignore[method-assign]
        logger.addHandler(self)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        try:
            yield
        finally:
            logger.removeHandler(self)
            logger.setLevel(saved_level)
            logger.propagate = saved_propagate
            for cls, name, original in patched:
                setattr(cls, name, original)


async def run(
    n: int, database_url: str | None, workdir: Path, user_url: str, address: str, profile: str | None
) -> float:
    from tortoise import Tortoise
    from tortoise.migrations.api.migrate import migrate

    from casebook import settings
    from casebook.auth.actor import Actor
    from casebook.db import tortoise_config
    from casebook.mail import config
    from casebook.mail.mailboxes import create_mailbox
    from casebook.mail.poller import fetch_once

    settings.FILES_DIR = workdir / "files"
    config.SENDER_RATE_LIMIT = "100000/hour"
    cfg = tortoise_config(database_url or f"sqlite://{workdir / 'bench.sqlite3'}")
    await migrate(config=cfg)
    await Tortoise.init(config=cfg, _enable_global_fallback=True)
    try:
        mailbox = await create_mailbox(actor=Actor.system(), address=address, imap_url=user_url)
        counter = SqlCounter()
        profiler = cProfile.Profile() if profile else None
        with counter.installed():
            if profiler:
                profiler.enable()
            started, cpu_started = time.perf_counter(), time.process_time()
            result = await fetch_once(mailbox)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
        kinds = {k: result.count(k) for k in ("case", "post", "set_aside", "duplicate")}
        assert sum(kinds.values()) == n, kinds
        # The last line is what bench/run.py records.
        print(
            f"{n} messages in {elapsed:.2f} s = {n / elapsed:.1f} messages/s, "
            f"CPU {cpu / n * 1000:.2f} ms/message, {counter.statements / n:.1f} statements "
            f"+ {counter.transactions / n:.2f} transactions + {counter.savepoints / n:.2f} savepoints "
            f"per message  {kinds}"
        )
        return n / elapsed
    finally:
        await Tortoise.close_connections()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument(
        "--database-url",
        default=None,
        help="a scratch database: it is migrated and filled",
    )
    parser.add_argument("--profile", default=None, help="write cProfile stats of the pass to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_dovecot() as dovecot:
        user = dovecot.add_user()
        with user.connect() as imap:
            for i in range(args.messages):
                imap.append("INBOX", None, None, message(i))
        asyncio.run(run(args.messages, args.database_url, Path(tmp), user.url, user.address, args.profile))


if __name__ == "__main__":
    main()
