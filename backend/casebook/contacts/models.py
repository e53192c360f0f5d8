from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Contact(Model):
    """A person on the customer side, optionally of an account."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, null=True, unique=True)
    phone = fields.CharField(max_length=50, null=True)
    account: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Account", related_name="contacts", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "contacts"
