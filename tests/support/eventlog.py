"""Reading the event log in tests.

On PostgreSQL a reader takes only transactions older than every one still running in the whole
cluster (casebook.events.log), so another database's open transaction on the same server (a
parallel test run) delays what a reader sees right after a commit. Tests wait for it, briefly.
"""

from __future__ import annotations

import asyncio

from casebook.events import Event, log


async def read_settled(
    position: log.Position = log.START, *, count: int, limit: int = 100, timeout: float = 10
) -> list[tuple[log.Position, Event]]:
    """read_after(position), asked again until it returns at least `count` events (or `timeout`)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        got = await log.read_after(position, limit=limit)
        if len(got) >= count or asyncio.get_running_loop().time() > deadline:
            return got
        await asyncio.sleep(0.02)
