from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from casebook.enums import AuthorKind, Channel, Visibility

BODY_MAX = 100_000


class Post(Model):
    """One entry of a case's stream: PUBLIC (the customer sees it) or INTERNAL (agents only)."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Case", related_name="posts", on_delete=fields.CASCADE
    )
    body = fields.TextField()
    body_html = fields.TextField(null=True)  # sanitised HTML, e.g. from an e-mail
    visibility = fields.CharEnumField(Visibility, max_length=16)
    channel = fields.CharEnumField(Channel, max_length=16)
    author_kind = fields.CharEnumField(AuthorKind, max_length=16)
    author_user: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="posts", null=True, on_delete=fields.SET_NULL
    )
    author_contact: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Contact", related_name="posts", null=True, on_delete=fields.SET_NULL
    )
    author_name = fields.CharField(max_length=200)
    author_email = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "posts"
        indexes = (("case_id", "visibility", "id"),)


class Attachment(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Case", related_name="attachments", on_delete=fields.CASCADE
    )
    post: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Post", related_name="attachments", null=True, on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=128)
    size = fields.BigIntField()
    storage_key = fields.CharField(max_length=255)  # path below settings.FILES_DIR
    content_id = fields.CharField(max_length=255, null=True)  # for inline images (cid:)
    inline = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachments"
