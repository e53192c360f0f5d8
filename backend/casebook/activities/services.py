"""Everything that changes or lists tasks. Plain async functions with keyword-only arguments.

Writes go through the unit of work (casebook.work; a caller's running unit is joined, as a rule's
CREATE_TASK does): the case is read under its lock and the actor's right to see it is checked
there, the task row is written, a staff-only CASE_CHANGED event ("task") goes into the log with it,
and the assignee hears of it in her bell (casebook.notifications).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from casebook import events, visibility, work
from casebook.activities.models import SUBJECT_MAX, Task
from casebook.activities.rows import TASK_COLUMNS, TaskRow
from casebook.auth.actor import Actor
from casebook.cases import services as cases
from casebook.enums import Role
from casebook.errors import InputError, NotFound
from casebook.notifications.services import notify
from casebook.permissions import require_staff
from casebook.sql import Sql
from casebook.users.models import User
from casebook.validation import text
from casebook.work import Unit

WRITE_SCOPE = "cases:write"


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def create_task(
    *,
    actor: Actor,
    case_id: int,
    subject: str,
    assignee_id: int | None,
    due_at: datetime | None,
    caused_by: int | None = None,
) -> Task:
    """A task on the case for `assignee_id` (an active agent or admin who may open the case).
    Records CASE_CHANGED ("task", None, subject) and notifies the assignee, unless she made it."""
    require_staff(actor, WRITE_SCOPE)
    subject_ = text("subject", subject, SUBJECT_MAX, required=True) or ""
    due = _utc(due_at)

    async def write(unit: Unit) -> Task:
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        contact_ids = await cases.contact_ids_of(case)
        if assignee_id is not None:
            await _check_assignee(assignee_id, case, contact_ids)
        task = await Task.create(
            case_id=case.id,
            subject=subject_,
            assignee_id=assignee_id,
            due_at=due,
            created_by_id=actor.user_id,
            created_by_name=actor.name[:200],
        )
        unit.record(
            events.CASE_CHANGED,
            case,
            contact_ids,
            actor=actor,
            changes=[("task", None, subject_)],
            caused_by=caused_by,
        )
        if assignee_id is not None and assignee_id != actor.user_id:
            due_text = f"Due {due.strftime('%Y-%m-%d %H:%M')} UTC" if due else None
            await notify(
                user_ids=[assignee_id],
                case_id=case.id,
                title=f"New task: {subject_}"[:200],
                body=due_text,
                event_id=caused_by,
            )
        return task

    return await work.run(write)


async def _check_assignee(user_id: int, case: Any, contact_ids: tuple[int, ...]) -> None:
    user = await User.get_or_none(id=user_id)
    if user is None or not user.is_active or user.role not in (Role.AGENT, Role.ADMIN):
        raise InputError("assigneeId", "A task goes to an active agent or admin.")
    viewer = await Actor.for_user(user)
    if not visibility.can_see_loaded_case(viewer, case, contact_ids):
        raise InputError("assigneeId", f"{user.name} cannot open this case (another team's).")


async def set_task_done(*, actor: Actor, task_id: int, done: bool) -> Task:
    """Ticks a task off (or opens it again); staff who may open its case. NOT_FOUND otherwise."""
    require_staff(actor, WRITE_SCOPE)

    async def write(unit: Unit) -> Task:
        task = await Task.get_or_none(id=task_id)
        if task is None:
            raise NotFound("No such task.")
        case = await cases.lock_case(unit, actor=actor, case_id=task.case_id)  # type: ignore[attr-defined]
        if task.done == done:
            return task
        task.done = done
        task.done_at = datetime.now(UTC) if done else None
        await task.save(update_fields=["done", "done_at", "updated_at"])
        old, new = (
            (task.subject, f"Done: {task.subject}") if done else (f"Done: {task.subject}", task.subject)
        )
        unit.record(
            events.CASE_CHANGED,
            case,
            await cases.contact_ids_of(case),
            actor=actor,
            changes=[("task", old, new)],
        )
        return task

    return await work.run(write)


async def task_row(task_id: int) -> TaskRow:
    sql = Sql()
    [row] = await sql.fetch(f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = {sql.p(task_id)}")
    return row  # type: ignore[return-value]


async def tasks_of_case(*, actor: Actor, case_id: int) -> list[TaskRow]:
    """The case's tasks, oldest first; [] for customers (the caller has shown her the case)."""
    if not visibility.sees_activities(actor):
        return []
    sql = Sql()
    return await sql.fetch(  # type: ignore[return-value]
        f"SELECT {TASK_COLUMNS} FROM tasks WHERE case_id = {sql.p(case_id)} ORDER BY id"
    )


async def my_tasks(*, actor: Actor, include_done: bool = False) -> list[TaskRow]:
    """The actor's tasks on cases she may open, open ones by due time (undated last)."""
    if not visibility.sees_activities(actor) or actor.user_id is None:
        return []
    sql = Sql()
    columns = ", ".join(f"t.{c.strip()}" for c in TASK_COLUMNS.split(","))
    where = f"t.assignee_id = {sql.p(actor.user_id)}"
    if not include_done:
        where += f" AND t.done = {sql.p(False)}"
    return await sql.fetch(  # type: ignore[return-value]
        f"SELECT {columns} FROM tasks t JOIN cases c ON c.id = t.case_id "
        f"WHERE {where} AND {visibility.case_scope(actor, sql)} "
        "ORDER BY t.done, CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.id"
    )
