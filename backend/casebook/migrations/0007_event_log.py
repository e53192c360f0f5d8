"""The event log (issue 11): one table of every committed change, read by history and by consumers.

PostgreSQL also records each row's transaction (`tx`, xid8): ids are taken before commit, so a
reader that went by id alone could pass an id whose transaction commits after it read.
"""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


async def forward(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        # One writer at a time: ids are in commit order, tx stays 0.
        await client.execute_script("ALTER TABLE events ADD COLUMN tx INTEGER NOT NULL DEFAULT 0")
        return
    await client.execute_script(
        "ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();"
        "CREATE INDEX events_tx_id_idx ON events (tx, id);"
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0006_case_search_lock_order")]
    operations = [
        ops.CreateModel(
            name="EventRecord",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(max_length=40)),
                ("case_id", fields.IntField(null=True)),
                ("actor_id", fields.IntField(null=True)),
                ("actor_name", fields.CharField(max_length=200)),
                ("caused_by_id", fields.BigIntField(null=True)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "events",
                "app": "models",
                "indexes": [Index(fields=["case_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(forward),
    ]
