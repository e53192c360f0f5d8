"""The notifications package's table (Tortoise app label "notifications"; foreign keys reach the
core as "models.X")."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

TITLE_MAX = 200
BODY_MAX = 4000


class Notification(Model):
    """One message to one user's bell. The case is where it leads; whether she may open it is asked
    again when it is read (her teams may have changed since)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Case", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=TITLE_MAX)
    body = fields.TextField(null=True)
    # The event that caused it, when there is one (a rule's trigger): the e-mail's dedupe key.
    event_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        # The bell's two questions: her newest rows, and how many are unread.
        indexes = (("user_id", "read_at"), ("user_id", "id"))
