from __future__ import annotations

import strawberry

from casebook.activities import services
from casebook.activities.rows import TaskRow
from casebook.activities.types import Task, TaskInput
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int


@strawberry.type
class ActivityQueries:
    @strawberry.field(
        description="The viewer's tasks on cases she may open: open ones by due time (undated "
        "last), then done ones when includeDone. Customers get []."
    )
    async def my_tasks(self, info: Info, include_done: bool | None = False) -> list[Task]:
        rows: list[TaskRow] = await services.my_tasks(
            actor=info.context.require_actor(), include_done=bool(include_done)
        )
        return rows  # type: ignore[return-value]


@strawberry.type
class ActivityMutations:
    @strawberry.mutation(description="Staff who may open the case; the assignee hears of it in her bell.")
    async def create_task(self, info: Info, case_id: strawberry.ID, input: TaskInput) -> Task:
        task = await services.create_task(
            actor=info.context.require_actor(),
            case_id=to_int(case_id, "caseId"),  # type: ignore[arg-type]
            subject=input.subject,
            assignee_id=to_int(input.assignee_id, "assigneeId"),
            due_at=input.due_at,
        )
        return await services.task_row(task.id)  # type: ignore[return-value]

    @strawberry.mutation(description="Staff who may open the task's case.")
    async def set_task_done(self, info: Info, id: strawberry.ID, done: bool) -> Task:
        task = await services.set_task_done(
            actor=info.context.require_actor(),
            task_id=to_int(id, "id"),  # type: ignore[arg-type]
            done=done,
        )
        return await services.task_row(task.id)  # type: ignore[return-value]
