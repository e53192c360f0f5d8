"""Background work (issue 11): durable jobs and timers, the event-log consumers' checkpoints, and the
leases of singleton loops (before: mail_leases, which the mail app's 0002 drops)."""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end

# The consumers that exist when this migration runs. Migration 0007 copied the old case history
# into the log: these start after it, so nobody is mailed (or, later, a rule fired) about the past.
CONSUMERS = ("notifications",)


async def start_after_history(apps, schema_editor):
    await start_at_log_end(schema_editor.client, CONSUMERS)


class Migration(migrations.Migration):
    dependencies = [("models", "0007_event_log")]
    operations = [
        ops.CreateModel(
            name="Job",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(max_length=64)),
                ("key", fields.CharField(null=True, unique=True, max_length=255)),
                ("payload", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("run_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("status", fields.CharField(default="PENDING", max_length=16)),
                ("attempts", fields.IntField(default=0)),
                ("locked_by", fields.CharField(null=True, max_length=128)),
                ("locked_until", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("last_error", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("finished_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "jobs",
                "app": "models",
                "indexes": [Index(fields=["status", "run_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ConsumerCheckpoint",
            fields=[
                ("name", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("tx", fields.BigIntField(default=0)),
                ("event_id", fields.BigIntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "consumer_checkpoints", "app": "models", "pk_attr": "name"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Lease",
            fields=[
                ("name", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("holder", fields.CharField(max_length=128)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={"table": "leases", "app": "models", "pk_attr": "name"},
            bases=["Model"],
        ),
        ops.RunPython(start_after_history),
    ]
