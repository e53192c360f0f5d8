from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Session(Model):
    """A signed-in browser or API client. Only a hash of the token is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    csrf_token = fields.CharField(max_length=64)
    user: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sessions"


class ApiToken(Model):
    """An integration token created by an admin: acts as the system with the given scopes."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    token_hash = fields.CharField(max_length=64, unique=True)
    scopes: Any = fields.JSONField(default=list)
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"
