"""Scheduled absences (issue 12): a user's time zone, in which she enters them, and the absences
themselves, stored in UTC. Automatic assignment skips a user while one covers now. An installation
whose teams already distribute work gets its first `assignment.sweep` job (later ones queue
themselves; casebook.assignment.queue)."""

from datetime import UTC, datetime

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


async def first_sweep(apps, schema_editor):
    client = schema_editor.client
    teams = await client.execute_query_dict(
        "SELECT id FROM teams WHERE assignment_strategy <> 'MANUAL' LIMIT 1"
    )
    if not teams:
        return  # the first team given a strategy queues it (drain_later)
    sqlite = client.capabilities.dialect == "sqlite"
    now = datetime.now(UTC)
    # As casebook.background.jobs writes times: SQLite compares the text, in one fixed format.
    at = now.isoformat(sep=" ", timespec="microseconds") if sqlite else now
    marks = "?, ?, ?, ?" if sqlite else "$1, $2, $3::jsonb, $4"
    await client.execute_query(
        "INSERT INTO jobs (kind, key, payload, run_at, status, attempts, created_at) "
        f"VALUES ({marks}, 'PENDING', 0, {'?' if sqlite else '$5'})",
        ["assignment.sweep", "assignment.sweep", "{}", at, at],
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0009_team_assignment")]

    operations = [
        ops.AddField(
            model_name="User",
            name="time_zone",
            # In the table too: existing users need a value (NOT NULL, SQLite and PostgreSQL).
            field=fields.CharField(default="UTC", db_default="UTC", max_length=64),
        ),
        ops.CreateModel(
            name="UserAbsence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="absences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("starts_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("ends_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("note", fields.CharField(null=True, max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "user_absences",
                "app": "models",
                "indexes": [Index(fields=["user_id", "ends_at"]), Index(fields=["ends_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(first_sweep),
    ]
