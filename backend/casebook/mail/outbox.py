"""The persistent outbox: mail is queued in the database and sent later by a background job.

An outbox row (`mail_outbox`) is the message itself and its delivery record as admins see it
(status, attempts, last error, next attempt, sent at). Sending it is a job of kind `mail.send`
(casebook.background.jobs) keyed by the row, queued in the same transaction as the row: there is
one mechanism for claiming, locking, retrying and giving up, shared with every other background
task, rather than a second claim loop over the outbox table. That is what lets several worker
processes on PostgreSQL share the outbox (SKIP LOCKED) without a lease that makes one of them send
everything, and what the SLA timers and webhook retries will use too. The job's outcome is copied
onto the row for the admin list, nothing more.

A row is marked SENT right after the server accepted it and the job checks the row before sending,
so a job that runs again (its worker died, its lock ran out) does not send twice. Only a crash
between the SMTP server's acceptance and that record sends a message twice (with the same
Message-ID, which mail clients collapse); no crash loses one.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from casebook.background import jobs, leases
from casebook.background.models import Job
from casebook.mail import compose, config, smtp
from casebook.mail.models import OutboxKind, OutboxMail, OutboxStatus

log = logging.getLogger(__name__)
SEND = "mail.send"


@contextlib.asynccontextmanager
async def _atomic() -> AsyncIterator[None]:
    """The caller's transaction when there is one (a consumer's unit of work), else one of ours."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        yield
        return
    async with in_transaction():
        yield


async def queue(
    *,
    dedupe_key: str,
    kind: OutboxKind,
    message: EmailMessage,
    sender: str,
    recipient: str,
    case_id: int | None = None,
    post_id: int | None = None,
) -> OutboxMail | None:
    """Queues one message for one recipient; None when the same dedupe_key was queued before.

    A concurrent queue of the same key fails on the unique index (and, on PostgreSQL, aborts the
    caller's transaction): the caller's unit of work runs again and then finds the row."""
    key = dedupe_key[:255]
    if await OutboxMail.exists(dedupe_key=key):
        return None
    async with _atomic():
        row = await OutboxMail.create(
            dedupe_key=key,
            kind=kind,
            case_id=case_id,
            post_id=post_id,
            sender=sender,
            recipient=recipient,
            message_id=str(message["Message-ID"])[:255],
            content=compose.serialise(message),
            next_attempt_at=datetime.now(UTC),
        )
        await jobs.enqueue(SEND, {"outbox_id": row.id}, key=f"{SEND}:{row.id}")
    return row


def retry_delay(attempts: int) -> float:
    return float(
        min(config.OUTBOX_RETRY_MAX_SECONDS, config.OUTBOX_RETRY_MIN_SECONDS * 2 ** max(attempts - 1, 0))
    )


async def send(job: jobs.Claimed) -> None:
    """The `mail.send` job: one outbox row to the SMTP server."""
    row = await OutboxMail.get_or_none(id=job.payload["outbox_id"])
    if row is None or row.status is not OutboxStatus.PENDING:
        return  # sent before the worker that claimed it last could record the job (or removed)
    target = smtp.configured_target()
    if target is None:
        raise jobs.Unavailable("CASEBOOK_SMTP_URL is not set")
    try:
        client = await smtp.connect(target)
    except (smtp.aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        raise jobs.Unavailable(f"cannot reach the SMTP server: {exc}") from exc
    try:
        try:
            await client.sendmail(row.sender, [row.recipient], row.content.encode("ascii"))
        except smtp.aiosmtplib.SMTPRecipientsRefused as exc:
            if all(r.code >= 500 for r in exc.recipients):
                raise jobs.Permanent(f"recipient refused: {exc}") from exc
            raise
        except (smtp.aiosmtplib.SMTPException, OSError, TimeoutError):
            raise
        except Exception as exc:
            # Something about this row itself (e.g. an address SMTP cannot carry): it would fail
            # the same way forever.
            raise jobs.Permanent(f"{type(exc).__name__}: {exc}") from exc
    finally:
        with contextlib.suppress(Exception):
            await client.quit()
    await OutboxMail.filter(id=row.id).update(
        status=OutboxStatus.SENT, sent_at=datetime.now(UTC), attempts=job.attempts, last_error=None
    )


async def _record_failure(job: jobs.Claimed, error: str, retry_at: datetime | None) -> None:
    changes: dict[str, object] = {"attempts": job.attempts, "last_error": error}
    if retry_at is None:
        changes["status"] = OutboxStatus.FAILED
    else:
        changes["next_attempt_at"] = retry_at
    await OutboxMail.filter(id=job.payload["outbox_id"], status=OutboxStatus.PENDING).update(**changes)
    log.warning("outbox mail %s: %s", job.payload["outbox_id"], error)


jobs.register(
    SEND,
    send,
    max_attempts=lambda: config.OUTBOX_MAX_ATTEMPTS,
    backoff=retry_delay,
    # Without a server configured, mail waits in the outbox: no attempt is spent.
    ready=lambda: smtp.configured_target() is not None,
    on_failure=_record_failure,
)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0  # attempts that failed this round (the rows wait for their retry, or FAILED)
    waiting: int = 0  # due rows not attempted (no SMTP configured, or the server was unreachable)


async def deliver_due(*, limit: int = 200, holder: str | None = None) -> DeliveryResult:
    """One round of due `mail.send` jobs in this process."""
    if smtp.configured_target() is None:
        return DeliveryResult(waiting=await pending_due())
    done = await jobs.run_due(holder=holder or leases.new_holder(), kinds=[SEND], limit=limit)
    return DeliveryResult(sent=done.done, failed=done.retried + done.failed, waiting=done.released)


async def pending_due() -> int:
    return await Job.filter(kind=SEND, status=jobs.PENDING, run_at__lte=datetime.now(UTC)).count()
