from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Account(Model):
    """A customer company."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, db_index=True)
    domain = fields.CharField(max_length=200, null=True)
    phone = fields.CharField(max_length=50, null=True)
    notes = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "accounts"
