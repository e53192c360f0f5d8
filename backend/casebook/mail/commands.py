"""What `casebook add-mailbox`, `fetch-mail` and `send-mail` run. The CLI has initialised the database."""

from __future__ import annotations

import sys

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background import leases, worker
from casebook.background.worker import stop_on_signals
from casebook.errors import InputError
from casebook.mail import config, notifications, outbox, poller, secretbox
from casebook.mail.imap import ImapError
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.models import Mailbox


async def add_mailbox(*, address: str, imap_url: str) -> int:
    """Registers a group mailbox; returns its id. Raises ValueError with a readable message."""
    try:
        mailbox = await create_mailbox(actor=Actor.system("CLI"), address=address, imap_url=imap_url)
    except InputError as exc:
        raise ValueError(f"{exc.field}: {exc.message}") from exc
    return mailbox.id


async def fetch_mail(*, once: bool) -> int:
    """Exit code 0 when every waiting message became a case or post or was set aside with a reason."""
    if not once:
        await poller.run_poller(stop_on_signals())
        return 0
    holder = leases.new_holder()
    if not await leases.acquire_waiting(
        name=poller.POLLER_LEASE, holder=holder, seconds=config.LEASE_SECONDS
    ):
        print("another process is polling the mailboxes (lease held); try again later", file=sys.stderr)
        return 2
    code = 0
    try:
        for mailbox in await Mailbox.filter(active=True).order_by("id"):
            try:
                result = await poller.fetch_once(mailbox)
            except (ImapError, secretbox.SecretUnreadable) as exc:
                await Mailbox.filter(id=mailbox.id).update(last_error=str(exc)[:2000])
                print(f"{mailbox.address}: {exc}", file=sys.stderr)
                code = 1
                continue
            print(
                f"{mailbox.address}: {result.count('case')} new cases, {result.count('post')} posts, "
                f"{result.count('set_aside')} set aside, {result.count('duplicate')} duplicates"
                + (f", {result.failed} failed (will retry)" if result.failed else "")
            )
            if result.failed:
                code = 1
    finally:
        await leases.release(name=poller.POLLER_LEASE, holder=holder)
    return code


async def send_mail(*, once: bool) -> int:
    """The mail part of the background worker: the notifications consumer and the mail jobs.

    --once: turns every event committed so far into queued mail, sends what is due, and exits 0
    when nothing due is left unsent."""
    mail_consumers = [notifications.CONSUMER.name]
    if not once:
        await worker.run(
            stop_on_signals(), consumer_names=mail_consumers, job_kinds=[outbox.SEND], poller=False
        )
        return 0
    holder = leases.new_holder()
    lease = notifications.CONSUMER.lease
    if not await leases.acquire_waiting(name=lease, holder=holder, seconds=settings.WORKER_LEASE_SECONDS):
        print(
            "another process is reading the event log for mail (lease held); try again later", file=sys.stderr
        )
        return 2
    try:
        done = await worker.run_once(consumer_names=mail_consumers, job_kinds=[outbox.SEND])
    finally:
        await leases.release(name=lease, holder=holder)
    waiting = await outbox.pending_due()
    if settings.SMTP_URL is None and waiting:
        print(f"CASEBOOK_SMTP_URL is not set: {waiting} messages wait in the outbox", file=sys.stderr)
        return 1
    failed = done.retried + done.failed
    print(f"sent {done.done}, failed {failed} (retried later)")
    return 0 if waiting == 0 and failed == 0 else 1
