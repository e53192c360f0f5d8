"""A policy or calendar change re-times the open cases that use it (casebook.sla.recompute, the job
`sla.policy_changed` run the way the worker runs it), and a case no policy matched at creation
gets its clocks when a later change makes one match (casebook.sla.engine)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sla_support import CREATE_CALENDAR, CREATE_POLICY, UPDATE_CALENDAR, UPDATE_POLICY

from casebook import events
from casebook.background import consumers, jobs, leases
from casebook.cases.models import Case
from casebook.cases.services import create_case, update_case
from casebook.enums import Priority, Role
from casebook.events import log as event_log
from casebook.sla import clocks, recompute
from casebook.sla.engine import CONSUMER
from casebook.sla.models import ClockState, SlaClock, TargetKind
from casebook.sql import Sql, utc
from casebook.stream.services import add_post

R, F = TargetKind.RESOLUTION, TargetKind.FIRST_RESPONSE
ALL_DAY = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(1, 8)]


def _policy(resolution: int, **more: Any) -> dict[str, Any]:
    return {"name": "Standard", "targets": [{"priority": "NORMAL", "resolutionMinutes": resolution}], **more}


async def _pending() -> list[dict[str, Any]]:
    sql = Sql()
    return await sql.fetch(
        f"SELECT key, payload FROM jobs WHERE kind = {sql.p(recompute.KIND)} AND status = 'PENDING'"
    )


async def _run_jobs() -> int:
    return (await jobs.run_due(holder=leases.new_holder(), kinds=[recompute.KIND])).done


async def _clock(case_id: int, kind: TargetKind = R) -> clocks.Stored:
    return (await clocks.current(case_id, lock=False))[kind]


async def test_a_changed_target_re_times_the_open_cases_clock(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    policy = (await api(CREATE_POLICY, {"input": _policy(480)}, as_=admin))["data"]["createSlaPolicy"]
    case = await create_case(actor=agent.actor, subject="Printer")
    closed = await create_case(actor=agent.actor, subject="Old one")
    await consumers.run_to_end(CONSUMER)
    await _run_jobs()  # the creation's own job: nothing to re-time yet
    before = await _clock(case.id)
    assert before.view.target_minutes == 480
    await with_resolved(agent, closed.id)

    for minutes in (300, 240):  # two quick saves: one pending job
        got = await api(UPDATE_POLICY, {"id": policy["id"], "input": _policy(minutes)}, as_=admin)
        assert "errors" not in got, got
    pending = await _pending()
    assert [j["key"] for j in pending] == [f"{recompute.KIND}:policy:{policy['id']}"]

    assert await _run_jobs() == 1
    after = await _clock(case.id)
    assert after.view.target_minutes == 240 and after.view.state is ClockState.RUNNING
    assert after.view.since == before.view.since  # its last transition stays: events in flight apply
    assert after.view.due_at is not None and before.view.due_at is not None
    assert abs((before.view.due_at - after.view.due_at) - timedelta(minutes=240)) < timedelta(seconds=1)
    assert after.next_fire_at is not None  # 75 % of the new target
    assert abs(after.next_fire_at - (after.view.due_at - timedelta(minutes=60))) < timedelta(seconds=1)
    assert utc((await Case.get(id=case.id)).sla_due_at) == after.view.due_at  # type: ignore[attr-defined]
    met = await _clock(closed.id)
    assert met.view.state is ClockState.MET and met.view.target_minutes == 480  # frozen: left alone
    assert await _pending() == []

    # The job freed its key: the next save queues the next run.
    await api(UPDATE_POLICY, {"id": policy["id"], "input": _policy(120)}, as_=admin)
    assert len(await _pending()) == 1
    assert await _run_jobs() == 1
    assert (await _clock(case.id)).view.target_minutes == 120


async def with_resolved(agent: Any, case_id: int) -> None:
    from casebook.cases.services import set_status
    from casebook.enums import CaseStatus

    await set_status(actor=agent.actor, case_id=case_id, status=CaseStatus.RESOLVED)
    await consumers.run_to_end(CONSUMER)


async def test_changed_calendar_hours_move_the_deadline(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    base = {"name": "UTC", "timeZone": "UTC", "hours": ALL_DAY}
    calendar = (await api(CREATE_CALENDAR, {"input": base}, as_=admin))["data"]["createSlaCalendar"]
    await api(CREATE_POLICY, {"input": _policy(480, calendarId=calendar["id"])}, as_=admin)
    case = await create_case(actor=agent.actor, subject="Printer")
    await consumers.run_to_end(CONSUMER)
    await _run_jobs()
    before = await _clock(case.id)
    assert before.view.due_at is not None
    assert abs(before.view.due_at - before.view.since - timedelta(minutes=480)) < timedelta(seconds=1)

    today = datetime.now(UTC).date()
    off = [{"date": (today + timedelta(days=n)).isoformat()} for n in range(3)]
    got = await api(UPDATE_CALENDAR, {"id": calendar["id"], "input": {**base, "holidays": off}}, as_=admin)
    assert "errors" not in got, got
    assert await _run_jobs() == 1
    after = await _clock(case.id)
    back = datetime.combine(today + timedelta(days=3), time(), UTC)
    assert after.view.due_at is not None
    # The minutes spent until the change count on the old hours; the rest after the days off.
    assert back + timedelta(minutes=479) < after.view.due_at <= back + timedelta(minutes=480)


async def test_a_case_no_policy_matched_gets_clocks_when_a_change_makes_one_match(
    api: Any, people: Any
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    urgent = {
        "name": "Urgent only",
        "conditions": {"priorities": ["URGENT"]},
        "targets": [{"priority": "URGENT", "firstResponseMinutes": 15, "resolutionMinutes": 120}],
    }
    await api(CREATE_POLICY, {"input": urgent}, as_=admin)
    quiet = await create_case(actor=agent.actor, subject="Printer")
    answered = await create_case(actor=agent.actor, subject="Scanner")
    await add_post(actor=agent.actor, case=answered.id, body="Looking into it")
    await consumers.run_to_end(CONSUMER)
    assert await SlaClock.filter(case_id__in=[quiet.id, answered.id]).count() == 0

    await update_case(actor=agent.actor, case_id=quiet.id, changes={"priority": Priority.URGENT})
    await update_case(actor=agent.actor, case_id=answered.id, changes={"priority": Priority.URGENT})
    await consumers.run_to_end(CONSUMER)
    found = await clocks.current(quiet.id, lock=False)
    assert {k: (c.view.state, c.view.target_minutes, c.view.used_minutes) for k, c in found.items()} == {
        F: (ClockState.RUNNING, 15, 0.0),
        R: (ClockState.RUNNING, 120, 0.0),
    }
    change = [
        e
        for _, e in await event_log.read_after(event_log.START, limit=1000)
        if e.case_id == quiet.id and e.kind == events.CASE_CHANGED
    ][-1]
    assert found[R].view.started_at == utc(change.at)  # from the change, not from the creation
    # An agent had answered publicly already: no first response to wait for.
    assert set(await clocks.current(answered.id, lock=False)) == {R}
    sla_changed = [
        e
        for _, e in await event_log.read_after(event_log.START, limit=1000)
        if e.case_id == quiet.id and e.kind == events.SLA_CHANGED
    ]
    assert [tuple(e.changes[0][1:]) for e in sla_changed] == [(None, "Urgent only · resolution 120 min")]
    assert (await Case.get(id=quiet.id)).sla_due_at is not None  # type: ignore[attr-defined]
