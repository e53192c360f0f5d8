"""The SLA's threshold timers (casebook.sla.timers) on a real database: each warning and the breach
fire once per clock, also when a job runs twice or the worker restarts; a stale job does nothing;
the agents hear of it, a customer's notifications and live feed never do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import events, visibility, work
from casebook.background import jobs, leases
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.events import log as event_log
from casebook.notifications.models import Notification
from casebook.sla import clocks, timeline, timers
from casebook.sla.models import SlaClock, TargetKind
from casebook.sql import Sql


async def _sla_events(case_id: int) -> list[tuple[str, tuple[Any, ...]]]:
    got = []
    for _, event in await event_log.read_after(event_log.START, limit=1000):
        if event.case_id == case_id and event.kind in events.SLA_KINDS:
            got.append((event.kind, event.changes[0]))
    return got


async def _started(case_id: int, *, minutes_ago: int, target: int) -> clocks.Stored:
    now = datetime.now(UTC)

    async def begin(_unit: work.Unit) -> clocks.Stored:
        view = timeline.start(TargetKind.RESOLUTION, 1, target, None, now - timedelta(minutes=minutes_ago))
        stored = await clocks.insert(case_id, None, view)
        return await clocks.schedule(stored, None, timers.DEFAULT_PERCENTS)

    return await work.run(begin)


async def _run_jobs() -> int:
    done = await jobs.run_due(holder=leases.new_holder(), kinds=[clocks.DUE])
    return done.done


async def test_warnings_and_the_breach_fire_once_each(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Printer", assignee_id=agent.id)
    clock = await _started(case.id, minutes_ago=80, target=100)  # 75 % passed, 90 % not yet
    assert await _run_jobs() == 1
    assert await _sla_events(case.id) == [(events.SLA_WARNING, ("sla", "RESOLUTION", "75"))]
    row = await SlaClock.get(id=clock.id)
    assert row.fired == [75] and row.next_fire_at is not None

    # The same job again (a worker died before marking it done): nothing fires twice.
    again = await work.run(lambda unit: timers.fire(unit, clock.id, clocks.stamp(clock.next_fire_at)))  # type: ignore[arg-type]
    assert again == []
    # Later, after a "restart": every threshold passed since, once, then no job is left.
    later = datetime.now(UTC) + timedelta(minutes=30)
    row = await SlaClock.get(id=clock.id)
    at = clocks.stamp(row.next_fire_at)  # type: ignore[arg-type]
    assert await work.run(lambda unit: timers.fire(unit, clock.id, at, now=later)) == [90, 100]
    assert await work.run(lambda unit: timers.fire(unit, clock.id, at, now=later)) == []
    assert await _sla_events(case.id) == [
        (events.SLA_WARNING, ("sla", "RESOLUTION", "75")),
        (events.SLA_WARNING, ("sla", "RESOLUTION", "90")),
        (events.SLA_BREACHED, ("sla", "RESOLUTION", "100")),
    ]
    row = await SlaClock.get(id=clock.id)
    assert row.fired == [75, 90, 100] and row.breached_at is not None and row.next_fire_at is None
    titles = [n.title for n in await Notification.filter(user_id=agent.id).order_by("id")]
    assert titles == [
        f"SLA warning: resolution of case #{case.number} at 75 %",
        f"SLA breached: resolution of case #{case.number}",
    ]
    assert not await Notification.filter(user_id=customer.id).exists()


async def test_a_stale_job_does_nothing(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    case = await create_case(actor=agent.actor, subject="Printer")
    clock = await _started(case.id, minutes_ago=0, target=100)
    old = clocks.stamp(datetime.now(UTC) - timedelta(minutes=5))
    await jobs.enqueue(clocks.DUE, {"clock_id": clock.id, "at": old}, key=f"{clocks.DUE}:{clock.id}:{old}")
    assert await _run_jobs() == 1  # the stale one ran; the real one is not due yet
    assert await _sla_events(case.id) == []
    sql = Sql()
    rows = await sql.fetch(f"SELECT status FROM jobs WHERE kind = {sql.p(clocks.DUE)} ORDER BY id")
    assert [r["status"] for r in rows] == [jobs.PENDING, jobs.DONE]


async def test_a_customer_never_hears_of_sla_events(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(
        actor=agent.actor, subject="Printer", reported_by_id=customer.actor.contact_id, assignee_id=agent.id
    )
    await _started(case.id, minutes_ago=200, target=100)
    await _run_jobs()
    sla = [
        e for _, e in await event_log.read_after(event_log.START, limit=1000) if e.kind in events.SLA_KINDS
    ]
    assert {e.kind for e in sla} == {events.SLA_WARNING, events.SLA_BREACHED}
    assert visibility.can_see_event(agent.actor, sla[0])
    assert not any(visibility.can_see_event(customer.actor, e) for e in sla)
    assert not await Notification.filter(user_id=customer.id).exists()
