"""The mail package's tables (Tortoise app label "mail"; foreign keys reach the core as "models.X")."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Direction(StrEnum):
    IN = "IN"
    OUT = "OUT"


class OutboxStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"  # gave up after the last attempt; kept for the admin to see


class OutboxKind(StrEnum):
    REPLY = "REPLY"  # an agent's public post, to the customer, from the group address
    NOTIFICATION = "NOTIFICATION"  # to a follower, from the system address


class Mailbox(Model):
    """A group mailbox read over IMAP. The password is kept encrypted (casebook.mail.secretbox)."""

    id = fields.IntField(primary_key=True)
    address = fields.CharField(max_length=254, unique=True)
    imap_host = fields.CharField(max_length=255)
    imap_port = fields.IntField()
    imap_tls = fields.BooleanField(default=True)  # implicit TLS (imaps://); plain only for local hosts
    imap_user = fields.CharField(max_length=255)
    secret = fields.TextField()  # encrypted password; never leaves this package
    folder = fields.CharField(max_length=255, default="INBOX")
    active = fields.BooleanField(default=True)
    team: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Team", related_name="mailboxes", null=True, on_delete=fields.SET_NULL
    )
    # Where the poller stands: UIDs are only comparable within one UIDVALIDITY.
    uidvalidity = fields.BigIntField(null=True)
    last_uid = fields.BigIntField(default=0)
    last_checked_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "mail_mailboxes"


class MessageRef(Model):
    """Every Message-ID we received or sent, with the case it belongs to: threading and de-duplication."""

    id = fields.IntField(primary_key=True)
    message_id = fields.CharField(max_length=255, unique=True)
    direction = fields.CharEnumField(Direction, max_length=8)
    case: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Case", related_name="mail_refs", on_delete=fields.CASCADE
    )
    post: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Post", related_name="mail_refs", null=True, on_delete=fields.SET_NULL
    )
    mailbox: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "mail.Mailbox", related_name="refs", null=True, on_delete=fields.SET_NULL
    )
    sender = fields.CharField(max_length=254, null=True)
    raw_key = fields.CharField(max_length=255, null=True)  # the received bytes in the file store
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "mail_message_refs"
        indexes = (("case_id", "id"),)


class CaseMailbox(Model):
    """Which group mailbox a case talks through (the one its first message came to)."""

    case: fields.OneToOneRelation = fields.OneToOneField(
        "models.Case", related_name="mail_link", on_delete=fields.CASCADE, primary_key=True
    )
    mailbox: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "mail.Mailbox", related_name="case_links", on_delete=fields.CASCADE
    )

    class Meta:
        table = "mail_case_mailboxes"


class SetAsideMessage(Model):
    """A message the poller did not turn into a case or post, and why (the raw bytes stay on disk)."""

    id = fields.IntField(primary_key=True)
    mailbox: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "mail.Mailbox", related_name="set_aside", on_delete=fields.CASCADE
    )
    uidvalidity = fields.BigIntField()
    uid = fields.BigIntField()
    message_id = fields.CharField(max_length=255, null=True)
    sender = fields.CharField(max_length=254, null=True)
    subject = fields.CharField(max_length=255, null=True)
    reason = fields.CharField(max_length=500)
    size = fields.BigIntField(default=0)
    storage_key = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "mail_set_aside"
        unique_together = (("mailbox", "uidvalidity", "uid"),)


class OutboxMail(Model):
    """A message waiting to go out (or gone): sending happens apart from the request that caused it."""

    id = fields.IntField(primary_key=True)
    # Makes queueing idempotent: one row per (post or event, recipient).
    dedupe_key = fields.CharField(max_length=255, unique=True)
    kind = fields.CharEnumField(OutboxKind, max_length=16)
    case: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Case", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    post: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Post", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    sender = fields.CharField(max_length=254)
    recipient = fields.CharField(max_length=254)
    message_id = fields.CharField(max_length=255, unique=True)
    content = fields.TextField()  # the complete message (RFC 5322 text), built when queued
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "mail_outbox"
        indexes = (("status", "next_attempt_at"),)


class MailTemplate(Model):
    """An editable notification text, overriding the default of casebook.mail.templates."""

    key = fields.CharField(max_length=64, primary_key=True)
    subject = fields.CharField(max_length=255)
    body = fields.TextField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "mail_templates"
