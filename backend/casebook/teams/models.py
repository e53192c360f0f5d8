from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AssignmentStrategy(StrEnum):
    """How new cases of a team find their agent (casebook.assignment)."""

    MANUAL = "MANUAL"
    ROUND_ROBIN = "ROUND_ROBIN"
    LEAST_BUSY = "LEAST_BUSY"


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
    assignment_strategy = fields.CharEnumField(
        AssignmentStrategy, max_length=16, default=AssignmentStrategy.MANUAL
    )
    # None: no cap. Counts the agent's open cases of every team (her whole workload).
    max_open_per_agent = fields.IntField(null=True)
    # The user id the team's last automatic assignment chose: round-robin goes on after it. Only
    # casebook.assignment writes it, under the team row's lock.
    assignment_cursor = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "teams"
