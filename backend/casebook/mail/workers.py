"""The mail workers inside `casebook serve`: the leased IMAP poller and the outbox sender."""

from __future__ import annotations

import asyncio

from casebook import settings
from casebook.mail import lease, outbox, poller


async def run_in_server(stop: asyncio.Event) -> None:
    """Runs until `stop` is set. Every serve process runs this; the leases let one of them work."""
    if not settings.MAIL_WORKERS:
        return
    from casebook.mail import install

    install()
    holder = lease.new_holder()
    await asyncio.gather(poller.run_poller(stop, holder=holder), outbox.run_sender(stop, holder=holder))
