"""Assignment per team (issue 12): a strategy, a cap per agent and the round-robin cursor; the
`assignment` consumer of the event log starts at the log's end (no team had a strategy before)."""

from datetime import UTC, datetime

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from casebook.teams.models import AssignmentStrategy


async def start_at_end(apps, schema_editor):
    client = schema_editor.client
    tx = "0" if client.capabilities.dialect == "sqlite" else "tx::text::bigint"
    rows = await client.execute_query_dict(
        f"SELECT {tx} AS tx, id FROM events ORDER BY tx DESC, id DESC LIMIT 1"
    )
    if not rows:
        return
    await client.execute_query(
        "INSERT INTO consumer_checkpoints (name, tx, event_id, updated_at) VALUES "
        + ("(?, ?, ?, ?)" if client.capabilities.dialect == "sqlite" else "($1, $2, $3, $4)"),
        ["assignment", int(rows[0]["tx"]), int(rows[0]["id"]), datetime.now(UTC)],
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0008_background")]
    operations = [
        ops.AddField(
            model_name="Team",
            name="assignment_strategy",
            field=fields.CharEnumField(
                AssignmentStrategy,
                default=AssignmentStrategy.MANUAL,
                description="MANUAL: MANUAL\nROUND_ROBIN: ROUND_ROBIN\nLEAST_BUSY: LEAST_BUSY",
                max_length=16,
            ),
        ),
        ops.AddField(model_name="Team", name="max_open_per_agent", field=fields.IntField(null=True)),
        ops.AddField(model_name="Team", name="assignment_cursor", field=fields.IntField(default=0)),
        ops.RunPython(start_at_end),
    ]
