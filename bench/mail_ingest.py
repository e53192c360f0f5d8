"""Ingest speed: messages per second from a real Dovecot into cases (not part of `make test`).

    .venv/bin/python bench/mail_ingest.py [--messages 500] [--database-url postgres://...]

Starts its own Dovecot (tests/support/dovecot.py), plants N messages (a mix of new cases and replies,
some with attachments), then times one `fetch_once` pass: fetch, parse, threading, case/post with
attachments, Message-ID rows, flags.

Measured on the project's 2-core machines (Dovecot, the database and the poller on the same cores;
no notification listener installed, so no outbox rows are written):

| database | messages | messages/s |
|---|---|---|
| SQLite (WAL) | 500 / 1000 | 93 / 107 (56-88 while other test suites loaded the machine) |
| PostgreSQL 15 | 500 / 1000 | 82 / 81 |

About 15 SQL statements per message (case number, case, contacts, followers, history, post,
attachments, Message-ID row, mailbox position) in one transaction each; parsing is ~5 ms of it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import sys
import tempfile
import time
from pathlib import Path

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


async def run(n: int, database_url: str | None, workdir: Path, user_url: str, address: str) -> float:
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
        started = time.perf_counter()
        result = await fetch_once(mailbox)
        elapsed = time.perf_counter() - started
        kinds = {k: result.count(k) for k in ("case", "post", "set_aside", "duplicate")}
        assert sum(kinds.values()) == n, kinds
        print(f"{n} messages in {elapsed:.2f} s = {n / elapsed:.1f} messages/s  {kinds}")
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_dovecot() as dovecot:
        user = dovecot.add_user()
        with user.connect() as imap:
            for i in range(args.messages):
                imap.append("INBOX", None, None, message(i))
        asyncio.run(run(args.messages, args.database_url, Path(tmp), user.url, user.address))


if __name__ == "__main__":
    main()
