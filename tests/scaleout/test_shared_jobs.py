"""Two `casebook worker` processes on one PostgreSQL database share the due jobs (SKIP LOCKED):
every mail goes out exactly once, and both workers sent some."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import pytest
from tortoise import Tortoise

from casebook.background.models import Job
from casebook.db import tortoise_config
from casebook.mail import compose
from casebook.mail.models import OutboxKind
from casebook.mail.outbox import queue
from support.server import CASEBOOK
from support.smtp import SmtpSink

MAILS = 200


@pytest.mark.slow
async def test_two_workers_share_the_jobs_and_none_runs_twice(database_url: str, tmp_path: Path) -> None:
    sink = SmtpSink()
    sink.start()
    env = {
        **os.environ,
        "CASEBOOK_DATABASE_URL": database_url,
        "CASEBOOK_FILES_DIR": str(tmp_path / "files"),
        "CASEBOOK_SMTP_URL": sink.url,
        "CASEBOOK_WORKER_POLL_SECONDS": "0.05",
    }
    workers = [
        subprocess.Popen(
            [str(CASEBOOK), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(2)
    ]
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        await asyncio.sleep(2.0)  # both polling
        for n in range(MAILS):
            message = compose.build(
                sender="support@example.test",
                sender_name="Support",
                recipient=f"r{n}@customer.test",
                subject=f"mail {n}",
                text="body",
                message_id=f"<shared{n}@example.test>",
            )
            await queue(
                dedupe_key=f"shared:{n}",
                kind=OutboxKind.NOTIFICATION,
                message=message,
                sender="support@example.test",
                recipient=f"r{n}@customer.test",
            )
        deadline = time.monotonic() + 60
        while await Job.filter(status="DONE").count() < MAILS:
            assert time.monotonic() < deadline, "the workers did not finish"
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)
        recipients = sorted(r for m in sink.messages for r in m.rcpt_tos)
        assert recipients == sorted(f"r{n}@customer.test" for n in range(MAILS))  # each exactly once
        runners = {j.locked_by for j in await Job.all()}
        pids = {int(str(r).split(":")[-2]) for r in runners}
        assert pids == {w.pid for w in workers}, "one worker did all the work"
        assert {j.attempts for j in await Job.all()} == {1}
    finally:
        for worker in workers:
            worker.terminate()
        codes = [w.wait(15) for w in workers]
        await Tortoise.close_connections()
        sink.stop()
    assert codes == [0, 0]  # SIGTERM stops a worker cleanly
