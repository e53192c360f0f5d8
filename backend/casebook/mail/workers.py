"""The background work inside `casebook serve` (casebook.app's lifespan calls this)."""

from __future__ import annotations

import asyncio

from casebook.background import worker


async def run_in_server(stop: asyncio.Event) -> None:
    """Runs until `stop` is set: the whole background worker (consumers, jobs, the mail poller),
    unless CASEBOOK_WORKERS is off. Every serve process runs it; leases and claimed jobs share
    the work out."""
    await worker.run_in_server(stop)
