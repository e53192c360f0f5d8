"""Durable readers of the event log: each named consumer reads `casebook.events.log` from its own
checkpoint (table `consumer_checkpoints`), in whichever process holds its lease.

Each event is handled in a unit of work of its own (its effects commit together, or not at all);
the checkpoint is saved after the batch. A consumer that dies before saving reads those events
again: it handles every event at least once, so its effects must be idempotent, keyed by the
event's id (the outbox's dedupe_key, a job's key). The request that made the change never waits
for a consumer: it only wrote the event.

A new consumer starts at the beginning of the log unless a migration gives it a checkpoint (0008
puts `notifications` after the history that 0007 copied into the log: nobody is mailed about
the past).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from casebook import work
from casebook.background import jobs
from casebook.background.models import ConsumerCheckpoint
from casebook.events import Event
from casebook.events import log as event_log
from casebook.sql import Sql

log = logging.getLogger(__name__)

BATCH = 100
# An event whose handling raised this often (in this process) is skipped with an error in the log,
# so that one poisonous event cannot stop every later one.
MAX_EVENT_FAILURES = 3


@dataclass(frozen=True, slots=True)
class Consumer:
    name: str
    handle: Callable[[Event], Awaitable[None]]
    # How many cases' events it handles at once (on PostgreSQL; SQLite has one writer). Each case's
    # events stay in log order, one after the other; only different cases overlap.
    cases_at_once: int = 1

    @property
    def lease(self) -> str:
        return f"consumer:{self.name}"


_consumers: dict[str, Consumer] = {}
_failures: dict[tuple[str, int], int] = {}


def register(name: str, handle: Callable[[Event], Awaitable[None]], *, cases_at_once: int = 1) -> Consumer:
    consumer = Consumer(name, handle, cases_at_once)
    _consumers[name] = consumer
    return consumer


def registered() -> list[Consumer]:
    return list(_consumers.values())


def get(name: str) -> Consumer:
    return _consumers[name]


async def checkpoint(name: str) -> event_log.Position:
    row = await ConsumerCheckpoint.get_or_none(name=name)
    return (row.tx, row.event_id) if row else event_log.START


async def save_checkpoint(name: str, position: event_log.Position) -> None:
    tx, event_id = position
    if await ConsumerCheckpoint.filter(name=name).update(tx=tx, event_id=event_id):
        return
    try:
        await ConsumerCheckpoint.create(name=name, tx=tx, event_id=event_id)
    except IntegrityError:  # a lease holder before us created it a moment ago
        await ConsumerCheckpoint.filter(name=name).update(tx=tx, event_id=event_id)


async def _handle(consumer: Consumer, event: Event) -> None:
    """One event in its own unit of work; raises while it has failed fewer than
    MAX_EVENT_FAILURES times, then logs it and lets it pass."""
    try:
        await work.run(lambda _unit: consumer.handle(event))
    except Exception:
        key = (consumer.name, event.id)
        _failures[key] = _failures.get(key, 0) + 1
        if _failures[key] < MAX_EVENT_FAILURES:
            raise
        log.exception(
            "consumer %s: event %s failed %s times; skipped", consumer.name, event.id, _failures[key]
        )
    _failures.pop((consumer.name, event.id), None)


async def _handle_by_case(
    consumer: Consumer, batch: list[tuple[event_log.Position, Event]]
) -> tuple[int, BaseException | None]:
    """The batch's events, several cases at once, each case's in order; returns how many of the
    batch, from its start, were handled (every event up to there), and the first failure. A case
    whose event fails stops there; the other cases go on, and what they did after the failure is
    done again next time (every consumer's effects are idempotent, see the module's docstring)."""
    lanes: dict[int | None, list[int]] = {}
    for n, (_, event) in enumerate(batch):
        lanes.setdefault(event.case_id, []).append(n)
    done = [False] * len(batch)
    errors: list[BaseException] = []
    gate = asyncio.Semaphore(consumer.cases_at_once)

    async def lane(indexes: list[int]) -> None:
        async with gate:
            for n in indexes:
                try:
                    await _handle(consumer, batch[n][1])
                except Exception as exc:
                    errors.append(exc)
                    return
                done[n] = True

    await asyncio.gather(*(lane(indexes) for indexes in lanes.values()))
    handled = next((n for n, ok in enumerate(done) if not ok), len(batch))
    return handled, errors[0] if errors else None


async def run_batch(consumer: Consumer, *, limit: int = BATCH) -> int:
    """Handles the next events after the checkpoint; returns how many were read (0: at the end)."""
    position = await checkpoint(consumer.name)
    batch = await event_log.read_after(position, limit=limit)
    handled = position
    try:
        if consumer.cases_at_once > 1 and len(batch) > 1 and not Sql().sqlite:
            count, error = await _handle_by_case(consumer, batch)
            if count:
                handled = batch[count - 1][0]
            if error is not None:
                raise error
        else:
            for at, event in batch:
                await _handle(consumer, event)
                handled = at
    finally:
        if handled != position:
            await save_checkpoint(consumer.name, handled)
            jobs.wake()  # the jobs those events queued are committed
    return len(batch)


async def run_to_end(consumer: Consumer, *, settle: float = 10.0) -> int:
    """Handles every event committed before the call; returns how many. On PostgreSQL the log
    shows a transaction only once every older one has ended, so this waits (up to `settle`
    seconds) for the ones still hidden behind a running transaction."""
    latest = await _latest_committed()
    deadline = asyncio.get_running_loop().time() + settle
    total = 0
    while True:
        read = await run_batch(consumer)
        total += read
        if read:
            continue
        if latest is None or await checkpoint(consumer.name) >= latest:
            return total
        if asyncio.get_running_loop().time() > deadline:
            log.warning("consumer %s: events up to %s not readable yet; stopping", consumer.name, latest)
            return total
        await asyncio.sleep(0.05)


async def _latest_committed() -> event_log.Position | None:
    """The position of the newest committed event, hidden or not (casebook.events.log's read_after
    holds back those behind a running transaction)."""
    sql = Sql()
    tx = "0" if sql.sqlite else "tx::text::bigint"
    rows = await sql.fetch(f"SELECT {tx} AS tx, id FROM events ORDER BY tx DESC, id DESC LIMIT 1")
    return (int(rows[0]["tx"]), int(rows[0]["id"])) if rows else None
