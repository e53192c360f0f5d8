"""Concurrent writes of one case: locks in one order (no deadlock), and a bounded retry of conflicts."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import asyncpg
import pytest

from casebook import db as db_module
from casebook import events
from casebook.cases import services
from casebook.cases.models import Case
from casebook.enums import Role, Visibility
from casebook.events import log
from casebook.realtime.hub import hub
from casebook.stream import services as stream
from casebook.stream.models import Post
from support.config import USE_POSTGRES, error_codes

postgres_only = pytest.mark.skipif(not USE_POSTGRES, reason="SQLite has one writer at a time")


async def _deadlock(database_url: str) -> BaseException:
    """A real deadlock_detected error: two connections lock two rows in opposite order."""
    dsn = database_url.replace("postgres://", "postgresql://", 1)
    one, two = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        await one.execute("CREATE TABLE IF NOT EXISTS deadlock_probe (id int PRIMARY KEY)")
        await one.execute("INSERT INTO deadlock_probe VALUES (1), (2) ON CONFLICT DO NOTHING")
        for conn in (one, two):
            await conn.execute("BEGIN")
        await one.execute("SELECT 1 FROM deadlock_probe WHERE id = 1 FOR UPDATE")
        await two.execute("SELECT 1 FROM deadlock_probe WHERE id = 2 FOR UPDATE")
        results = await asyncio.gather(
            one.execute("SELECT 1 FROM deadlock_probe WHERE id = 2 FOR UPDATE"),
            two.execute("SELECT 1 FROM deadlock_probe WHERE id = 1 FOR UPDATE"),
            return_exceptions=True,
        )
        return next(r for r in results if isinstance(r, BaseException))
    finally:
        await one.close()
        await two.close()


@postgres_only
async def test_the_retry_runs_a_deadlocked_transaction_again(db: str) -> None:
    calls = 0

    async def attempt() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise await _deadlock(db)
        return "committed"

    assert await db_module.retry_conflicts(attempt) == "committed"
    assert calls == 2


@postgres_only
async def test_the_retry_gives_up_after_its_bound(db: str) -> None:
    error = await _deadlock(db)
    assert getattr(error, "sqlstate", None) == "40P01"
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise error

    with pytest.raises(asyncpg.DeadlockDetectedError):
        await db_module.retry_conflicts(attempt)
    assert calls == db_module.CONFLICT_ATTEMPTS


async def test_other_errors_are_not_retried(db: str) -> None:
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("not a conflict")

    with pytest.raises(ValueError):
        await db_module.retry_conflicts(attempt)
    assert calls == 1


@postgres_only
async def test_a_retried_post_is_stored_and_announced_once(
    db: str, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=agent.actor, subject="Retried")
    sub = hub.subscribe(lambda e: e.case_id == case.id)
    deadlock = await _deadlock(db)
    real_create = Post.create
    attempts = 0

    async def create_then_fail_once(**fields: Any) -> Post:
        nonlocal attempts
        attempts += 1
        post = await real_create(**fields)
        if attempts == 1:
            await Case.filter(id=case.id).update(topic="rolled back with the attempt")
            raise deadlock
        return post

    monkeypatch.setattr(Post, "create", create_then_fail_once)
    post = await stream.add_post(actor=agent.actor, case=case.id, body="once")
    assert attempts == 2
    assert [p.body for p in await Post.filter(case_id=case.id)] == ["once"]
    await asyncio.sleep(0.2)
    hub.unsubscribe(sub)
    announced = [e for e in sub.backlog if e is not None]
    assert [e.kind for e in announced if e.kind == events.POST_ADDED] == [events.POST_ADDED]
    # The rolled-back attempt's event went with it: the log holds the post once.
    logged = await log.events_of_case(case.id)
    assert [e.kind for e in logged].count(events.POST_ADDED) == 1
    stored = await Case.get(id=case.id)
    assert stored.last_post_id == post.id  # type: ignore[attr-defined]
    assert stored.topic is None


async def test_concurrent_edits_posts_and_assignments_never_deadlock(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No retries: the lock order alone must keep these apart.
    monkeypatch.setattr(db_module, "CONFLICT_ATTEMPTS", 1)
    agent = await people.make(Role.AGENT, "Alice")
    other = await people.make(Role.AGENT, "Bob")
    cases = [await services.create_case(actor=agent.actor, subject=f"Busy {i}") for i in range(2)]
    ids = [str(c.id) for c in cases]
    rng = random.Random(7)

    async def one(n: int) -> dict[str, Any]:
        case_id = rng.choice(ids)
        pick = n % 3
        if pick == 0:
            return await api(
                "mutation($id: ID!, $s: String!, $d: String!) {"
                " updateCase(id: $id, input: {subject: $s, description: $d, tags: [$s]}) { __typename } }",
                {"id": case_id, "s": f"subject {n}", "d": f"description {n}"},
                as_=agent,
            )
        if pick == 1:
            return await api(
                "mutation($c: ID!, $b: String!) {"
                " addPost(caseId: $c, body: $b, visibility: INTERNAL) { __typename } }",
                {"c": case_id, "b": f"note {n} with words to index"},
                as_=agent,
            )
        return await api(
            "mutation($id: ID!, $a: ID) { assignCase(id: $id, assigneeId: $a) { __typename } }",
            {"id": case_id, "a": str(other.id) if n % 2 else None},
            as_=agent,
        )

    for _ in range(3):
        results = await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(30))), 60)
        assert [r for r in results if r.get("errors")] == []
    assert await Post.filter(visibility=Visibility.INTERNAL).count() == 30
    for result in results:
        assert "INTERNAL" not in error_codes(result)
