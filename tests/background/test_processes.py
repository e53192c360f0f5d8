"""The defects of issue 11 with real processes: a reply mailed by `casebook send-mail --once` while
the server runs with its workers off, and a worker killed between the commit and the send."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from casebook.auth.actor import Actor
from casebook.background.models import Job
from casebook.cases.services import create_case
from casebook.enums import Origin, Role
from casebook.mail.models import OutboxMail, OutboxStatus
from support.server import CASEBOOK, LiveServer, run_cli
from support.smtp import SmtpSink

ADD_POST = """mutation($case: ID!, $body: String!) {
  addPost(caseId: $case, body: $body, visibility: PUBLIC) { id }
}"""


def environment(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "CASEBOOK_DATABASE_URL": database_url,
        "CASEBOOK_FILES_DIR": str(tmp_path / "files"),
        "CASEBOOK_MAIL_FROM": "casebook@example.test",
        "CASEBOOK_WORKER_POLL_SECONDS": "0.1",
        **extra,
    }


async def email_case(people: Any) -> tuple[int, str]:
    agent = await people.make(Role.AGENT, "alex")
    case = await create_case(
        actor=agent.actor, subject="Printer on fire", origin=Origin.EMAIL, email="kim@customer.test"
    )
    return case.id, agent.token


async def eventually(check: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


@pytest.mark.slow
async def test_send_mail_once_mails_the_reply_of_a_server_without_workers(
    db: str, people: Any, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    case_id, token = await email_case(people)
    # SMTP is configured for the server too: with its workers off it must still send nothing.
    env = environment(db, tmp_path, CASEBOOK_WORKERS="false", CASEBOOK_SMTP_URL=smtp_sink.url)
    server = LiveServer(env).start(tmp_path / "server.log")
    try:
        result = server.graphql(ADD_POST, {"case": str(case_id), "body": "Unplug it, please."}, token)
        assert "errors" not in result, result
        await asyncio.sleep(1.0)
        assert smtp_sink.messages == []

        sent = run_cli("send-mail", "--once", env=env, check=False)
        assert sent.returncode == 0, sent.stderr
        [mail] = smtp_sink.to("kim@customer.test")
        assert "Unplug it, please." in mail.text()
        assert mail.message["Subject"].endswith("Printer on fire")

        again = run_cli("send-mail", "--once", env=env, check=False)
        assert again.returncode == 0, again.stderr
        assert len(smtp_sink.messages) == 1
    finally:
        server.stop()


@pytest.mark.slow
async def test_a_worker_killed_before_sending_is_replaced_and_the_mail_goes_out_once(
    db: str, people: Any, tmp_path: Path
) -> None:
    case_id, _ = await email_case(people)
    # A server that accepts the connection and never greets: the send hangs after the commit.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    port = silent.getsockname()[1]
    env = environment(
        db,
        tmp_path,
        CASEBOOK_SMTP_URL=f"smtp://127.0.0.1:{port}",
        CASEBOOK_JOB_LOCK_SECONDS="3",
        CASEBOOK_WORKER_LEASE_SECONDS="3",
        CASEBOOK_MAIL_SMTP_TIMEOUT="60",
    )
    first = subprocess.Popen(
        [str(CASEBOOK), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    sink: SmtpSink | None = None
    second: subprocess.Popen[bytes] | None = None
    try:
        from casebook.stream.services import add_post

        agent = await Actor.for_user(await people_user("alex@example.test"))
        await add_post(actor=agent, case=case_id, body="Unplug it, please.")

        async def sending() -> bool:
            return await Job.filter(kind="mail.send", status="RUNNING").exists()

        await eventually(sending)  # committed, claimed, and the send under way
        first.send_signal(signal.SIGKILL)
        first.wait(5)
        silent.close()
        sink = SmtpSink(port=port)
        sink.start()
        second = subprocess.Popen(
            [str(CASEBOOK), "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

        async def sent() -> bool:
            return await OutboxMail.filter(status=OutboxStatus.SENT).exists()

        await eventually(sent)  # once the dead worker's lock ran out
        await asyncio.sleep(1.5)  # a second copy would have had time to go out
        assert [m.rcpt_tos for m in sink.messages] == [["kim@customer.test"]]
        [job] = await Job.filter(kind="mail.send")
        assert (job.status, job.attempts) == ("DONE", 2)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)
        if sink is not None:
            sink.stop()
        silent.close()


async def people_user(email: str) -> Any:
    from casebook.users.models import User

    return await User.get(email=email)
