"""Automation rules (issue 12): rules, their runs (the once-only key) and the scheduled rules' timers.
The `rules` consumer of the event log starts at the log's end: no rule acts on the past."""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end
from casebook.rules.models import RuleEvent, RuleRepeat, RunOutcome


async def start_at_end(apps, schema_editor):
    await start_at_log_end(schema_editor.client, ["rules"])


def _fk(model: str, column: str, related_name: str):  # type: ignore[no-untyped-def]
    return fields.ForeignKeyField(
        model,
        source_field=column,
        db_constraint=True,
        to_field="id",
        related_name=related_name,
        on_delete=OnDelete.CASCADE,
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0009_team_assignment")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Rule",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("name", fields.CharField(max_length=200)),
                ("position", fields.IntField()),
                ("active", fields.BooleanField(default=True)),
                ("event", fields.CharEnumField(enum_type=RuleEvent, max_length=20)),
                ("conditions", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("actions", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("stop_processing", fields.BooleanField(default=False)),
                ("repeat", fields.CharEnumField(enum_type=RuleRepeat, null=True, max_length=16)),
                ("repeat_every_hours", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ("last_fired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("fire_count", fields.IntField(default=0)),
            ],
            options={"table": "rules", "app": "rules", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RuleRun",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("rule", _fk("rules.Rule", "rule_id", "runs")),
                ("case", _fk("models.Case", "case_id", "rule_runs")),
                ("trigger", fields.CharField(max_length=100)),
                ("chain", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("outcome", fields.CharEnumField(enum_type=RunOutcome, max_length=16)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "rule_runs",
                "app": "rules",
                "unique_together": (("case", "trigger", "rule"),),
                "indexes": [Index(fields=["rule_id", "trigger"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RuleTimer",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("rule", _fk("rules.Rule", "rule_id", "timers")),
                ("case", _fk("models.Case", "case_id", "rule_timers")),
                (
                    "due_at",
                    fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("armed", fields.BooleanField(default=True)),
                ("last_fired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("fire_count", fields.IntField(default=0)),
            ],
            options={
                "table": "rule_timers",
                "app": "rules",
                "unique_together": (("rule", "case"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(start_at_end),
    ]
