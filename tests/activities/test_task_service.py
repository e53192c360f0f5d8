"""create_task and set_task_done, as the rules engine and the API call them: the task, a staff-only
"task" change in the log, the assignee's notification, and who may do it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from casebook import events, visibility, work
from casebook.activities.models import Task
from casebook.activities.services import create_task, set_task_done
from casebook.auth.actor import Actor
from casebook.cases.history import history_of
from casebook.cases.services import create_case, update_case
from casebook.enums import Role
from casebook.errors import Forbidden, InputError, NotFound
from casebook.notifications.models import Notification
from casebook.teams.services import save_team
from casebook.users.models import User
from support.eventlog import read_settled

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


async def _setup(people: Any) -> tuple[Any, Any, Any, int]:
    ours = await people.make(Role.AGENT, "Olga")
    theirs = await people.make(Role.AGENT, "Theo")
    customer = await people.make(Role.CUSTOMER, "Kim")
    team = await save_team(actor=ROOT, name="Ours", member_ids=[ours.id])
    await save_team(actor=ROOT, name="Theirs", member_ids=[theirs.id])
    case = await create_case(actor=customer.actor, subject="Cable replacement")
    await update_case(actor=ROOT, case_id=case.id, changes={"teamId": team.id})
    # Their sessions' actors were made before they joined their teams.
    for person in (ours, theirs):
        person.actor = await Actor.for_user(await User.get(id=person.id))
    return ours, theirs, customer, case.id


async def test_a_task_is_written_with_its_event_and_the_assignee_hears_of_it(db: str, people: Any) -> None:
    ours, _, customer, case_id = await _setup(people)
    rule = Actor.system("Route cables")
    due = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)

    async def in_a_rules_unit(unit: work.Unit) -> Task:
        return await create_task(
            actor=rule,
            case_id=case_id,
            subject="  Call the customer ",
            assignee_id=ours.id,
            due_at=due,
            caused_by=7,
        )

    task = await work.run(in_a_rules_unit)
    stored = await Task.get(id=task.id)
    assert (stored.subject, stored.assignee_id, stored.due_at, stored.done) == (  # type: ignore[attr-defined]
        "Call the customer",
        ours.id,
        due,
        False,
    )
    assert stored.created_by_name == "Route cables"
    [note] = await Notification.filter(user_id=ours.id).values("title", "case_id", "event_id")
    assert note == {"title": "New task: Call the customer", "case_id": case_id, "event_id": 7}

    written = [e for _, e in await read_settled(count=3) if e.changes and e.changes[0][0] == "task"]
    [event] = written
    assert event.kind == events.CASE_CHANGED and event.caused_by == 7
    assert event.changes == (("task", None, "Call the customer"),)
    assert visibility.can_see_event(ours.actor, event)
    assert not visibility.can_see_event(customer.actor, event)  # staff-only
    assert ("task", None, "Call the customer") in [
        (h["field"], h["old_value"], h["new_value"]) for h in await history_of(case_id)
    ]


async def test_done_and_open_again(db: str, people: Any) -> None:
    ours, theirs, _, case_id = await _setup(people)
    task = await create_task(
        actor=ours.actor, case_id=case_id, subject="Check line", assignee_id=ours.id, due_at=None
    )
    assert await Notification.all().count() == 0  # her own task: no notice to herself
    done = await set_task_done(actor=ours.actor, task_id=task.id, done=True)
    assert done.done and done.done_at is not None
    again = await set_task_done(actor=ours.actor, task_id=task.id, done=False)
    assert not again.done and again.done_at is None
    with pytest.raises(NotFound):  # another team's agent cannot open the case
        await set_task_done(actor=theirs.actor, task_id=task.id, done=True)
    changes = [(h["old_value"], h["new_value"]) for h in await history_of(case_id) if h["field"] == "task"]
    assert changes == [
        (None, "Check line"),
        ("Check line", "Done: Check line"),
        ("Done: Check line", "Check line"),
    ]


async def test_who_may_create_and_for_whom(db: str, people: Any) -> None:
    ours, theirs, customer, case_id = await _setup(people)
    with pytest.raises(Forbidden):
        await create_task(actor=customer.actor, case_id=case_id, subject="x", assignee_id=None, due_at=None)
    with pytest.raises(NotFound):
        await create_task(actor=theirs.actor, case_id=case_id, subject="x", assignee_id=None, due_at=None)
    with pytest.raises(InputError) as bad:
        await create_task(actor=ours.actor, case_id=case_id, subject="x", assignee_id=theirs.id, due_at=None)
    assert bad.value.field == "assigneeId"
    with pytest.raises(InputError) as bad:
        await create_task(
            actor=ours.actor, case_id=case_id, subject="x", assignee_id=customer.id, due_at=None
        )
    assert bad.value.field == "assigneeId"
    with pytest.raises(InputError) as bad:
        await create_task(actor=ours.actor, case_id=case_id, subject="  ", assignee_id=None, due_at=None)
    assert bad.value.field == "subject"
    assert await Task.all().count() == 0
