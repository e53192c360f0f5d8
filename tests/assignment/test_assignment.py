"""Automatic assignment: fair under concurrency, never to an away, inactive or capped agent, once per
event, explained in the case's history (and nothing of it shown to a customer)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from casebook.assignment import consumer as assignment_consumer
from casebook.assignment.services import assign_automatically
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.background.models import ConsumerCheckpoint
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.services import assign_case, create_case, set_status, update_case
from casebook.enums import CaseStatus, Role
from casebook.teams.models import AssignmentStrategy, Team
from casebook.users.services import update_user
from support.eventlog import read_settled

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")

CONSUMER = assignment_consumer.CONSUMER


async def create_concurrently(team_id: int, *, total: int = 200, clients: int = 8) -> None:
    """`total` cases of the team, created by `clients` writers at the same time."""

    async def client(k: int) -> None:
        for i in range(total // clients):
            await create_case(actor=ROOT, subject=f"client {k} case {i}", team_id=team_id)

    await asyncio.gather(*(client(k) for k in range(clients)))


async def counts() -> Counter[int]:
    return Counter(await Case.filter(assignee_id__not_isnull=True).values_list("assignee_id", flat=True))


@pytest.mark.parametrize("strategy", [AssignmentStrategy.ROUND_ROBIN, AssignmentStrategy.LEAST_BUSY])
async def test_200_cases_from_8_clients_spread_evenly_over_5_agents(
    db: str, staffed: Any, strategy: AssignmentStrategy
) -> None:
    team = await staffed(5, strategy)
    await create_concurrently(team.team_id)
    # The requests only wrote their cases: nothing was assigned on the request path.
    assert await Case.filter(assignee_id__not_isnull=True).count() == 0

    await read_settled(count=200, limit=300)
    await consumers.run_to_end(CONSUMER)
    got = await counts()
    assert sum(got.values()) == 200
    assert set(got) == {a.id for a in team.agents}
    assert max(got.values()) - min(got.values()) <= 1, got


async def test_concurrent_assigners_never_pick_the_same_next_agent(db: str, staffed: Any) -> None:
    """Eight assigners at once (several workers, later rules), one team: the team row's lock
    orders them, so the round-robin stays exact."""
    team = await staffed(5, AssignmentStrategy.MANUAL)
    await create_concurrently(team.team_id)
    await team.set(assignment_strategy=AssignmentStrategy.ROUND_ROBIN)
    ids = sorted(await Case.all().values_list("id", flat=True))

    async def assigner(k: int) -> None:
        for case_id in ids[k::8]:
            await assign_automatically(case_id=case_id)

    await asyncio.gather(*(assigner(k) for k in range(8)))
    got = await counts()
    assert sum(got.values()) == 200 and set(got.values()) == {40}, got
    # In the order the lock gave out the turns, every five in a row are five different agents. The
    # events' ids are taken under the lock (the log's reading order, by transaction, is not it).
    written = sorted((event for _, event in await read_settled(count=400, limit=500)), key=lambda e: e.id)
    turns = [new for event in written for field, _, new in event.changes if field == "assignee"]
    assert len(turns) == 200
    assert all(len(set(turns[i : i + 5])) == 5 for i in range(len(turns) - 4)), turns


async def test_away_inactive_and_capped_agents_are_skipped_and_the_history_says_why(
    db: str, staffed: Any
) -> None:
    team = await staffed(4, AssignmentStrategy.ROUND_ROBIN, max_open_per_agent=1)
    away, inactive, busy, free = team.agents
    await update_user(actor=away.actor, user_id=away.id, is_away=True)  # her own toggle
    await update_user(actor=ROOT, user_id=inactive.id, is_active=False)
    await create_case(actor=ROOT, subject="Already on her desk", team_id=team.team_id, assignee_id=busy.id)
    case = await create_case(actor=ROOT, subject="Printer on fire", team_id=team.team_id)

    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    assigned = await Case.get(id=case.id)
    assert assigned.assignee_id == free.id and assigned.status is CaseStatus.ASSIGNED  # type: ignore[attr-defined]
    [reason] = [e for e in await history_of(case.id) if e["field"] == "assignmentReason"]
    text = reason["new_value"]
    assert text.startswith("ROUND_ROBIN; chose Support3")
    assert "candidates Support3 (0 open)" in text
    assert "Support0 (away)" in text and "Support1 (inactive)" in text and "Support2 (at cap 1)" in text
    assert reason["actor_name"] == "Automatic assignment"


async def test_with_everyone_away_or_at_the_cap_the_case_waits_in_the_queue(db: str, staffed: Any) -> None:
    team = await staffed(2, AssignmentStrategy.LEAST_BUSY, max_open_per_agent=1)
    one, two = team.agents
    await update_user(actor=ROOT, user_id=one.id, is_away=True)
    await create_case(actor=ROOT, subject="Hers", team_id=team.team_id, assignee_id=two.id)
    waiting = await create_case(actor=ROOT, subject="Nobody free", team_id=team.team_id)

    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    case = await Case.get(id=waiting.id)
    assert case.assignee_id is None and case.status is CaseStatus.NEW  # type: ignore[attr-defined]
    assert all(e["field"] != "assignmentReason" for e in await history_of(waiting.id))


async def test_a_manual_team_and_a_case_without_team_stay_unassigned(db: str, staffed: Any) -> None:
    team = await staffed(2, AssignmentStrategy.MANUAL)
    await create_case(actor=ROOT, subject="Manual", team_id=team.team_id)
    await create_case(actor=ROOT, subject="No team")
    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    assert await Case.filter(assignee_id__not_isnull=True).count() == 0


async def test_a_case_moved_into_a_team_is_assigned_there(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN)
    case = await create_case(actor=ROOT, subject="Wrong queue")
    await update_case(actor=ROOT, case_id=case.id, changes={"teamId": team.team_id})
    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    assert (await Case.get(id=case.id)).assignee_id == team.agents[0].id  # type: ignore[attr-defined]


async def test_re_reading_the_log_neither_assigns_twice_nor_moves_an_assigned_case(
    db: str, staffed: Any
) -> None:
    team = await staffed(3, AssignmentStrategy.ROUND_ROBIN)
    first, second, _ = team.agents
    picked = await create_case(actor=ROOT, subject="Picked by a person", team_id=team.team_id)
    auto = await create_case(actor=ROOT, subject="Automatic", team_id=team.team_id)
    # A person is quicker than the worker for the first case.
    await assign_case(actor=second.actor, case_id=picked.id, assignee_id=second.id)
    await read_settled(count=3)
    await consumers.run_to_end(CONSUMER)
    assert (await Case.get(id=picked.id)).assignee_id == second.id  # type: ignore[attr-defined]
    assert (await Case.get(id=auto.id)).assignee_id == first.id  # type: ignore[attr-defined]

    # Handed back to the queue, the case goes to the next agent in turn.
    await assign_case(actor=first.actor, case_id=auto.id, assignee_id=None)
    await read_settled(count=5)
    await consumers.run_to_end(CONSUMER)
    assert (await Case.get(id=auto.id)).assignee_id == second.id  # type: ignore[attr-defined]

    # A worker that died before saving its checkpoint reads the whole log again: nothing moves.
    before = await Case.all().order_by("id").values("id", "assignee_id", "updated_at")
    cursor = (await Team.get(id=team.team_id)).assignment_cursor
    written = await read_settled(count=6)
    assert len(written) == 6
    await ConsumerCheckpoint.filter(name=CONSUMER.name).update(tx=0, event_id=0)
    await consumers.run_to_end(CONSUMER)
    assert await Case.all().order_by("id").values("id", "assignee_id", "updated_at") == before
    assert (await Team.get(id=team.team_id)).assignment_cursor == cursor
    assert len(await read_settled(count=len(written))) == len(written)  # no new events
    reasons = [e for e in await history_of(auto.id) if e["field"] == "assignmentReason"]
    assert len(reasons) == 2


async def test_a_resolved_case_in_the_log_is_not_assigned_afterwards(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN)
    case = await create_case(actor=ROOT, subject="Solved at once", team_id=team.team_id)
    await set_status(actor=ROOT, case_id=case.id, status=CaseStatus.RESOLVED)
    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)
    assert (await Case.get(id=case.id)).assignee_id is None  # type: ignore[attr-defined]


async def test_the_worker_loads_the_assignment_consumer() -> None:
    from casebook.background import worker

    worker.load_handlers()
    assert consumers.get("assignment") is CONSUMER
