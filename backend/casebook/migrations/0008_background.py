"""Background work (issue 11): durable jobs and timers, and the event-log consumers' checkpoints."""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


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
    ]
