"""The event log: what a write records, how readers go through it, and the hub's copy."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import asyncpg
import pytest

from casebook import events, settings
from casebook.cases import services
from casebook.contacts.services import save_contact
from casebook.enums import CaseStatus, Role
from casebook.events import Event, log
from casebook.realtime.hub import hub
from casebook.stream.services import add_post
from support.config import USE_POSTGRES
from support.eventlog import read_settled


async def _drain(sub: Any) -> list[Event]:
    await asyncio.sleep(0.2)
    got = list(sub.backlog)
    sub.backlog.clear()
    return got


def test_an_event_round_trips_through_json_with_its_changes() -> None:
    event = Event(
        id=7,
        kind=events.CASE_CHANGED,
        case_id=3,
        team_id=None,
        assignee_id=2,
        account_id=None,
        reported_by_id=None,
        contact_ids=(4, 5),
        actor_user_id=1,
        actor_name="Ada",
        caused_by=6,
        at="2026-01-01T00:00:00+00:00",
        changes=(("status", "NEW", "ASSIGNED"), ("assignee", None, "Alice"), ("status", "X", "Y")),
    )
    received = Event.from_json(event.to_json())
    assert received.changed_fields == event.changed_fields == ("status", "assignee")
    # The hub carries which fields changed, never their values (they stay in the log).
    assert received.changes == (("status", None, None), ("assignee", None, None))
    assert received == dataclasses.replace(event, changes=received.changes)


def test_the_hubs_copy_stays_small_whatever_changed() -> None:
    """A 32 KB description change still fits PostgreSQL's 8,000-byte NOTIFY (the postgres:// broadcast)."""
    big = "x" * 32_000
    event = Event(
        id=1,
        kind=events.CASE_CHANGED,
        case_id=1,
        team_id=None,
        assignee_id=None,
        account_id=None,
        reported_by_id=None,
        contact_ids=tuple(range(50)),
        changes=(("description", big, big + "y"), ("internalComments", "secret", "more secret")),
    )
    wire = event.to_json()
    assert len(wire.encode()) < 1_000
    assert "secret" not in wire and big not in wire


async def test_events_carry_the_cases_current_contacts(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    carl = await save_contact(actor=admin.actor, name="Carl", email="carl@x.test")
    dora = await save_contact(actor=admin.actor, name="Dora", email="dora@x.test")
    sub = hub.subscribe(lambda e: True)
    case = await services.create_case(actor=admin.actor, subject="Printer", contact_ids=[dora.id, carl.id])
    await add_post(actor=admin.actor, case=case.id, body="By id")
    changed = await services.update_case(
        actor=admin.actor, case_id=case.id, changes={"contactIds": [dora.id]}
    )
    await add_post(actor=admin.actor, case=changed, body="Handed the changed case")
    await add_post(actor=admin.actor, case=case.id, body="By id again")
    delivered = await _drain(sub)
    both, only_dora = tuple(sorted((carl.id, dora.id))), (dora.id,)
    assert [(e.kind, e.contact_ids) for e in delivered] == [
        (events.CASE_CREATED, both),
        (events.POST_ADDED, both),
        (events.CASE_CHANGED, only_dora),
        (events.POST_ADDED, only_dora),
        (events.POST_ADDED, only_dora),
    ]
    # The hub carries what the log holds (the same ids, in the same order), without the values.
    logged = await log.events_of_case(case.id)
    assert delivered == [
        dataclasses.replace(e, changes=tuple((f, None, None) for f in e.changed_fields)) for e in logged
    ]
    hub.unsubscribe(sub)


async def test_each_write_records_its_changes_with_old_and_new_values(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    await services.update_case(actor=admin.actor, case_id=case.id, changes={"subject": "Printer jam"})
    await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=alice.id)
    await services.set_status(actor=alice.actor, case_id=case.id, status=CaseStatus.PENDING)
    post = await add_post(actor=alice.actor, case=case.id, body="Any news?")
    got = await log.events_of_case(case.id)
    assert [(e.kind, e.actor_name, e.changes) for e in got] == [
        (events.CASE_CREATED, "Ada", ()),
        (events.CASE_CHANGED, "Ada", (("subject", "Printer", "Printer jam"),)),
        (events.CASE_CHANGED, "Ada", (("assignee", None, "Alice"), ("status", "NEW", "ASSIGNED"))),
        (events.CASE_CHANGED, "Alice", (("status", "ASSIGNED", "PENDING"),)),
        (events.POST_ADDED, "Alice", ()),
    ]
    assert got[-1].post_id == post.id and got[-1].post_visibility == "PUBLIC"
    assert got[2].assignee_id == alice.id and got[1].assignee_id is None  # the snapshot at commit
    assert [e.id for e in got] == sorted(e.id for e in got)


async def test_read_after_pages_through_the_log_in_order(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    assert await log.read_after(log.START) == [] and await log.end() == log.START
    cases = [await services.create_case(actor=admin.actor, subject=f"Case {n}") for n in range(5)]
    first = await read_settled(count=3, limit=3)
    rest = await read_settled(first[-1][0], count=2, limit=3)
    assert [e.case_id for _, e in first + rest] == [c.id for c in cases]
    assert await log.read_after(rest[-1][0]) == []
    assert await log.end() == rest[-1][0]


async def test_wait_returns_when_this_process_commits(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    waiter = asyncio.create_task(log.wait(10))
    await asyncio.sleep(0.05)
    assert not waiter.done()
    started = asyncio.get_running_loop().time()
    await services.create_case(actor=admin.actor, subject="Wake up")
    await asyncio.wait_for(waiter, 2)
    assert asyncio.get_running_loop().time() - started < 2
    await log.wait(0.01)  # nothing committed: the timeout ends it


async def _insert_event(conn: asyncpg.Connection, kind: str) -> int:
    return int(
        await conn.fetchval(
            "INSERT INTO events (kind, actor_name, at, data) VALUES ($1, 'test', now(), '{}') RETURNING id",
            kind,
        )
    )


@pytest.mark.skipif(not USE_POSTGRES, reason="SQLite has one writer: ids are in commit order there")
async def test_a_reader_never_skips_an_event_whose_transaction_commits_later(db: str) -> None:
    """Two transactions commit in the opposite order of their ids: a reader that went by id alone
    would take the later id, move its position past the earlier one, and never see it."""
    dsn = settings.DATABASE_URL.replace("postgres://", "postgresql://", 1).split("?", 1)[0]
    first, second = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        seen: list[int] = []
        position = log.START

        async def read() -> None:
            nonlocal position
            for at, event in await log.read_after(position):
                seen.append(event.id)
                position = at

        for order in ("ids", "transactions"):
            seen.clear()
            t1, t2 = first.transaction(), second.transaction()
            await t1.start()
            await t2.start()
            if order == "transactions":
                # The second transaction takes its id (xid) first, the first its event id first.
                await second.fetchval("SELECT pg_current_xact_id()")
            early = await _insert_event(first, "EARLY_ID")
            late = await _insert_event(second, "LATE_ID")
            assert early < late
            await t2.commit()  # the later id commits first
            await read()
            assert early not in seen  # not committed yet
            await t1.commit()
            for _ in range(500):  # another database's open transaction on the server delays both
                await read()
                if len(seen) >= 2:
                    break
                await asyncio.sleep(0.02)
            assert sorted(seen) == [early, late], (order, seen)
            await read()
            assert sorted(seen) == [early, late]
    finally:
        await first.close()
        await second.close()
