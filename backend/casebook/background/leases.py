"""A lease row per singleton loop (an event-log consumer, the IMAP poller) so one process runs it.

Taking and renewing are single conditional statements, atomic on SQLite and PostgreSQL alike:
UPDATE ... WHERE holder = me OR expired, else INSERT (the primary key refuses a second taker).
A holder that dies stops renewing; the lease expires and another process takes over.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from casebook.background.models import Lease


def new_holder() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


async def acquire(*, name: str, holder: str, seconds: float) -> bool:
    """Takes or renews the lease; False when someone else holds an unexpired one."""
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=seconds)
    updated = await Lease.filter(Q(name=name) & (Q(holder=holder) | Q(expires_at__lt=now))).update(
        holder=holder, expires_at=expires
    )
    if updated:
        return True
    if await Lease.exists(name=name):
        return False
    try:
        await Lease.create(name=name, holder=holder, expires_at=expires)
    except IntegrityError:
        return False  # another process inserted it first
    return True


async def release(*, name: str, holder: str) -> None:
    await Lease.filter(name=name, holder=holder).delete()


async def holder_of(name: str) -> str | None:
    lease = await Lease.get_or_none(name=name)
    if lease is None or lease.expires_at < datetime.now(UTC):
        return None
    return lease.holder


async def acquire_waiting(*, name: str, holder: str, seconds: float) -> bool:
    """Takes the lease, waiting up to one and a half lease periods for another holder's to expire
    (a running `serve` may hold it); False when it is still held then."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds * 1.5
    while True:
        if await acquire(name=name, holder=holder, seconds=seconds):
            return True
        if loop.time() > deadline:
            return False
        await asyncio.sleep(min(2.0, seconds / 4))
