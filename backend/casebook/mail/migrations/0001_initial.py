from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.mail.models import Direction, OutboxKind, OutboxStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0002_search_and_numbers")]

    initial = True

    operations = [
        ops.CreateModel(
            name="MailTemplate",
            fields=[
                ("key", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("subject", fields.CharField(max_length=255)),
                ("body", fields.TextField(unique=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "mail_templates",
                "app": "mail",
                "pk_attr": "key",
                "table_description": "An editable notification text, overriding the default of casebook.mail.templates.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Mailbox",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("address", fields.CharField(unique=True, max_length=254)),
                ("imap_host", fields.CharField(max_length=255)),
                ("imap_port", fields.IntField()),
                ("imap_tls", fields.BooleanField(default=True)),
                ("imap_user", fields.CharField(max_length=255)),
                ("secret", fields.TextField(unique=False)),
                ("folder", fields.CharField(default="INBOX", max_length=255)),
                ("active", fields.BooleanField(default=True)),
                (
                    "team",
                    fields.ForeignKeyField(
                        "models.Team",
                        source_field="team_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="mailboxes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("uidvalidity", fields.BigIntField(null=True)),
                ("last_uid", fields.BigIntField(default=0)),
                ("last_checked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("last_error", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "mail_mailboxes",
                "app": "mail",
                "pk_attr": "id",
                "table_description": "A group mailbox read over IMAP. The password is kept encrypted (casebook.mail.secretbox).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CaseMailbox",
            fields=[
                (
                    "case",
                    fields.OneToOneField(
                        "models.Case",
                        source_field="case_id",
                        primary_key=True,
                        db_index=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="mail_link",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "mailbox",
                    fields.ForeignKeyField(
                        "mail.Mailbox",
                        source_field="mailbox_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="case_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "mail_case_mailboxes",
                "app": "mail",
                "pk_attr": "case_id",
                "table_description": "Which group mailbox a case talks through (the one its first message came to).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="MessageRef",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("message_id", fields.CharField(unique=True, max_length=255)),
                (
                    "direction",
                    fields.CharEnumField(description="IN: IN\nOUT: OUT", enum_type=Direction, max_length=8),
                ),
                (
                    "case",
                    fields.ForeignKeyField(
                        "models.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="mail_refs",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "models.Post",
                        source_field="post_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="mail_refs",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "mailbox",
                    fields.ForeignKeyField(
                        "mail.Mailbox",
                        source_field="mailbox_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="refs",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("sender", fields.CharField(null=True, max_length=254)),
                ("raw_key", fields.CharField(null=True, max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "mail_message_refs",
                "app": "mail",
                "indexes": [Index(fields=["case_id", "id"])],
                "pk_attr": "id",
                "table_description": "Every Message-ID we received or sent, with the case it belongs to: threading and de-duplication.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboxMail",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("dedupe_key", fields.CharField(unique=True, max_length=255)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="REPLY: REPLY\nNOTIFICATION: NOTIFICATION",
                        enum_type=OutboxKind,
                        max_length=16,
                    ),
                ),
                (
                    "case",
                    fields.ForeignKeyField(
                        "models.Case",
                        source_field="case_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="outbox",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "models.Post",
                        source_field="post_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="outbox",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("sender", fields.CharField(max_length=254)),
                ("recipient", fields.CharField(max_length=254)),
                ("message_id", fields.CharField(unique=True, max_length=255)),
                ("content", fields.TextField(unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=OutboxStatus.PENDING,
                        description="PENDING: PENDING\nSENT: SENT\nFAILED: FAILED",
                        enum_type=OutboxStatus,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("next_attempt_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_error", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "mail_outbox",
                "app": "mail",
                "indexes": [Index(fields=["status", "next_attempt_at"])],
                "pk_attr": "id",
                "table_description": "A message waiting to go out (or gone): sending happens apart from the request that caused it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SetAsideMessage",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "mailbox",
                    fields.ForeignKeyField(
                        "mail.Mailbox",
                        source_field="mailbox_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="set_aside",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("uidvalidity", fields.BigIntField()),
                ("uid", fields.BigIntField()),
                ("message_id", fields.CharField(null=True, max_length=255)),
                ("sender", fields.CharField(null=True, max_length=254)),
                ("subject", fields.CharField(null=True, max_length=255)),
                ("reason", fields.CharField(max_length=500)),
                ("size", fields.BigIntField(default=0)),
                ("storage_key", fields.CharField(null=True, max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "mail_set_aside",
                "app": "mail",
                "unique_together": (("mailbox", "uidvalidity", "uid"),),
                "pk_attr": "id",
                "table_description": "A message the poller did not turn into a case or post, and why (the raw bytes stay on disk).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WorkerLease",
            fields=[
                ("name", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("holder", fields.CharField(max_length=128)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "mail_leases",
                "app": "mail",
                "pk_attr": "name",
                "table_description": "One row per singleton job: whoever holds an unexpired lease runs it (SQLite and PostgreSQL).",
            },
            bases=["Model"],
        ),
    ]
