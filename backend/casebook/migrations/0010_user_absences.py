"""Scheduled absences (issue 12): a user's time zone, in which she enters them, and the absences
themselves, stored in UTC. Automatic assignment skips a user while one covers now."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


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
    ]
