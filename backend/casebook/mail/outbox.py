"""The persistent outbox: mail is queued in the database and sent later, retried with back-off.

A request that causes mail only inserts rows; an SMTP outage delays mail and loses none. A row is
marked SENT only after the server accepted it, so a crash in between may send it twice (with the
same Message-ID, which mail clients collapse) but never zero times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from tortoise.exceptions import IntegrityError

from casebook.mail import compose, config, lease, smtp
from casebook.mail.models import OutboxKind, OutboxMail, OutboxStatus

log = logging.getLogger(__name__)
OUTBOX_LEASE = "smtp-outbox"


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
    """Queues one message for one recipient; None when the same dedupe_key was queued before."""
    try:
        return await OutboxMail.create(
            dedupe_key=dedupe_key[:255],
            kind=kind,
            case_id=case_id,
            post_id=post_id,
            sender=sender,
            recipient=recipient,
            message_id=str(message["Message-ID"])[:255],
            content=compose.serialise(message),
            next_attempt_at=datetime.now(UTC),
        )
    except IntegrityError:
        return None


def retry_delay(attempts: int) -> float:
    return float(
        min(config.OUTBOX_RETRY_MAX_SECONDS, config.OUTBOX_RETRY_MIN_SECONDS * 2 ** max(attempts - 1, 0))
    )


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0  # attempts that failed this round (the rows wait for their retry)
    waiting: int = 0  # due rows not attempted (no SMTP configured, or the server was unreachable)


async def deliver_due(*, limit: int = 200) -> DeliveryResult:
    result = DeliveryResult()
    now = datetime.now(UTC)
    due = (
        await OutboxMail.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("id")
        .limit(limit)
    )
    if not due:
        return result
    target = smtp.configured_target()
    if target is None:
        result.waiting = len(due)
        return result
    try:
        client = await smtp.connect(target)
    except (smtp.aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        for row in due:
            await _failed(row, f"cannot reach the SMTP server: {exc}", permanent=False)
        result.failed = len(due)
        return result
    try:
        for row in due:
            try:
                await client.sendmail(row.sender, [row.recipient], row.content.encode("ascii"))
            except smtp.aiosmtplib.SMTPRecipientsRefused as exc:
                permanent = all(code >= 500 for code, _ in _codes(exc))
                await _failed(row, f"recipient refused: {exc}", permanent=permanent)
                result.failed += 1
                continue
            except (smtp.aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                await _failed(row, str(exc) or type(exc).__name__, permanent=False)
                result.failed += 1
                if not client.is_connected:
                    # The rest of the batch waits for the next round (their attempt counts stay).
                    result.waiting += len(due) - result.sent - result.failed
                    break
                continue
            except Exception as exc:
                # Something about this row itself (e.g. an address SMTP cannot carry): it would fail
                # the same way forever and must not hold up the rows behind it.
                await _failed(row, f"{type(exc).__name__}: {exc}", permanent=True)
                result.failed += 1
                continue
            row.status = OutboxStatus.SENT
            row.sent_at = datetime.now(UTC)
            row.attempts += 1
            row.last_error = None  # type: ignore[assignment]
            await row.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            result.sent += 1
    finally:
        with contextlib.suppress(Exception):
            await client.quit()
    return result


def _codes(exc: smtp.aiosmtplib.SMTPRecipientsRefused) -> list[tuple[int, str]]:
    return [(r.code, r.message) for r in exc.recipients]


async def _failed(row: OutboxMail, error: str, *, permanent: bool) -> None:
    row.attempts += 1
    row.last_error = error[:2000]
    if permanent or row.attempts >= config.OUTBOX_MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
    else:
        row.next_attempt_at = datetime.now(UTC) + timedelta(seconds=retry_delay(row.attempts))
    await row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    log.warning("outbox mail %s to %s: %s", row.id, row.recipient, error)


async def pending_due() -> int:
    return await OutboxMail.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=datetime.now(UTC)
    ).count()


async def run_sender(stop: asyncio.Event, *, holder: str | None = None) -> None:
    """The outbox worker loop, under a lease so that one process sends (no double delivery)."""
    holder = holder or lease.new_holder()
    try:
        while not stop.is_set():
            if await lease.acquire(name=OUTBOX_LEASE, holder=holder, seconds=config.LEASE_SECONDS):
                try:
                    await deliver_due()
                except Exception:
                    log.exception("outbox round failed")
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), config.OUTBOX_POLL_SECONDS)
    finally:
        with contextlib.suppress(Exception):
            await lease.release(name=OUTBOX_LEASE, holder=holder)
