"""A changed policy or calendar re-times the open cases that use it: job kind `sla.policy_changed`.

The services queue one job per changed policy, calendar, or move of the default calendar, keyed
by it, so several quick saves make one pending job; the job frees its key when it starts, so a
save during its run queues the next. The payload keeps the calendar in force before the first of
those saves (`before`): the business minutes a running clock spent since its last transition
count on that calendar, the rest on the new one.

The job walks the open (RUNNING or PAUSED) clocks concerned in batches of BATCH cases, each case
in its own unit of work under its lock: each clock gets the policy's target for the case's
priority (a target the policy no longer has leaves the clock's as it was), keeps the business
minutes it used, and gets its deadline, next threshold job and the case's `sla_due_at` anew.
A clock's `since` (its last transition) is left alone, so the engine's events of the case that
are still on their way are applied as usual. Fired thresholds stay fired."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from casebook import work
from casebook.auth.actor import Actor
from casebook.background import jobs
from casebook.cases.services import lock_case
from casebook.errors import NotFound
from casebook.sla import clocks, config, timeline
from casebook.sla.calendar import Calendar
from casebook.sla.config import Snapshot
from casebook.sla.models import ClockState
from casebook.sla.timeline import ClockView
from casebook.sql import Sql
from casebook.work import Unit

KIND = "sla.policy_changed"
BATCH = 200
ACTOR = Actor.system("SLA")


async def policy_changed(policy_id: int, before: dict[str, Any] | None) -> None:
    """`before`: the policy's calendar until now (casebook.sla.config.describe)."""
    await jobs.enqueue(KIND, {"policy_id": policy_id, "before": before}, key=f"{KIND}:policy:{policy_id}")


async def calendar_changed(calendar_id: int, before: dict[str, Any] | None, *, default: bool) -> None:
    """`default`: it was and stays the default, so the policies without a calendar change too."""
    await jobs.enqueue(
        KIND,
        {"calendar_id": calendar_id, "before": before, "default": default},
        key=f"{KIND}:calendar:{calendar_id}",
    )


async def default_changed(before: dict[str, Any] | None) -> None:
    """The default calendar moved (or went): the policies without a calendar, and clocks whose
    policy was deleted, run on another one."""
    await jobs.enqueue(KIND, {"default": True, "before": before}, key=f"{KIND}:default")


def rebase(
    view: ClockView, before: Calendar | None, after: Calendar | None, now: datetime, target: int
) -> ClockView:
    """The clock with `target`, the minutes spent since `since` counted on `before` and from now
    on on `after`, its deadline on `after`; `since` stays."""
    if not view.open:
        return view
    if view.state is ClockState.RUNNING:
        spent_before = timeline.used(view, before, now) - view.used_minutes
        spent_after = timeline.used(view, after, now) - view.used_minutes
        view = replace(view, used_minutes=view.used_minutes + spent_before - spent_after)
    return timeline.retarget(view, after, view.since, target, new_calendar=after)


def _scope(found: Snapshot, payload: dict[str, Any]) -> tuple[list[int], bool]:
    """(the policy ids concerned, whether clocks without a policy are too)."""
    if "policy_id" in payload:
        policy_id = int(payload["policy_id"])
        return ([policy_id] if policy_id in found.by_id else []), False
    if "calendar_id" in payload:
        calendar_id = int(payload["calendar_id"])
        ids = [p.id for p in found.policies if p.calendar_id == calendar_id]
        if payload.get("default"):
            ids += [p.id for p in found.policies if p.calendar_id is None]
        return ids, bool(payload.get("default"))
    ids = [p.id for p in found.policies if p.calendar_id is None or p.calendar_id not in found.calendars]
    return ids, True


async def _cases(policy_ids: list[int], orphans: bool, after: int) -> list[int]:
    sql = Sql()
    who = [f"policy_id {sql.in_(policy_ids, 'int')}"] if policy_ids else []
    if orphans:
        who.append("policy_id IS NULL")
    if not who:
        return []
    rows = await sql.fetch(
        f"SELECT DISTINCT case_id FROM sla_clocks WHERE state IN ('{ClockState.RUNNING.value}', "
        f"'{ClockState.PAUSED.value}') AND ({' OR '.join(who)}) AND case_id > {sql.p(after)} "
        f"ORDER BY case_id LIMIT {BATCH}"
    )
    return [int(r["case_id"]) for r in rows]


async def retime(
    unit: Unit,
    case_id: int,
    found: Snapshot,
    policy_ids: set[int],
    orphans: bool,
    before: Calendar | None,
    now: datetime,
) -> int:
    """Re-times the case's open clocks of these policies; returns how many changed."""
    try:
        case = await lock_case(unit, actor=ACTOR, case_id=case_id)
    except NotFound:
        return 0
    changed = 0
    for clock in (await clocks.current(case_id)).values():
        concerned = clock.policy_id in policy_ids or (orphans and clock.policy_id is None)
        if not clock.view.open or not concerned:
            continue
        policy = found.by_id.get(clock.policy_id) if clock.policy_id is not None else None
        spec = config.effective(found, policy)
        calendar = spec.calendar if spec is not None else None
        target = (
            policy.target(case.priority.value, clock.view.kind) if policy else None
        ) or clock.view.target_minutes
        view = rebase(clock.view, before, calendar, now, target)
        saved = await clocks.save(clock, view) if view != clock.view else clock
        changed += view != clock.view
        await clocks.schedule(saved, calendar, config.percents_for(policy))
    await clocks.refresh_due(case_id)
    return changed


async def run(payload: dict[str, Any], *, now: datetime | None = None) -> int:
    """Re-times every open case the change concerns; returns how many clocks changed."""
    config.invalidate()  # the change was saved by another process: read it now, not in a second
    found = await config.snapshot()
    policy_ids, orphans = _scope(found, payload)
    before = config.calendar_from(payload.get("before"))
    moment = now or datetime.now(UTC)
    changed, last = 0, 0
    while batch := await _cases(policy_ids, orphans, last):
        for case_id in batch:

            async def one(unit: Unit, case_id: int = case_id) -> int:
                return await retime(unit, case_id, found, set(policy_ids), orphans, before, moment)

            changed += await work.run(one)
        last = batch[-1]
    return changed


async def _handle(job: jobs.Claimed) -> None:
    sql = Sql()
    # Free the key first: a save from now on queues another run, which sees it.
    await sql.fetch(f"UPDATE jobs SET key = NULL WHERE id = {sql.p(job.id)} RETURNING id")
    await run(job.payload)


jobs.register(KIND, _handle)
