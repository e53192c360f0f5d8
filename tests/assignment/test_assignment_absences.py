"""Scheduled absences in automatic assignment: an absent agent gets nothing (the reason says until
when, on her clock), the fairness figure holds for the others, an absence's end or early deletion
drains her teams through the worker, and the periodic sweep assigns what nothing else woke."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from test_assignment import create_concurrently

from casebook.assignment import queue
from casebook.assignment.consumer import CONSUMER
from casebook.auth.actor import Actor
from casebook.background import consumers, worker
from casebook.background.models import ConsumerCheckpoint, Job
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.teams.models import AssignmentStrategy
from casebook.users.absences import create_absence, delete_absence
from casebook.users.models import User, UserAbsence
from casebook.users.services import update_user
from support.eventlog import read_settled

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


async def absent_now(person: Any, *, hours: int = 24) -> UserAbsence:
    """An absence from an hour ago for `hours`, entered on her own clock (UTC here)."""
    now = datetime.now(UTC)
    return await create_absence(
        actor=person.actor,
        starts_at=local(now - timedelta(hours=1)),
        ends_at=local(now + timedelta(hours=hours)),
    )


async def assignee(case_id: int) -> int | None:
    return (await Case.get(id=case_id)).assignee_id  # type: ignore[attr-defined,no-any-return]


async def run_jobs_due_by(moment: datetime) -> None:
    """Moves the clock: every pending job due by `moment` is due now (no real waiting)."""
    await Job.filter(status="PENDING", run_at__lte=moment).update(
        run_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    await worker.run_once()


@pytest.mark.parametrize("strategy", [AssignmentStrategy.ROUND_ROBIN, AssignmentStrategy.LEAST_BUSY])
async def test_fairness_holds_with_an_absent_and_an_away_agent(
    db: str, staffed: Any, strategy: AssignmentStrategy
) -> None:
    team = await staffed(7, strategy)
    absent, away, *working = team.agents
    await absent_now(absent)
    await update_user(actor=away.actor, user_id=away.id, is_away=True)
    await create_concurrently(team.team_id)
    await read_settled(count=200, limit=300)
    await consumers.run_to_end(CONSUMER)
    got = Counter(await Case.filter(assignee_id__not_isnull=True).values_list("assignee_id", flat=True))
    assert sum(got.values()) == 200
    assert set(got) == {a.id for a in working}  # neither the absent nor the away agent
    assert max(got.values()) - min(got.values()) <= 1, got


async def test_the_reason_says_until_when_on_her_clock(db: str, staffed: Any) -> None:
    team = await staffed(2, AssignmentStrategy.ROUND_ROBIN)
    absent, free = team.agents
    await update_user(actor=absent.actor, user_id=absent.id, time_zone="Europe/Prague")
    prague = ZoneInfo("Europe/Prague")
    today = datetime.now(prague).date()
    last = today + timedelta(days=100)
    absence = await create_absence(
        actor=absent.actor, starts_at=(today - timedelta(days=1)).isoformat(), ends_at=last.isoformat()
    )
    case = await create_case(actor=ROOT, subject="Printer", team_id=team.team_id)
    await read_settled(count=1)
    await consumers.run_to_end(CONSUMER)
    assert await assignee(case.id) == free.id
    [reason] = [e["new_value"] for e in await history_of(case.id) if e["field"] == "assignmentReason"]
    # The end of her last day, on her clock: the next midnight in Prague.
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=prague)
    assert f"Support0 (absent until {end:%Y-%m-%d} 00:00 {end.tzname()})" in reason, reason
    assert absence.ends_at == end.astimezone(UTC)


async def test_an_absences_end_drains_the_queue(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN)
    [agent] = team.agents
    absence = await absent_now(agent, hours=2)
    waiting = [await create_case(actor=ROOT, subject=f"Waiting {i}", team_id=team.team_id) for i in range(3)]
    await read_settled(count=3)
    await worker.run_once()  # the consumer, and every job due now: nothing for her yet
    assert [await assignee(c.id) for c in waiting] == [None, None, None]

    # Two hours later: the absence is over and its job at endsAt is due.
    await UserAbsence.filter(id=absence.id).update(ends_at=datetime.now(UTC) - timedelta(seconds=1))
    await run_jobs_due_by(absence.ends_at)
    assert [await assignee(c.id) for c in waiting] == [agent.id] * 3


async def test_deleting_a_running_absence_drains_at_once(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.LEAST_BUSY)
    [agent] = team.agents
    absence = await absent_now(agent, hours=48)
    case = await create_case(actor=ROOT, subject="Waiting", team_id=team.team_id)
    await read_settled(count=1)
    await worker.run_once()
    assert await assignee(case.id) is None

    assert await delete_absence(actor=agent.actor, absence_id=absence.id)
    assert await assignee(case.id) is None  # not in the request: the worker does it
    await worker.run_once()  # only what is due now (not the job at the old end, 48 h away)
    assert await assignee(case.id) == agent.id


async def test_a_reactivated_agent_gets_the_waiting_case(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN)
    [agent] = team.agents
    await update_user(actor=ROOT, user_id=agent.id, is_active=False)
    case = await create_case(actor=ROOT, subject="Waiting", team_id=team.team_id)
    await read_settled(count=1)
    await worker.run_once()
    assert await assignee(case.id) is None
    await update_user(actor=ROOT, user_id=agent.id, is_active=True)
    await worker.run_once()
    assert await assignee(case.id) == agent.id


async def test_the_sweep_assigns_a_case_nothing_else_woke(db: str, staffed: Any) -> None:
    team = await staffed(1, AssignmentStrategy.ROUND_ROBIN)
    [agent] = team.agents
    await update_user(actor=ROOT, user_id=agent.id, is_away=True)
    case = await create_case(actor=ROOT, subject="Forgotten", team_id=team.team_id)
    await read_settled(count=1)
    await worker.run_once()
    # She comes back by a path that queues no drain (a direct change of the row), and the
    # consumer has nothing left to read: only the sweep can find the case.
    await User.filter(id=agent.id).update(is_away=False)
    await Job.filter(kind=queue.DRAIN).delete()
    assert await ConsumerCheckpoint.filter(name=CONSUMER.name).exists()
    [sweep] = await Job.filter(kind=queue.SWEEP, status="PENDING")
    assert sweep.run_at > datetime.now(UTC)  # a minute from its queueing
    await worker.run_once()
    assert await assignee(case.id) is None  # not due yet

    await run_jobs_due_by(sweep.run_at)
    assert await assignee(case.id) == agent.id
    # It queued the next one in its place: one pending sweep, a minute ahead.
    [following] = await Job.filter(kind=queue.SWEEP)
    assert following.status == "PENDING" and following.id != sweep.id
    assert following.run_at > datetime.now(UTC) + timedelta(seconds=30)
