"""What `casebook add-mailbox`, `fetch-mail` and `send-mail` run. The CLI has initialised the database."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from casebook.auth.actor import Actor
from casebook.errors import InputError
from casebook.mail import config, lease, outbox, poller, secretbox
from casebook.mail.imap import ImapError
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.models import Mailbox


async def add_mailbox(*, address: str, imap_url: str) -> int:
    """Registers a group mailbox; returns its id. Raises ValueError with a readable message."""
    from casebook.mail import install

    install()
    try:
        mailbox = await create_mailbox(actor=Actor.system("CLI"), address=address, imap_url=imap_url)
    except InputError as exc:
        raise ValueError(f"{exc.field}: {exc.message}") from exc
    return mailbox.id


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _take_lease(name: str, holder: str) -> bool:
    # Another process (a running `serve`) may hold it: wait up to one lease period for it.
    deadline = asyncio.get_running_loop().time() + config.LEASE_SECONDS * 1.5
    while True:
        if await lease.acquire(name=name, holder=holder, seconds=config.LEASE_SECONDS):
            return True
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(min(2.0, config.LEASE_SECONDS / 4))


async def fetch_mail(*, once: bool) -> int:
    """Exit code 0 when every waiting message became a case or post or was set aside with a reason."""
    from casebook.mail import install

    install()
    if not once:
        await poller.run_poller(_stop_on_signals())
        return 0
    holder = lease.new_holder()
    if not await _take_lease(poller.POLLER_LEASE, holder):
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
        await lease.release(name=poller.POLLER_LEASE, holder=holder)
    return code


async def send_mail(*, once: bool) -> int:
    """--once: sends what is due and exits 0 when nothing due is left unsent."""
    from casebook.mail import install

    install()
    if not once:
        await outbox.run_sender(_stop_on_signals())
        return 0
    holder = lease.new_holder()
    if not await _take_lease(outbox.OUTBOX_LEASE, holder):
        print("another process is sending the outbox (lease held); try again later", file=sys.stderr)
        return 2
    try:
        sent = failed = 0
        while True:
            result = await outbox.deliver_due()
            sent, failed = sent + result.sent, failed + result.failed
            if result.waiting and not result.sent and not result.failed:
                print(
                    f"CASEBOOK_SMTP_URL is not set: {result.waiting} messages wait in the outbox",
                    file=sys.stderr,
                )
                return 1
            if not result.sent:
                break
        print(f"sent {sent}, failed {failed} (retried later)")
        return 0 if await outbox.pending_due() == 0 and failed == 0 else 1
    finally:
        await lease.release(name=outbox.OUTBOX_LEASE, holder=holder)
