"""The job table as workers use it: idempotent queueing, timers, claims, locks, retries, giving up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from casebook.background import jobs
from casebook.background.models import Job

ran: list[tuple[str, int]] = []


async def record(job: jobs.Claimed) -> None:
    ran.append((job.payload["name"], job.attempts))


async def flaky(job: jobs.Claimed) -> None:
    ran.append((job.payload["name"], job.attempts))
    raise RuntimeError(f"attempt {job.attempts} failed")


async def hopeless(job: jobs.Claimed) -> None:
    raise jobs.Permanent("this payload can never work")


@pytest.fixture(autouse=True)
def kinds() -> Iterator[None]:
    ran.clear()
    jobs.register("test.record", record)
    jobs.register("test.flaky", flaky, max_attempts=3, backoff=lambda n: 60.0 * n)
    jobs.register("test.hopeless", hopeless)
    yield
    for kind in ("test.record", "test.flaky", "test.hopeless"):
        jobs._kinds.pop(kind, None)


async def make_due(kind: str | None = None) -> None:
    query = Job.all() if kind is None else Job.filter(kind=kind)
    await query.update(run_at=datetime.now(UTC) - timedelta(seconds=1))


async def test_a_key_queues_one_job_and_jobs_run_once(db: str) -> None:
    first = await jobs.enqueue("test.record", {"name": "a"}, key="k1")
    assert first is not None
    assert await jobs.enqueue("test.record", {"name": "again"}, key="k1") is None
    await jobs.enqueue("test.record", {"name": "b"})
    await jobs.enqueue("test.record", {"name": "c"})  # no key: never deduplicated

    done = await jobs.run_due(holder="w1")
    assert (done.claimed, done.done) == (3, 3)
    assert ran == [("a", 1), ("b", 1), ("c", 1)]
    assert (await jobs.run_due(holder="w1")).claimed == 0
    rows = await Job.all().order_by("id")
    assert [(r.status, r.locked_by, r.locked_until, r.finished_at is not None) for r in rows] == [
        ("DONE", "w1", None, True)
    ] * 3


async def test_a_timer_runs_when_it_is_due(db: str) -> None:
    await jobs.enqueue("test.record", {"name": "later"}, run_at=datetime.now(UTC) + timedelta(hours=1))
    assert (await jobs.run_due(holder="w1")).claimed == 0
    await make_due()
    assert (await jobs.run_due(holder="w1")).done == 1
    assert ran == [("later", 1)]


async def test_a_claimed_job_is_not_claimed_again_until_its_lock_runs_out(db: str) -> None:
    await jobs.enqueue("test.record", {"name": "x"})
    [job] = await jobs.claim(kinds=["test.record"], holder="dead-worker", limit=10, lock_seconds=60)
    assert job.attempts == 1
    assert await jobs.claim(kinds=["test.record"], holder="w2", limit=10, lock_seconds=60) == []

    # The first worker died holding it: once the lock is past, another worker runs it.
    await Job.filter(id=job.id).update(locked_until=datetime.now(UTC) - timedelta(seconds=1))
    done = await jobs.run_due(holder="w2")
    assert done.done == 1 and ran == [("x", 2)]
    # The dead worker's late report changes nothing: the job is no longer locked by it.
    await jobs._finish(job, "dead-worker", status="FAILED", error="late", retry_at=None)
    assert (await Job.get(id=job.id)).status == "DONE"


async def test_retries_back_off_and_the_last_attempt_fails_for_good(db: str) -> None:
    await jobs.enqueue("test.flaky", {"name": "f"})
    for attempt in (1, 2):
        before = datetime.now(UTC)
        done = await jobs.run_due(holder="w1")
        assert done.retried == 1
        row = await Job.get(kind="test.flaky")
        assert row.status == "PENDING" and row.attempts == attempt
        assert row.run_at >= before + timedelta(seconds=60 * attempt - 1)  # the kind's back-off
        assert row.last_error == f"attempt {attempt} failed"
        assert (await jobs.run_due(holder="w1")).claimed == 0  # not due yet
        await make_due()
    done = await jobs.run_due(holder="w1")
    assert done.failed == 1
    row = await Job.get(kind="test.flaky")
    assert (row.status, row.attempts, row.locked_until) == ("FAILED", 3, None)
    await make_due()
    assert (await jobs.run_due(holder="w1")).claimed == 0  # FAILED stays failed
    assert [a for _, a in ran] == [1, 2, 3]


async def test_a_permanent_failure_is_not_retried(db: str) -> None:
    await jobs.enqueue("test.hopeless", {})
    assert (await jobs.run_due(holder="w1")).failed == 1
    row = await Job.get(kind="test.hopeless")
    assert (row.status, row.attempts, row.last_error) == ("FAILED", 1, "this payload can never work")


async def test_a_kind_that_is_not_ready_keeps_its_jobs_due(db: str) -> None:
    jobs.register("test.record", record, ready=lambda: False)
    await jobs.enqueue("test.record", {"name": "waits"})
    assert (await jobs.run_due(holder="w1")).claimed == 0
    row = await Job.get(kind="test.record")
    assert (row.status, row.attempts) == ("PENDING", 0)


async def test_a_job_queued_in_a_rolled_back_transaction_is_not_there(db: str) -> None:
    from tortoise.transactions import in_transaction

    with pytest.raises(RuntimeError):
        async with in_transaction():
            await jobs.enqueue("test.record", {"name": "gone"}, key="rolled-back")
            raise RuntimeError("the change failed")
    assert not await Job.exists(key="rolled-back")
    assert await jobs.enqueue("test.record", {"name": "now"}, key="rolled-back") is not None
