"""The SLA's thresholds in time: job kind "sla.due", one job per (clock, threshold instant).

A RUNNING clock has `next_fire_at`, the instant of its lowest threshold not fired yet, and a job
due then (casebook.sla.clocks.schedule). The job takes the clock's row lock and re-checks that
`next_fire_at` is still its instant: a clock paused, met or given another target since has
another instant (or none), so a stale job does nothing. Otherwise it fires every threshold the
clock has passed and not fired, in one unit of work with the clock's `fired` list: SLA_WARNING
with its percent, SLA_BREACHED at 100 (setting breached_at), an in-app notification of each to
the assignee or else the team's agents, then the next threshold's job. A job that runs twice, or
after a restart, finds the percents in `fired` and fires nothing again.

Jobs are rows indexed by run_at, claimed when due: the worker's work grows with the timers that
are due, never with the open cases.
"""

from __future__ import annotations

from datetime import UTC, datetime

from casebook import events, work
from casebook.auth.actor import Actor
from casebook.background import jobs
from casebook.cases.services import contact_ids_of, lock_case
from casebook.enums import Role
from casebook.notifications.services import notify
from casebook.sla import clocks, config, timeline
from casebook.sla.calendar import Calendar
from casebook.teams.services import member_rows
from casebook.work import Unit

ACTOR = Actor.system("SLA")
DEFAULT_PERCENTS = config.DEFAULT_PERCENTS


async def policy_rules(policy_id: int | None) -> tuple[Calendar | None, tuple[int, ...]]:
    """The clock's calendar (None: around the clock) and warning percents, from the cached
    configuration (casebook.sla.config): a deleted policy's clocks run on the default calendar."""
    policy = await config.by_id(policy_id)
    return await config.calendar_for(policy), config.percents_for(policy)


async def _recipients(team_id: int | None, assignee_id: int | None) -> list[int]:
    if assignee_id is not None:
        return [assignee_id]
    if team_id is None:
        return []
    return [int(r["id"]) for r in await member_rows(team_id=team_id) if r["role"] != Role.CUSTOMER]


def _title(kind: str, percent: int, number: int) -> str:
    target = kind.replace("_", " ").lower()
    if percent >= timeline.BREACH:
        return f"SLA breached: {target} of case #{number}"
    return f"SLA warning: {target} of case #{number} at {percent} %"


async def fire(unit: Unit, clock_id: int, at: str, *, now: datetime | None = None) -> list[int]:
    """Fires what the clock has passed if its next instant is still `at`; returns the percents."""
    now = now or datetime.now(UTC)
    found = await clocks.by_id(clock_id)
    if found is None:
        return []
    case_id, clock = found
    if clock.next_fire_at is None or clocks.stamp(clock.next_fire_at) != at:
        return []  # stale: the clock moved on after this job was queued
    calendar, percents = await policy_rules(clock.policy_id)
    due = timeline.due_thresholds(clock.view, calendar, percents, now)
    if due:
        clock = await clocks.save(clock, timeline.fire(clock.view, due, now))
        case = await lock_case(unit, actor=ACTOR, case_id=case_id)
        contacts = await contact_ids_of(case)
        for percent in due:
            kind = events.SLA_BREACHED if percent >= timeline.BREACH else events.SLA_WARNING
            unit.record(
                kind, case, contacts, actor=ACTOR, changes=[("sla", clock.view.kind.value, str(percent))]
            )
        # The in-app notice names the highest threshold passed; customers are never among them.
        await notify(
            user_ids=await _recipients(case.team_id, case.assignee_id),  # type: ignore[attr-defined]
            case_id=case_id,
            title=_title(clock.view.kind.value, due[-1], case.number),
        )
    await clocks.schedule(clock, calendar, percents)
    return due


async def _due(job: jobs.Claimed) -> None:
    payload = job.payload
    await work.run(lambda unit: fire(unit, int(payload["clock_id"]), str(payload["at"])))


jobs.register(clocks.DUE, _due)
