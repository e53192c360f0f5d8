"""Assignment per team (issue 12): a strategy, a cap per agent and the round-robin cursor; the
`assignment` consumer of the event log starts at the log's end (no team had a strategy before)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end
from casebook.teams.models import AssignmentStrategy


async def start_at_end(apps, schema_editor):
    # The assignment consumer acts from here on, not on the cases of the past.
    await start_at_log_end(schema_editor.client, ["assignment"])


class Migration(migrations.Migration):
    dependencies = [("models", "0008_background")]
    operations = [
        ops.AddField(
            model_name="Team",
            name="assignment_strategy",
            field=fields.CharEnumField(
                AssignmentStrategy,
                default=AssignmentStrategy.MANUAL,
                # In the table too: existing teams need a value (NOT NULL, SQLite and PostgreSQL).
                db_default=AssignmentStrategy.MANUAL.value,
                description="MANUAL: MANUAL\nROUND_ROBIN: ROUND_ROBIN\nLEAST_BUSY: LEAST_BUSY",
                max_length=16,
            ),
        ),
        ops.AddField(model_name="Team", name="max_open_per_agent", field=fields.IntField(null=True)),
        ops.AddField(
            model_name="Team", name="assignment_cursor", field=fields.IntField(default=0, db_default=0)
        ),
        ops.RunPython(start_at_end),
    ]
