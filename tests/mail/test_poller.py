"""The poller as a process: killed in the middle of a batch and restarted, it loses and doubles nothing;
the leased loop picks new mail up through IDLE; only one lease holder polls."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background import leases as lease
from casebook.cases.models import Case
from casebook.mail import config
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.models import MessageRef
from casebook.mail.poller import POLLER_LEASE, run_poller
from support.dovecot import DovecotServer

RUN_ONCE = """
import asyncio, sys
from tortoise import Tortoise
from casebook.db import tortoise_config
from casebook.mail.commands import fetch_mail

async def main() -> int:
    await Tortoise.init(config=tortoise_config(), _enable_global_fallback=True)
    try:
        return await fetch_mail(once=True)
    finally:
        await Tortoise.close_connections()

sys.exit(asyncio.run(main()))
"""


def start_poller(db_url: str, files_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CASEBOOK_DATABASE_URL": db_url,
        "CASEBOOK_FILES_DIR": str(files_dir),
        "CASEBOOK_MAIL_LEASE_SECONDS": "2",
        "CASEBOOK_MAIL_FETCH_BATCH": "10",
        "CASEBOOK_MAIL_FROM": settings.MAIL_FROM,
    }
    return subprocess.Popen(
        [sys.executable, "-c", RUN_ONCE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.asyncio
async def test_killed_mid_batch_then_restarted_loses_and_duplicates_nothing(
    db: str, dovecot: DovecotServer, tmp_path: Path
) -> None:
    count = 120
    user = dovecot.add_user()
    await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)
    for i in range(count):
        user.append(
            f"From: c{i % 7}@customer.test\r\nSubject: kill test {i}\r\nMessage-ID: <kill{i}@customer.test>\r\n"
            f"Content-Type: text/plain\r\n\r\nmessage {i}\r\n".encode()
        )

    first = start_poller(db, settings.FILES_DIR)
    deadline = time.monotonic() + 30
    while await MessageRef.all().count() < 15:
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.communicate()
    stored_at_kill = await MessageRef.all().count()
    assert stored_at_kill < count, "the poller finished before it could be killed: use more messages"

    second = start_poller(db, settings.FILES_DIR)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()

    subjects = await Case.all().values_list("subject", flat=True)
    assert sorted(subjects) == sorted(f"kill test {i}" for i in range(count))  # each exactly once
    assert await MessageRef.all().count() == count
    flags = user.flags()
    assert len(flags) == count and all("$CasebookProcessed" in f for f in flags.values())


@pytest.mark.asyncio
async def test_leased_poller_ingests_new_mail_through_idle(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "IDLE_SECONDS", 30.0)
    monkeypatch.setattr(config, "LEASE_SECONDS", 3.0)
    user = dovecot.add_user()
    await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)
    stop = asyncio.Event()
    one = asyncio.create_task(run_poller(stop, holder="one"))
    two = asyncio.create_task(run_poller(stop, holder="two"))
    try:
        await asyncio.sleep(1.0)  # both started, one holds the lease and sits in IDLE
        assert await lease.holder_of(POLLER_LEASE) in {"one", "two"}
        user.append(
            b"From: idle@customer.test\r\nSubject: pushed\r\nMessage-ID: <idle1@customer.test>\r\n\r\nhi\r\n"
        )
        deadline = time.monotonic() + 10
        while not await Case.filter(subject="pushed").exists():
            assert time.monotonic() < deadline, "IDLE did not deliver the new message"
            await asyncio.sleep(0.1)
        assert await Case.filter(subject="pushed").count() == 1
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(one, two), 15)
    assert await lease.holder_of(POLLER_LEASE) is None  # released on the way out


@pytest.mark.asyncio
async def test_lease_is_exclusive_until_it_expires(db: str) -> None:
    assert await lease.acquire(name="job", holder="a", seconds=0.5)
    assert not await lease.acquire(name="job", holder="b", seconds=0.5)
    assert await lease.acquire(name="job", holder="a", seconds=0.5)  # renewal
    await asyncio.sleep(0.6)
    assert await lease.acquire(name="job", holder="b", seconds=5)
    assert not await lease.acquire(name="job", holder="a", seconds=5)
    await lease.release(name="job", holder="b")
    assert await lease.acquire(name="job", holder="a", seconds=5)


async def _eventually(check, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_polls_when_the_server_has_no_idle(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook.mail.imap import ImapSession
    from casebook.mail.poller import watch_mailbox

    monkeypatch.setattr(ImapSession, "supports_idle", property(lambda self: False))
    monkeypatch.setattr(config, "POLL_SECONDS", 0.2)
    user = dovecot.add_user()
    box = await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)
    stop = asyncio.Event()
    task = asyncio.create_task(watch_mailbox(box.id, stop))
    try:
        await asyncio.sleep(0.3)
        user.append(
            b"From: p@customer.test\r\nSubject: polled\r\nMessage-ID: <poll1@customer.test>\r\n\r\nx\r\n"
        )
        await _eventually(lambda: Case.filter(subject="polled").exists())
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


@pytest.mark.asyncio
async def test_reconnects_with_back_off_after_failures(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook.mail.models import Mailbox
    from casebook.mail.poller import watch_mailbox
    from support.dovecot import free_port

    monkeypatch.setattr(config, "RETRY_MIN_SECONDS", 0.1)
    monkeypatch.setattr(config, "RETRY_MAX_SECONDS", 0.4)
    user = dovecot.add_user()
    box = await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)
    await Mailbox.filter(id=box.id).update(imap_port=free_port())  # the server is "down"
    user.append(
        b"From: r@customer.test\r\nSubject: after outage\r\nMessage-ID: <re1@customer.test>\r\n\r\nx\r\n"
    )
    stop = asyncio.Event()
    task = asyncio.create_task(watch_mailbox(box.id, stop))
    try:

        async def failed() -> bool:
            return bool((await Mailbox.get(id=box.id)).last_error)

        await _eventually(failed)
        await Mailbox.filter(id=box.id).update(imap_port=dovecot.port)  # and back
        await _eventually(lambda: Case.filter(subject="after outage").exists())

        async def cleared() -> bool:
            # Cleared at the end of the pass, a moment after the case committed.
            return (await Mailbox.get(id=box.id)).last_error is None

        await _eventually(cleared)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
