"""The `assignment` consumer of the event log (casebook.background.consumers), run in the worker,
never in the request that made the change:

- a case that enters a team with a strategy without an assignee (created there, or moved there)
  drains that team's queue, oldest case first, so it never overtakes a case that waits longer;
- a change of a case's status or assignee may free capacity: it drains the case's team and, when
  the case's assignee is known, her other teams.

Changes the log does not carry (an agent back from away or from an absence, a team's settings)
queue drain jobs (casebook.assignment.queue), and a periodic sweep catches whatever woke nothing;
their handlers are registered here.

Handling an event twice changes nothing: a case is re-read under its lock and left alone when it
has an assignee, and an assignment records the event that caused it (`caused_by`), which the
service checks before it decides again.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from casebook import events
from casebook.assignment import queue
from casebook.assignment.services import drain, teams_with_a_strategy, teams_with_waiting_cases
from casebook.background import consumers, jobs
from casebook.sql import Sql

# Changes that may leave an agent with fewer open cases.
FREEING = frozenset({"status", "assignee"})


def enters_queue(event: events.Event) -> bool:
    """From the event's own snapshot, no read: an unassigned case in some team, new there."""
    if event.case_id is None or event.team_id is None or event.assignee_id is not None:
        return False
    if event.kind == events.CASE_CREATED:
        return True
    return event.kind == events.CASE_CHANGED and "team" in event.changed_fields


def may_free_capacity(event: events.Event) -> bool:
    fields = set(event.changed_fields)
    # An automatic assignment's own event: the drain that made it goes on by itself.
    return event.kind == events.CASE_CHANGED and bool(fields & FREEING) and "assignmentReason" not in fields


async def _teams_of(user_id: int) -> list[int]:
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT team_id FROM team_members WHERE user_id = {sql.p(user_id)} ORDER BY team_id"
    )
    return [int(r["team_id"]) for r in rows]


async def on_event(event: events.Event) -> None:
    if enters_queue(event):
        await drain(team_id=event.team_id, caused_by=event.id)  # type: ignore[arg-type]
        return
    if not may_free_capacity(event):
        return
    team_ids = [event.team_id] if event.team_id is not None else []
    if event.assignee_id is not None:
        team_ids += await _teams_of(event.assignee_id)
    for team_id in dict.fromkeys(team_ids):
        await drain(team_id=team_id, caused_by=event.id)


async def run_drain(job: jobs.Claimed) -> None:
    await drain(team_id=int(job.payload["team_id"]))


async def run_drain_user(job: jobs.Claimed) -> None:
    for team_id in await _teams_of(int(job.payload["user_id"])):
        await drain(team_id=team_id)


async def run_sweep(job: jobs.Claimed) -> None:
    """Drains every team with a strategy and waiting cases, then queues the next sweep in place of
    this one (its row goes: the key is the sweep's, and the log of jobs does not grow each minute)."""
    for team_id in await teams_with_waiting_cases():
        await drain(team_id=team_id)
    sql = Sql()
    async with in_transaction():
        await sql.fetch(f"DELETE FROM jobs WHERE id = {sql.p(job.id)} RETURNING id")
        if await teams_with_a_strategy():
            await queue.sweep_later()


CONSUMER = consumers.register("assignment", on_event)
jobs.register(queue.DRAIN, run_drain)
jobs.register(queue.DRAIN_USER, run_drain_user)
jobs.register(queue.SWEEP, run_sweep)
