"""Durable jobs and timers in the database (table `jobs`): every piece of background work that must
happen later, or again after a failure, is one row here.

A job has a kind (the handler that runs it), a JSON payload, the time it is due (a timer is simply
a job due later) and an optional key: queueing the same key twice queues one job, so an effect
keyed by what caused it (an event id, an outbox row) is queued once however often its cause is
handled. `enqueue` writes on the caller's connection: inside a unit of work the job commits or
rolls back with the change that asked for it.

Workers claim due jobs with one statement, `UPDATE jobs ... WHERE id IN (SELECT ... FOR UPDATE SKIP
LOCKED) RETURNING ...` on PostgreSQL: several worker processes take disjoint batches without waiting
for each other. On SQLite the same UPDATE without the lock clause is atomic (one writer at a time).
A claim marks the job RUNNING and locks it until `locked_until`; a worker that dies holding jobs
loses them then and another worker runs them. Every job therefore runs at least once, and a handler
whose effect leaves the system (an SMTP send) checks and records it around the effect: the moment
between the effect and its record is the only place where a crash repeats it.

A failing job is tried again after its kind's back-off; after the last attempt it is FAILED and
kept, with its error, for an operator to see.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from tortoise import connections

from casebook import settings
from casebook.sql import Sql

log = logging.getLogger(__name__)

PENDING = "PENDING"
RUNNING = "RUNNING"
DONE = "DONE"
FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    kind: str
    key: str | None
    payload: dict[str, Any]
    attempts: int  # counting the one now running


class Permanent(Exception):
    """Raised by a handler when another attempt would fail the same way: the job is FAILED at once."""


class Unavailable(Exception):
    """Raised by a handler when what its kind needs is down (the SMTP server): this job counts the
    attempt, and the kind's other jobs of this round go back unattempted instead of each waiting
    for the same timeout."""


Handler = Callable[[Claimed], Awaitable[None]]
# (job, error, retry_at): retry_at is None when the job is FAILED for good.
FailureHook = Callable[[Claimed, str, datetime | None], Awaitable[None]]


def default_backoff(attempts: int) -> float:
    return float(min(3600, 10 * 2 ** max(attempts - 1, 0)))


@dataclass(frozen=True, slots=True)
class Kind:
    handler: Handler
    max_attempts: Callable[[], int]
    backoff: Callable[[int], float]
    # False while the kind cannot run at all (mail without CASEBOOK_SMTP_URL): its jobs stay due.
    ready: Callable[[], bool]
    on_failure: FailureHook | None


_kinds: dict[str, Kind] = {}


def register(
    kind: str,
    handler: Handler,
    *,
    max_attempts: int | Callable[[], int] = 5,
    backoff: Callable[[int], float] = default_backoff,
    ready: Callable[[], bool] | None = None,
    on_failure: FailureHook | None = None,
) -> None:
    limit = max_attempts if callable(max_attempts) else (lambda: max_attempts)  # type: ignore[return-value]
    _kinds[kind] = Kind(handler, limit, backoff, ready or (lambda: True), on_failure)


def kinds() -> list[str]:
    return list(_kinds)


def _now() -> datetime:
    return datetime.now(UTC)


def _at(sql: Sql, moment: datetime) -> Any:
    """A time as this dialect compares it. SQLite compares the stored text: one fixed format."""
    return moment.astimezone(UTC).isoformat(sep=" ", timespec="microseconds") if sql.sqlite else moment


async def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    run_at: datetime | None = None,
) -> int | None:
    """Queues a job (due at `run_at`, now by default); None when a job with this key exists."""
    sql = Sql()
    json = "" if sql.sqlite else "::jsonb"
    query = (
        "INSERT INTO jobs (kind, key, payload, run_at, status, attempts, created_at) VALUES ("
        f"{sql.p(kind)}, {sql.p(key[:255] if key else None)}, "
        f"{sql.p(orjson.dumps(payload or {}).decode())}{json}, {sql.p(_at(sql, run_at or _now()))}, "
        f"'{PENDING}', 0, {sql.p(_at(sql, _now()))}) ON CONFLICT (key) DO NOTHING RETURNING id"
    )
    rows = await connections.get("default").execute_query_dict(query, sql.params)
    return int(rows[0]["id"]) if rows else None


async def claim(*, kinds: Sequence[str], holder: str, limit: int, lock_seconds: float) -> list[Claimed]:
    """Takes up to `limit` due jobs of these kinds (and jobs whose worker's lock ran out)."""
    if not kinds:
        return []
    sql = Sql()
    now = _now()
    until = now + timedelta(seconds=lock_seconds)
    skip_locked = "" if sql.sqlite else " FOR UPDATE SKIP LOCKED"
    query = (
        f"UPDATE jobs SET status = '{RUNNING}', attempts = attempts + 1, "
        f"locked_by = {sql.p(holder)}, locked_until = {sql.p(_at(sql, until))} "
        f"WHERE id IN (SELECT id FROM jobs WHERE kind {sql.in_(list(kinds), 'text')} AND ("
        f"(status = '{PENDING}' AND run_at <= {sql.p(_at(sql, now))}) OR "
        f"(status = '{RUNNING}' AND locked_until < {sql.p(_at(sql, now))})) "
        f"ORDER BY run_at, id LIMIT {sql.p(limit)}{skip_locked}) "
        "RETURNING id, kind, key, payload, attempts"
    )
    rows = await connections.get("default").execute_query_dict(query, sql.params)
    claimed = [
        Claimed(
            id=int(r["id"]),
            kind=r["kind"],
            key=r["key"],
            payload=orjson.loads(r["payload"]) if isinstance(r["payload"], str | bytes) else r["payload"],
            attempts=int(r["attempts"]),
        )
        for r in rows
    ]
    return sorted(claimed, key=lambda job: job.id)  # RETURNING promises no order


async def _finish(
    job: Claimed, holder: str, *, status: str, error: str | None, retry_at: datetime | None
) -> None:
    sql = Sql()
    # locked_by stays: which worker ran the job last, for whoever looks into it.
    sets = [f"status = {sql.p(status)}", "locked_until = NULL", f"last_error = {sql.p(error)}"]
    if retry_at is not None:
        sets.append(f"run_at = {sql.p(_at(sql, retry_at))}")
    if status in (DONE, FAILED):
        sets.append(f"finished_at = {sql.p(_at(sql, _now()))}")
    # Only while the lock is still ours: a job that outlived its lock belongs to whoever took it.
    query = (
        f"UPDATE jobs SET {', '.join(sets)} "
        f"WHERE id = {sql.p(job.id)} AND locked_by = {sql.p(holder)} AND status = '{RUNNING}'"
    )
    await connections.get("default").execute_query(query, sql.params)


async def _release(job: Claimed, holder: str, *, run_at: datetime | None) -> None:
    """Gives a claimed job back unattempted (its kind became unavailable during the round), due
    when the job that found it unavailable is tried again."""
    sql = Sql()
    due = f", run_at = {sql.p(_at(sql, run_at))}" if run_at is not None else ""
    query = (
        f"UPDATE jobs SET status = '{PENDING}', attempts = attempts - 1, locked_by = NULL, "
        f"locked_until = NULL{due} WHERE id = {sql.p(job.id)} AND locked_by = {sql.p(holder)}"
    )
    await connections.get("default").execute_query(query, sql.params)


@dataclass
class Round:
    claimed: int = 0
    done: int = 0
    retried: int = 0  # failed this time; due again after the back-off
    failed: int = 0  # failed for good
    released: int = 0  # given back unattempted (their kind was unavailable)
    # Kinds found unavailable this round, and when they are tried again.
    unavailable: dict[str, datetime | None] = field(default_factory=dict)


async def run_due(
    *, holder: str, kinds: Sequence[str] | None = None, limit: int = 50, lock_seconds: float | None = None
) -> Round:
    """Claims one batch of due jobs and runs them, one after the other."""
    result = Round()
    names = [k for k in (kinds if kinds is not None else _kinds) if k in _kinds and _kinds[k].ready()]
    claimed = await claim(
        kinds=names, holder=holder, limit=limit, lock_seconds=lock_seconds or settings.JOB_LOCK_SECONDS
    )
    result.claimed = len(claimed)
    for job in claimed:
        kind = _kinds[job.kind]
        if job.kind in result.unavailable or not kind.ready():
            await _release(job, holder, run_at=result.unavailable.get(job.kind))
            result.released += 1
            continue
        try:
            await kind.handler(job)
        except Exception as exc:
            error = (str(exc) or type(exc).__name__)[:2000]
            final = isinstance(exc, Permanent) or job.attempts >= kind.max_attempts()
            retry_at = None if final else _now() + timedelta(seconds=kind.backoff(job.attempts))
            if isinstance(exc, Unavailable):
                result.unavailable[job.kind] = retry_at
            await _finish(job, holder, status=FAILED if final else PENDING, error=error, retry_at=retry_at)
            if kind.on_failure is not None:
                await kind.on_failure(job, error, retry_at)
            if final:
                result.failed += 1
                log.error(
                    "job %s (%s) failed for good after %s attempts: %s", job.id, job.kind, job.attempts, error
                )
            else:
                result.retried += 1
                log.warning("job %s (%s) attempt %s failed: %s", job.id, job.kind, job.attempts, error)
            continue
        await _finish(job, holder, status=DONE, error=None, retry_at=None)
        result.done += 1
    return result


# --- waking this process's worker ------------------------------------------------------------------

_wakers: set[asyncio.Event] = set()


def wake() -> None:
    """Tells this process's job loop that jobs were just committed (other processes poll)."""
    for waker in list(_wakers):
        waker.set()


async def wait(stop: asyncio.Event, timeout: float) -> None:  # noqa: ASYNC109 (the poll interval)
    """Returns after `timeout`, or sooner when `wake()` is called or `stop` is set."""
    waker = asyncio.Event()
    _wakers.add(waker)
    try:
        stopped = asyncio.ensure_future(stop.wait())
        woken = asyncio.ensure_future(waker.wait())
        try:
            await asyncio.wait({stopped, woken}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (stopped, woken):
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
    finally:
        _wakers.discard(waker)
