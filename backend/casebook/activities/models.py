"""The activities package's tables (Tortoise app label "activities"; foreign keys reach the core
as "models.X")."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

SUBJECT_MAX = 300


class Task(Model):
    """A to-do on a case for one person, with an optional due time."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Case", related_name="tasks", on_delete=fields.CASCADE
    )
    subject = fields.CharField(max_length=SUBJECT_MAX)
    assignee: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="tasks", null=True, on_delete=fields.SET_NULL
    )
    due_at = fields.DatetimeField(null=True)
    done = fields.BooleanField(default=False)
    done_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="created_tasks", null=True, on_delete=fields.SET_NULL
    )
    # Kept as written: a rule's name, or the user's at the time.
    created_by_name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tasks"
        # A case's tasks, and a person's open tasks.
        indexes = (("case_id", "id"), ("assignee_id", "done"))
