"""SLA events feed the rules: a rule on SLA_BREACHED escalates the case, and the priority change it
makes gives the clock the new target without firing the breach a second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import events, work
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.enums import Priority, Role
from casebook.events import log as event_log
from casebook.rules import active, services
from casebook.rules.engine import CONSUMER as RULES
from casebook.sla import clocks, timers
from casebook.sla.engine import CONSUMER as SLA
from casebook.sla.models import SlaClock, SlaPolicy, TargetKind

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


async def _fire_all(clock_id: int, now: datetime) -> list[int]:
    fired: list[int] = []
    while True:
        row = await SlaClock.get(id=clock_id)
        if row.next_fire_at is None:
            return fired
        at = clocks.stamp(row.next_fire_at)
        got = await work.run(lambda unit, at=at: timers.fire(unit, clock_id, at, now=now))
        if not got:
            return fired
        fired += got


async def test_a_breach_rule_escalates_and_the_new_target_does_not_breach_twice(people: Any) -> None:
    active.invalidate()
    await SlaPolicy.create(
        name="Standard",
        position=1,
        targets={"NORMAL": {"RESOLUTION": 100}, "URGENT": {"RESOLUTION": 50}},
    )
    await services.create_rule(
        actor=ROOT,
        given={
            "name": "Escalate breaches",
            "event": "SLA_BREACHED",
            "conditions": {"all": [], "any": [], "groups": []},
            "actions": [{"type": "SET_FIELD", "value": "URGENT", "field": "priority"}],
        },
    )
    await consumers.save_checkpoint(SLA.name, (0, 0))
    agent = await people.make(Role.AGENT, "Ann")
    case = await create_case(actor=agent.actor, subject="Printer", assignee_id=agent.id)
    await consumers.run_to_end(SLA)
    clock = (await clocks.current(case.id, lock=False))[TargetKind.RESOLUTION]
    later = datetime.now(UTC) + timedelta(minutes=120)
    assert await _fire_all(clock.id, later) == [75, 90, 100]

    await consumers.run_to_end(RULES)
    assert (await Case.get(id=case.id)).priority is Priority.URGENT
    await consumers.run_to_end(SLA)  # the rule's priority change: the clock gets URGENT's target
    row = await SlaClock.get(id=clock.id)
    assert row.target_minutes == 50 and row.fired == [75, 90, 100] and row.breached_at is not None
    assert await _fire_all(clock.id, later + timedelta(minutes=10)) == []
    await consumers.run_to_end(RULES)
    kinds = [
        e.kind for _, e in await event_log.read_after(event_log.START, limit=1000) if e.case_id == case.id
    ]
    assert kinds.count(events.SLA_BREACHED) == 1
    assert kinds.count(events.SLA_CHANGED) == 1
    active.invalidate()
