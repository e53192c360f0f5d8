from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from casebook.enums import CaseStatus, CaseType, Origin, Priority

SUBJECT_MAX = 255
DESCRIPTION_MAX = 32_000
INTERNAL_COMMENTS_MAX = 3_000
SOLUTION_MAX = 32_000


class CaseCounter(Model):
    """One row per sequence. An UPDATE ... RETURNING on it hands out case numbers atomically."""

    name = fields.CharField(max_length=32, primary_key=True)
    value = fields.BigIntField()

    class Meta:
        table = "case_counters"


class Case(Model):
    id = fields.IntField(primary_key=True)
    number = fields.IntField(unique=True)
    subject = fields.CharField(max_length=SUBJECT_MAX)
    description = fields.TextField(null=True)
    status = fields.CharEnumField(CaseStatus, max_length=16, default=CaseStatus.NEW)
    priority = fields.CharEnumField(Priority, max_length=16, default=Priority.NORMAL)
    type = fields.CharEnumField(CaseType, max_length=24, default=CaseType.QUESTION)
    origin = fields.CharEnumField(Origin, max_length=16)
    account: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Account", related_name="cases", null=True, on_delete=fields.SET_NULL
    )
    contacts: fields.ManyToManyRelation = fields.ManyToManyField(
        "models.Contact",
        related_name="cases",
        through="case_contacts",
        forward_key="contact_id",
        backward_key="case_id",
    )
    reported_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Contact", related_name="reported_cases", null=True, on_delete=fields.SET_NULL
    )
    assignee: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="assigned_cases", null=True, on_delete=fields.SET_NULL
    )
    team: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Team", related_name="cases", null=True, on_delete=fields.SET_NULL
    )
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="created_cases", null=True, on_delete=fields.SET_NULL
    )
    # The reporter's address and phone while no contact exists for them yet.
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=50, null=True)
    product = fields.CharField(max_length=200, null=True)
    reason = fields.CharField(max_length=200, null=True)
    topic = fields.CharField(max_length=200, null=True)
    tags: Any = fields.JSONField(default=list)
    internal_comments = fields.TextField(null=True)
    solution = fields.TextField(null=True)
    parent: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Case", related_name="children", null=True, on_delete=fields.SET_NULL
    )
    merged_into: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Case", related_name="merged_cases", null=True, on_delete=fields.SET_NULL
    )
    # Denormalised so that a list page reads "the last post this viewer may see" without a
    # per-case subquery: one id for staff, one for customers.
    last_post_id = fields.IntField(null=True)
    last_public_post_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)
    first_response_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    # The earliest running SLA target's due time, kept by casebook.sla (never by a case save).
    sla_due_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "cases"
        indexes = (
            ("status", "updated_at"),
            ("assignee_id", "status"),
            ("team_id", "status"),
            ("account_id", "updated_at"),
            ("priority", "updated_at"),
        )


class CaseFollower(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Case", related_name="follower_links", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="followed_links", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_followers"
        unique_together = (("case", "user"),)
