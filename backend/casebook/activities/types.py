from __future__ import annotations

from typing import Annotated

import strawberry

from casebook.activities.rows import TaskRow
from casebook.cases.rows import CaseRow
from casebook.graphql.context import Info
from casebook.graphql.loaders import Loaded
from casebook.graphql.scalars import DateTime
from casebook.users.rows import UserRow
from casebook.users.types import User


@strawberry.type(description="A to-do on a case for one person (staff only).")
class Task:
    id: strawberry.ID
    subject: str
    due_at: DateTime | None
    done: bool
    done_at: DateTime | None
    created_by_name: str
    created_at: DateTime

    @strawberry.field(graphql_type=User | None)
    def assignee(self, root: TaskRow, info: Info) -> Loaded[UserRow | None]:
        return info.context.loaders.users.get(root["assignee_id"])

    # Every list of tasks is of cases the viewer may open (a case's own, or myTasks' scope).
    @strawberry.field(graphql_type=Annotated["Case", strawberry.lazy("casebook.cases.types")] | None)  # noqa: F821
    def case(self, root: TaskRow, info: Info) -> Loaded[CaseRow | None]:
        return info.context.loaders.cases.get(root["case_id"])


@strawberry.input
class TaskInput:
    subject: str
    assignee_id: strawberry.ID | None = None
    due_at: DateTime | None = None
