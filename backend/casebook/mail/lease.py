"""A lease row per singleton job (the IMAP poller, the outbox sender) so one process runs it.

Taking and renewing are single conditional statements, atomic on SQLite and PostgreSQL alike:
UPDATE ... WHERE holder = me OR expired, else INSERT (the primary key refuses a second taker).
A holder that dies stops renewing; the lease expires and another process takes over.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from casebook.mail.models import WorkerLease


def new_holder() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


async def acquire(*, name: str, holder: str, seconds: float) -> bool:
    """Takes or renews the lease; False when someone else holds an unexpired one."""
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=seconds)
    updated = await WorkerLease.filter(Q(name=name) & (Q(holder=holder) | Q(expires_at__lt=now))).update(
        holder=holder, expires_at=expires
    )
    if updated:
        return True
    if await WorkerLease.exists(name=name):
        return False
    try:
        await WorkerLease.create(name=name, holder=holder, expires_at=expires)
    except IntegrityError:
        return False  # another process inserted it first
    return True


async def release(*, name: str, holder: str) -> None:
    await WorkerLease.filter(name=name, holder=holder).delete()


async def holder_of(name: str) -> str | None:
    lease = await WorkerLease.get_or_none(name=name)
    if lease is None or lease.expires_at < datetime.now(UTC):
        return None
    return lease.holder
