from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Team(Model):
    """A queue of cases and the agents who work it."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    members: fields.ManyToManyRelation = fields.ManyToManyField(
        "models.User",
        related_name="teams",
        through="team_members",
        forward_key="user_id",
        backward_key="team_id",
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "teams"
