"""The SLA engine's storage (casebook.sla.clocks) on a real database: clocks read per latest cycle,
threshold jobs queued once per instant, cases.sla_due_at kept without touching updated_at, and the
status timeline's segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import work
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.sla import clocks, timeline
from casebook.sla.models import ClockState, TargetKind
from casebook.sql import Sql, utc

START = datetime(2030, 1, 7, 9, tzinfo=UTC)
R, F = TargetKind.RESOLUTION, TargetKind.FIRST_RESPONSE


async def _jobs(case_clock: int) -> list[dict[str, Any]]:
    sql = Sql()
    return await sql.fetch(
        f"SELECT key, run_at FROM jobs WHERE kind = {sql.p(clocks.DUE)} AND key LIKE {sql.p(f'%:{case_clock}:%')}"
    )


async def test_clocks_due_and_timers_are_stored_together(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    case = await create_case(actor=agent.actor, subject="Printer")
    before = (await Case.get(id=case.id)).updated_at

    async def begin(_unit: work.Unit) -> clocks.Stored:
        first = await clocks.insert(case.id, None, timeline.start(F, 1, 60, None, START))
        await clocks.insert(case.id, None, timeline.start(R, 1, 480, None, START))
        await clocks.refresh_due(case.id)
        return await clocks.schedule(first, None, [75, 90])

    first = await work.run(begin)
    assert first.next_fire_at == START + timedelta(minutes=45)
    again = await work.run(lambda _u: clocks.schedule(first, None, [75, 90]))
    assert again.next_fire_at == first.next_fire_at
    assert [utc(j["run_at"]) for j in await _jobs(first.id)] == [START + timedelta(minutes=45)]  # once
    row = await Case.get(id=case.id)
    assert utc(row.sla_due_at) == START + timedelta(hours=1)  # type: ignore[attr-defined]
    assert row.updated_at == before

    async def answer(_unit: work.Unit) -> None:
        found = await clocks.current(case.id)
        met = timeline.meet(found[F].view, None, START + timedelta(minutes=20))
        await clocks.save(found[F], met)
        resolved = timeline.meet(found[R].view, None, START + timedelta(hours=2))
        await clocks.save(found[R], resolved)  # resolved, then reopened: the next cycle
        await clocks.insert(case.id, None, timeline.start(R, 2, 480, None, START + timedelta(days=1)))
        await clocks.refresh_due(case.id)

    await work.run(answer)
    found = await clocks.current(case.id, lock=False)
    assert found[F].view.state is ClockState.MET and found[F].view.used_minutes == 20
    assert found[R].view.cycle == 2  # the latest cycle of each kind
    row = await Case.get(id=case.id)
    assert utc(row.sla_due_at) == START + timedelta(days=1, hours=8)  # type: ignore[attr-defined]
    assert row.updated_at == before


async def test_the_status_timeline_begins_a_segment_per_state_change(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    case = await create_case(actor=agent.actor, subject="Printer")

    async def history(_unit: work.Unit) -> None:
        await clocks.begin_segment(case.id, "running", START, 1)
        await clocks.begin_segment(case.id, "running", START + timedelta(minutes=5), 2)  # the same
        await clocks.begin_segment(case.id, "paused:PENDING", START + timedelta(hours=1), 3)
        await clocks.begin_segment(case.id, "stopped:RESOLVED", START + timedelta(hours=2), 4)

    await work.run(history)
    assert await clocks.segment_of(3) and not await clocks.segment_of(2)
    rows = await clocks.segments(case.id)
    assert [(r["state"], utc(r["starts_at"]), utc(r["ends_at"])) for r in rows] == [
        ("running", START, START + timedelta(hours=1)),
        ("paused:PENDING", START + timedelta(hours=1), START + timedelta(hours=2)),
        ("stopped:RESOLVED", START + timedelta(hours=2), None),
    ]
    cut = timeline.segments(rows, None, until=START + timedelta(hours=3))
    assert [s.kind for s in cut] == ["RUNNING", "PAUSED", "STOPPED"]
    assert len(await clocks.segments(case.id, limit=2)) == 2


# --- the consumer: the clocks follow the case's events.


async def _policy() -> Any:
    from casebook.sla.models import SlaPolicy

    return await SlaPolicy.create(
        name="Standard",
        position=1,
        targets={
            p: {"FIRST_RESPONSE": 60, "NEXT_RESPONSE": 120, "RESOLUTION": 480}
            for p in ("LOW", "NORMAL", "HIGH")
        }
        | {"URGENT": {"FIRST_RESPONSE": 15, "NEXT_RESPONSE": 30, "RESOLUTION": 120}},
    )


async def _states(case_id: int) -> dict[str, tuple[int, str, int]]:
    found = await clocks.current(case_id, lock=False)
    return {k.value: (c.view.cycle, c.view.state.value, c.view.target_minutes) for k, c in found.items()}


async def test_first_response_is_met_only_by_an_agents_public_post(people: Any) -> None:
    from casebook.background import consumers
    from casebook.cases.services import set_status, update_case
    from casebook.enums import CaseStatus, Priority, Visibility
    from casebook.sla.engine import CONSUMER
    from casebook.stream.services import add_post

    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    await _policy()
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Printer", reported_by_id=customer.actor.contact_id)
    await consumers.run_to_end(CONSUMER)
    assert await _states(case.id) == {"FIRST_RESPONSE": (1, "RUNNING", 60), "RESOLUTION": (1, "RUNNING", 480)}
    assert (await Case.get(id=case.id)).sla_due_at is not None  # type: ignore[attr-defined]

    await add_post(actor=agent.actor, case=case.id, body="note", visibility=Visibility.INTERNAL)
    await add_post(actor=customer.actor, case=case.id, body="still broken")
    await consumers.run_to_end(CONSUMER)
    assert (await _states(case.id))["FIRST_RESPONSE"] == (1, "RUNNING", 60)

    await add_post(actor=agent.actor, case=case.id, body="On it")
    await add_post(actor=customer.actor, case=case.id, body="thanks, but")
    await consumers.run_to_end(CONSUMER)
    states = await _states(case.id)
    assert states["FIRST_RESPONSE"] == (1, "MET", 60) and states["NEXT_RESPONSE"] == (1, "RUNNING", 120)

    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.PENDING)
    await consumers.run_to_end(CONSUMER)
    assert (await _states(case.id))["RESOLUTION"] == (1, "PAUSED", 480)
    assert (await Case.get(id=case.id)).sla_due_at is None  # type: ignore[attr-defined]

    await update_case(actor=agent.actor, case_id=case.id, changes={"priority": Priority.URGENT})
    await consumers.run_to_end(CONSUMER)
    assert (await _states(case.id))["RESOLUTION"] == (1, "PAUSED", 120)
    from casebook.cases.history import history_of

    sla_rows = [r for r in await history_of(case.id) if r["field"] == "sla"]
    assert [(r["old_value"], r["new_value"]) for r in sla_rows] == [
        ("Standard · resolution 480 min", "Standard · resolution 120 min")
    ]

    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.RESOLVED)
    await consumers.run_to_end(CONSUMER)
    states = await _states(case.id)
    assert states["RESOLUTION"] == (1, "MET", 120) and states["NEXT_RESPONSE"][1] == "STOPPED"

    await add_post(actor=customer.actor, case=case.id, body="it broke again")  # reopens the case
    await consumers.run_to_end(CONSUMER)
    assert (await _states(case.id))["RESOLUTION"] == (2, "RUNNING", 120)
    # Reading the log again from the start changes nothing.
    before = await _states(case.id)
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    await consumers.run_to_end(CONSUMER)
    assert await _states(case.id) == before
