"""The outbox against a real SMTP server (aiosmtpd): delivery, outage, retry, exactly-once. Sending
is a `mail.send` job (casebook.background.jobs), so the schedule lives in `jobs`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casebook import settings
from casebook.background.models import Job
from casebook.mail import compose, config
from casebook.mail.models import OutboxKind, OutboxMail, OutboxStatus
from casebook.mail.outbox import deliver_due, queue, retry_delay
from casebook.mail.smtp import parse_smtp_url
from support.smtp import SmtpSink


async def queue_one(n: int) -> None:
    msg = compose.build(
        sender="support@example.test",
        sender_name="Support",
        recipient=f"r{n}@customer.test",
        subject=f"Hello {n} – ünïcode",
        text=f"Body {n} with ünïcode",
        message_id=f"<out{n}@example.test>",
    )
    await queue(
        dedupe_key=f"test:{n}",
        kind=OutboxKind.REPLY,
        message=msg,
        sender="support@example.test",
        recipient=f"r{n}@customer.test",
    )


def test_smtp_url_forms() -> None:
    plain = parse_smtp_url("smtp://127.0.0.1:1025")
    assert (plain.host, plain.port, plain.implicit_tls, plain.user) == (
        "127.0.0.1",
        1025,
        False,
        None,
    )
    tls = parse_smtp_url("smtps://me%40x.test:s%3Acret@smtp.x.test")
    assert (tls.port, tls.implicit_tls, tls.user, tls.password) == (
        465,
        True,
        "me@x.test",
        "s:cret",
    )
    with pytest.raises(ValueError):
        parse_smtp_url("http://x")


@pytest.mark.asyncio
async def test_unset_smtp_url_keeps_mail_waiting(db: str) -> None:
    await queue_one(1)
    result = await deliver_due()
    assert (result.sent, result.waiting) == (0, 1)
    assert (await OutboxMail.get(dedupe_key="test:1")).status is OutboxStatus.PENDING


@pytest.mark.asyncio
async def test_queueing_is_idempotent_and_delivery_is_real(
    db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    await queue_one(1)
    await queue_one(1)
    result = await deliver_due()
    assert result.sent == 1
    [got] = smtp_sink.messages
    assert got.rcpt_tos == ["r1@customer.test"]
    assert got.message["Subject"] == "Hello 1 – ünïcode" and "Body 1 with ünïcode" in got.text()
    assert (await deliver_due()).sent == 0


@pytest.mark.asyncio
async def test_smtp_outage_delays_and_loses_nothing(
    db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    smtp_sink.stop()
    for n in range(5):
        await queue_one(n)

    # One attempt finds the server down; the others wait as long, without spending an attempt.
    down = await deliver_due()
    assert (down.sent, down.failed, down.waiting) == (0, 1, 4)
    rows = await OutboxMail.all().order_by("id")
    assert all(r.status is OutboxStatus.PENDING for r in rows)
    assert [r.attempts for r in rows] == [1, 0, 0, 0, 0] and rows[0].last_error
    assert rows[0].next_attempt_at > datetime.now(UTC)
    assert all(j.run_at > datetime.now(UTC) for j in await Job.all())  # all backed off
    assert (await deliver_due()).sent == 0  # not due yet

    smtp_sink.start()
    await Job.all().update(run_at=datetime.now(UTC) - timedelta(seconds=1))
    up = await deliver_due()
    assert up.sent == 5
    assert sorted(r for m in smtp_sink.messages for r in m.rcpt_tos) == [
        f"r{n}@customer.test" for n in range(5)
    ]
    assert (await deliver_due()).sent == 0
    assert len(smtp_sink.messages) == 5


@pytest.mark.asyncio
async def test_gives_up_after_the_last_attempt(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from support.dovecot import free_port

    monkeypatch.setattr(settings, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    monkeypatch.setattr(config, "OUTBOX_MAX_ATTEMPTS", 2)
    await queue_one(1)
    await deliver_due()
    await Job.all().update(run_at=datetime.now(UTC))
    await deliver_due()
    row = await OutboxMail.get(dedupe_key="test:1")
    assert row.status is OutboxStatus.FAILED and row.attempts == 2
    [job] = await Job.all()
    assert (job.status, job.attempts, job.locked_until) == ("FAILED", 2, None) and job.last_error


def test_back_off_doubles_up_to_the_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "OUTBOX_RETRY_MIN_SECONDS", 30.0)
    monkeypatch.setattr(config, "OUTBOX_RETRY_MAX_SECONDS", 3600.0)
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == 3600


@pytest.mark.asyncio
async def test_a_row_that_cannot_be_sent_does_not_block_the_others(
    db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    await queue_one(1)
    await queue_one(2)
    await OutboxMail.filter(dedupe_key="test:1").update(content="Subject: bad\r\n\r\nnot ascii: ü\r\n")
    result = await deliver_due()
    assert (result.sent, result.failed) == (1, 1)
    assert (await OutboxMail.get(dedupe_key="test:1")).status is OutboxStatus.FAILED
    assert [m.rcpt_tos for m in smtp_sink.messages] == [["r2@customer.test"]]
