"""Scheduled rules: a due time per (rule, open case) in `rule_timers`, and a job at that time.

A case's due time for a rule is the latest of its top-level OLDER_THAN conditions (createdAt or
updatedAt plus the age); a closed case, or one whose rule may not fire again, has none. The rules
consumer recomputes a case's timers on each of its events (its times and status are all a timer
depends on); saving a SCHEDULED rule queues `rules.schedule`, which computes them for every open
case in batches. When a due time changes, a `rules.due` job is queued for it, keyed by (rule,
case, due): the job re-checks that the timer still has that due time (a stale job does nothing),
evaluates the rule and fires it under its repeat policy:
- ONCE: trigger "scheduled:once", never again for that case;
- ON_ENTER: fires while armed, then disarms; an evaluation that finds the condition false (at the
  due time, or at a later event of the case) arms it again;
- EVERY: trigger "scheduled:<due>", next due max(due, fired + N hours).
Jobs are durable rows, so a due time survives a restart, and a worker polls for due jobs every
WORKER_POLL_SECONDS: a rule fires within that of its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from casebook import work
from casebook.background import jobs
from casebook.enums import OPEN_STATUSES
from casebook.rules import actions, active, runs
from casebook.rules.active import RuleSpec
from casebook.rules.catalog import Operator
from casebook.rules.conditions import evaluate, parse_age
from casebook.rules.facts import Facts, load
from casebook.rules.models import RuleEvent, RuleRepeat, RuleTimer, RunOutcome
from casebook.sql import Sql, utc
from casebook.work import Unit

DUE = "rules.due"
SCHEDULE = "rules.schedule"
BATCH = 500
_OPEN = tuple(s.value for s in OPEN_STATUSES)


@dataclass(frozen=True, slots=True)
class CaseTimes:
    id: int
    status: str
    created_at: datetime
    updated_at: datetime


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def base_due(rule: RuleSpec, case: CaseTimes) -> datetime | None:
    """When every top-level OLDER_THAN condition holds: the latest of (time + age)."""
    dues = []
    for c in rule.conditions.get("all") or []:
        if c["operator"] == Operator.OLDER_THAN:
            age = parse_age(c.get("value"))
            start = case.created_at if c["field"] == "createdAt" else case.updated_at
            if age is not None:
                dues.append(start + age)
    return max(dues) if dues else None


async def _case_times(case_ids: list[int]) -> dict[int, CaseTimes]:
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT id, status, created_at, updated_at FROM cases WHERE id {sql.in_(case_ids, 'int')}"
    )
    return {
        int(r["id"]): CaseTimes(int(r["id"]), r["status"], utc(r["created_at"]), utc(r["updated_at"]))  # type: ignore[arg-type]
        for r in rows
    }


async def _enqueue(rule_id: int, case_id: int, due: datetime) -> None:
    stamp = iso(due)
    await jobs.enqueue(
        DUE,
        {"rule_id": rule_id, "case_id": case_id, "due": stamp},
        key=f"{DUE}:{rule_id}:{case_id}:{stamp}",
        run_at=due,
    )


async def _next_due(
    rule: RuleSpec, case: CaseTimes, timer: RuleTimer | None, facts: Facts | None
) -> tuple[datetime | None, bool]:
    """(due, armed) for this rule and case now."""
    armed = timer.armed if timer is not None else True
    if case.status not in _OPEN:
        return None, armed
    due = base_due(rule, case)
    if due is None or timer is None:
        return due, armed
    if rule.repeat is RuleRepeat.ONCE and timer.fire_count > 0:
        return None, armed
    if rule.repeat is RuleRepeat.ON_ENTER and not armed:
        # Armed again once the condition is found false: the case left the state it fired in.
        the_facts = facts or await load(case.id)
        if the_facts is None or evaluate(rule, the_facts).matched:
            return None, False
        return due, True
    if rule.repeat is RuleRepeat.EVERY and timer.last_fired_at is not None and rule.repeat_every_hours:
        due = max(due, utc(timer.last_fired_at) + timedelta(hours=rule.repeat_every_hours))  # type: ignore[operator,assignment]
    return due, armed


async def _apply(rule: RuleSpec, case: CaseTimes, timer: RuleTimer | None, facts: Facts | None) -> None:
    due, armed = await _next_due(rule, case, timer, facts)
    if timer is None:
        if due is None:
            return
        await RuleTimer.create(rule_id=rule.id, case_id=case.id, due_at=due, armed=armed)
    else:
        old = utc(timer.due_at)
        if old == due and timer.armed == armed:
            return
        await RuleTimer.filter(id=timer.id).update(due_at=due, armed=armed)
        if old == due:
            return
    if due is not None:
        await _enqueue(rule.id, case.id, due)


async def refresh(case_id: int, rules: tuple[RuleSpec, ...], facts: Facts | None = None) -> None:
    """The case's timers for these (active, SCHEDULED) rules, after one of its events."""
    times = (await _case_times([case_id])).get(case_id)
    if times is None:
        return
    found = {t.rule_id: t for t in await RuleTimer.filter(case_id=case_id)}  # type: ignore[attr-defined]
    for rule in rules:
        await _apply(rule, times, found.get(rule.id), facts)


