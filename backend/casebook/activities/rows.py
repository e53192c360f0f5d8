"""A task as the read paths carry it: a plain row, selected with TASK_COLUMNS."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class TaskRow(TypedDict):
    id: int
    case_id: int
    subject: str
    assignee_id: int | None
    due_at: datetime | str | None  # SQLite returns text
    done: bool
    done_at: datetime | str | None
    created_by_name: str
    created_at: datetime | str


TASK_COLUMNS = ", ".join(TaskRow.__annotations__)
