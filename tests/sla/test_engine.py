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
