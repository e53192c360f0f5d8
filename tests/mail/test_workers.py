"""What `casebook serve` runs: the whole background worker (the notifications consumer, the mail
jobs and the leased poller) side by side."""

from __future__ import annotations

import asyncio
import time

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background.worker import run_in_server
from casebook.cases.models import Case
from casebook.enums import Role, Visibility
from casebook.mail.mailboxes import create_mailbox
from casebook.stream.services import add_post
from casebook.users.models import User
from support.dovecot import DovecotServer
from support.smtp import SmtpSink


async def eventually(check, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


@pytest.mark.asyncio
async def test_serve_workers_ingest_and_send(
    db: str,
    dovecot: DovecotServer,
    smtp_sink: SmtpSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    monkeypatch.setattr(settings, "WORKERS", True)
    monkeypatch.setattr(settings, "WORKER_POLL_SECONDS", 0.2)
    user = dovecot.add_user()
    await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)
    agent = await User.create(email="agent@example.test", name="Alex", role=Role.AGENT)
    stop = asyncio.Event()
    task = asyncio.create_task(run_in_server(stop))
    try:
        user.append(
            b"From: w@customer.test\r\nSubject: served\r\nMessage-ID: <w1@customer.test>\r\n\r\nhello\r\n"
        )
        await eventually(lambda: Case.filter(subject="served").exists())
        case = await Case.get(subject="served")
        await add_post(
            actor=await Actor.for_user(agent),
            case=case,
            body="answer",
            visibility=Visibility.PUBLIC,
        )

        async def delivered() -> bool:
            return len(smtp_sink.to("w@customer.test")) == 1

        await eventually(delivered)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


@pytest.mark.asyncio
async def test_workers_off_when_disabled(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "WORKERS", False)
    await asyncio.wait_for(run_in_server(asyncio.Event()), 1)
