"""The team queue drains: when capacity frees up (a case resolved, an agent back from away, a
higher cap) the case that waited longest is assigned, by the worker, and a new case never jumps
the queue."""

from __future__ import annotations

import asyncio
from typing import Any

from casebook import settings
from casebook.assignment import queue
from casebook.assignment.consumer import CONSUMER
from casebook.auth.actor import Actor
from casebook.background import consumers, worker
from casebook.cases.models import Case
from casebook.cases.services import create_case, set_status
from casebook.enums import CaseStatus, Role
from casebook.teams.models import AssignmentStrategy
from casebook.users.services import update_user
from support.eventlog import read_settled

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


async def assignee(case_id: int) -> int | None:
    return (await Case.get(id=case_id)).assignee_id  # type: ignore[attr-defined,no-any-return]


async def test_a_resolved_case_lets_the_oldest_waiting_case_in(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN, max_open_per_agent=1)
    [agent] = team.agents
    busy = await create_case(actor=ROOT, subject="Hers", team_id=team.team_id)
    older = await create_case(actor=ROOT, subject="Waits longest", team_id=team.team_id)
    newer = await create_case(actor=ROOT, subject="Waits too", team_id=team.team_id)
    await read_settled(count=3)
    await consumers.run_to_end(CONSUMER)
    assert [await assignee(c.id) for c in (busy, older, newer)] == [agent.id, None, None]

    await set_status(actor=agent.actor, case_id=busy.id, status=CaseStatus.RESOLVED)
    await read_settled(count=5)
    await consumers.run_to_end(CONSUMER)
    assert [await assignee(c.id) for c in (older, newer)] == [agent.id, None]


async def test_a_new_case_does_not_jump_the_queue(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.LEAST_BUSY)
    [agent] = team.agents
    await update_user(actor=ROOT, user_id=agent.id, is_away=True)
    waiting = await create_case(actor=ROOT, subject="Waiting", team_id=team.team_id)
    await read_settled(count=1)
    await consumers.run_to_end(CONSUMER)
    # Back, but the worker has not run her drain job yet when a new case comes in.
    await update_user(actor=agent.actor, user_id=agent.id, is_away=False)
    newcomer = await create_case(actor=ROOT, subject="Newcomer", team_id=team.team_id)
    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    assert await assignee(waiting.id) == agent.id and await assignee(newcomer.id) == agent.id
    [first, second] = (
        await Case.filter(assignee_id=agent.id).order_by("updated_at").values_list("id", flat=True)
    )
    assert (first, second) == (waiting.id, newcomer.id)


async def test_an_agent_back_from_away_gets_the_waiting_cases_within_seconds(
    db: str, staffed: Any, monkeypatch: Any
) -> None:
    """The real worker loop: nothing happens on the request path, the worker drains the queue."""
    monkeypatch.setattr(settings, "WORKER_POLL_SECONDS", 0.1)
    monkeypatch.setattr(settings, "WORKER_LEASE_SECONDS", 3.0)
    team = await staffed(2, AssignmentStrategy.ROUND_ROBIN)
    one, two = team.agents
    for agent in (one, two):
        await update_user(actor=agent.actor, user_id=agent.id, is_away=True)
    cases = [await create_case(actor=ROOT, subject=f"Queued {i}", team_id=team.team_id) for i in range(4)]
    await read_settled(count=4)
    await worker.run_once()
    assert await Case.filter(assignee_id__not_isnull=True).count() == 0

    await update_user(actor=two.actor, user_id=two.id, is_away=False)  # her own toggle
    assert await Case.filter(assignee_id__not_isnull=True).count() == 0  # not in the request
    stop = asyncio.Event()
    running = asyncio.create_task(
        worker.run(stop, consumer_names=[CONSUMER.name], job_kinds=[queue.DRAIN], poller=False)
    )
    try:
        deadline = asyncio.get_running_loop().time() + 60
        while await Case.filter(assignee_id=two.id).count() < 4:
            assert asyncio.get_running_loop().time() < deadline, "the queue was not drained within 60 s"
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running
    assert {await assignee(c.id) for c in cases} == {two.id}


async def test_a_higher_cap_drains_the_queue(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN, max_open_per_agent=1)
    [agent] = team.agents
    cases = [await create_case(actor=ROOT, subject=f"Case {i}", team_id=team.team_id) for i in range(3)]
    await read_settled(count=3)
    await worker.run_once()
    assert [await assignee(c.id) for c in cases] == [agent.id, None, None]
    await team.set(max_open_per_agent=2)
    await worker.run_once()
    assert [await assignee(c.id) for c in cases] == [agent.id, agent.id, None]
