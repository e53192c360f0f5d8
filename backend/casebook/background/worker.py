"""The background worker: the event-log consumers (each under its lease), the due jobs (claimed
row by row, shared by every worker) and the mail poller (under its lease), until told to stop.

`casebook worker` runs it alone; `casebook serve` runs it inside unless CASEBOOK_WORKERS=false.
Any number of processes may run it at once: the leases make one of them run each consumer and
the poller, and the claim gives each due job to one of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
from collections.abc import Sequence

from casebook import settings
from casebook.background import consumers, jobs, leases
from casebook.events import log as event_log

log = logging.getLogger(__name__)

# Modules that register consumers and job kinds when imported.
HANDLERS = (
    "casebook.mail.outbox",
    "casebook.mail.notifications",
    "casebook.assignment.consumer",
    "casebook.rules.engine",
    "casebook.sla.engine",
    "casebook.sla.timers",
    "casebook.sla.recompute",
    "casebook.entitlements.consumer",
)


def load_handlers() -> None:
    for name in HANDLERS:
        importlib.import_module(name)


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT: the loops finish what they hold and return."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_consumer(consumer: consumers.Consumer, stop: asyncio.Event, *, holder: str) -> None:
    """Reads the log while this process holds the consumer's lease; waits for it otherwise."""
    lease_seconds = settings.WORKER_LEASE_SECONDS
    loop = asyncio.get_running_loop()
    try:
        while not stop.is_set():
            if not await leases.acquire(name=consumer.lease, holder=holder, seconds=lease_seconds):
                await _sleep_or_stop(stop, lease_seconds / 3)
                continue
            renew_at = loop.time() + lease_seconds / 3
            while not stop.is_set() and loop.time() < renew_at:
                try:
                    read = await consumers.run_batch(consumer)
                except Exception:
                    log.exception("consumer %s: batch failed; trying again", consumer.name)
                    await _sleep_or_stop(stop, settings.WORKER_POLL_SECONDS)
                    continue
                if not read:
                    # This process's commits wake it at once; other processes' are polled for.
                    waiter = asyncio.ensure_future(event_log.wait(settings.WORKER_POLL_SECONDS))
                    stopped = asyncio.ensure_future(stop.wait())
                    await asyncio.wait({waiter, stopped}, return_when=asyncio.FIRST_COMPLETED)
                    for task in (waiter, stopped):
                        task.cancel()
                        with contextlib.suppress(BaseException):
                            await task
    finally:
        with contextlib.suppress(Exception):
            await leases.release(name=consumer.lease, holder=holder)


async def run_jobs(stop: asyncio.Event, *, holder: str, kinds: Sequence[str] | None = None) -> None:
    while not stop.is_set():
        try:
            done = await jobs.run_due(holder=holder, kinds=kinds)
        except Exception:
            log.exception("job round failed")
            done = jobs.Round()
        if done.claimed == 0 or done.unavailable:
            await jobs.wait(stop, settings.WORKER_POLL_SECONDS)


async def run(
    stop: asyncio.Event,
    *,
    consumer_names: Sequence[str] | None = None,
    job_kinds: Sequence[str] | None = None,
    poller: bool = True,
) -> None:
    """Runs until `stop` is set. By default everything; `casebook send-mail` narrows it to mail."""
    load_handlers()
    holder = leases.new_holder()
    chosen = [c for c in consumers.registered() if consumer_names is None or c.name in consumer_names]
    tasks = [
        asyncio.create_task(run_consumer(c, stop, holder=holder), name=f"consumer-{c.name}") for c in chosen
    ]
    tasks.append(asyncio.create_task(run_jobs(stop, holder=holder, kinds=job_kinds), name="jobs"))
    if poller:
        from casebook.mail.poller import run_poller

        tasks.append(asyncio.create_task(run_poller(stop, holder=holder), name="mail-poller"))
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task


async def run_in_server(stop: asyncio.Event) -> None:
    """What `casebook serve` runs beside the API: everything, unless CASEBOOK_WORKERS is off."""
    if not settings.WORKERS:
        return
    await run(stop)


async def run_once(
    *, consumer_names: Sequence[str] | None = None, job_kinds: Sequence[str] | None = None
) -> jobs.Round:
    """The consumers to the end of the log, then the due jobs until none is left; the totals.

    The caller holds the consumers' leases (or knows nobody else runs them)."""
    load_handlers()
    for consumer in consumers.registered():
        if consumer_names is None or consumer.name in consumer_names:
            await consumers.run_to_end(consumer)
    holder = leases.new_holder()
    total = jobs.Round()
    while True:
        done = await jobs.run_due(holder=holder, kinds=job_kinds)
        total.claimed += done.claimed
        total.done += done.done
        total.retried += done.retried
        total.failed += done.failed
        total.released += done.released
        total.unavailable.update(done.unavailable)
        if done.claimed == 0 or done.unavailable:
            return total