async def schedule_all(rule_id: int) -> None:
    """Queues the computation of a SCHEDULED rule's timers for every open case (in the caller's
    transaction: the job exists when the rule does)."""
    await jobs.enqueue(SCHEDULE, {"rule_id": rule_id})


async def _schedule(job: jobs.Claimed) -> None:
    active.invalidate()  # the rule was just saved, perhaps by another process
    rule = (await active.snapshot()).by_id.get(int(job.payload["rule_id"]))
    if rule is None or not rule.active or rule.event is not RuleEvent.SCHEDULED:
        return
    after = 0
    while True:
        sql = Sql()
        rows = await sql.fetch(
            f"SELECT id FROM cases WHERE id > {sql.p(after)} AND status {sql.in_(list(_OPEN), 'text')} "
            f"ORDER BY id LIMIT {sql.p(BATCH)}"
        )
        if not rows:
            return
        ids = [int(r["id"]) for r in rows]
        after = ids[-1]

        async def batch(unit: Unit, ids: list[int] = ids) -> None:
            times = await _case_times(ids)
            found = {t.case_id: t for t in await RuleTimer.filter(rule_id=rule.id, case_id__in=ids)}  # type: ignore[attr-defined]
            for case_id in ids:
                if case_id in times:
                    await _apply(rule, times[case_id], found.get(case_id), None)

        await work.run(batch)


async def _fire(unit: Unit, rule_id: int, case_id: int, due: str) -> None:
    timer = await RuleTimer.filter(rule_id=rule_id, case_id=case_id).select_for_update().first()
    if timer is None or timer.due_at is None or iso(utc(timer.due_at)) != due:  # type: ignore[arg-type]
        return  # stale: the due time moved (or the timer went) after this job was queued
    rule = (await active.snapshot()).by_id.get(rule_id)
    facts = await load(case_id)
    if rule is None or not rule.active or rule.event is not RuleEvent.SCHEDULED or facts is None:
        await RuleTimer.filter(id=timer.id).update(due_at=None)
        return
    if facts.values["status"] not in _OPEN or not evaluate(rule, facts).matched:
        await RuleTimer.filter(id=timer.id).update(due_at=None, armed=True)
        return
    if rule.repeat is RuleRepeat.ON_ENTER and not timer.armed:
        await RuleTimer.filter(id=timer.id).update(due_at=None)
        return
    trigger = "scheduled:once" if rule.repeat is RuleRepeat.ONCE else f"scheduled:{due}"
    run_id = await runs.insert(
        rule_id=rule.id, case_id=case_id, trigger=trigger, chain=[rule.id], outcome=RunOutcome.FIRED
    )
    now = datetime.now(UTC)
    next_due: datetime | None = None
    if rule.repeat is RuleRepeat.EVERY and rule.repeat_every_hours:
        next_due = max(utc(timer.due_at), now + timedelta(hours=rule.repeat_every_hours))  # type: ignore[type-var]
    await RuleTimer.filter(id=timer.id).update(
        due_at=next_due,
        armed=rule.repeat is not RuleRepeat.ON_ENTER,
        last_fired_at=now,
        fire_count=timer.fire_count + (1 if run_id is not None else 0),
    )
    if next_due is not None:
        await _enqueue(rule.id, case_id, next_due)
    if run_id is not None:
        await actions.run(unit, rule, case_id=case_id, caused_by=None, run_id=run_id)


async def _due(job: jobs.Claimed) -> None:
    payload = job.payload
    await work.run(lambda unit: _fire(unit, int(payload["rule_id"]), int(payload["case_id"]), payload["due"]))


jobs.register(DUE, _due)
jobs.register(SCHEDULE, _schedule)
