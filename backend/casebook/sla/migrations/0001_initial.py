"""SLAs (issue 13): calendars, holidays, policies, and the cases' clocks. The `sla` consumer of the
event log starts at the log's end: cases opened before have no clock."""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end
from casebook.migration_fields import at, fk, json
from casebook.sla.models import ClockState, HolidaySource, TargetKind


async def start_at_end(apps, schema_editor):
    await start_at_log_end(schema_editor.client, ["sla"])


class Migration(migrations.Migration):
    dependencies = [("models", "0011_case_sla_due")]

    initial = True

    operations = [
        ops.CreateModel(
            name="SlaCalendar",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("name", fields.CharField(max_length=200)),
                ("time_zone", fields.CharField(max_length=64)),
                ("week", json(dict)),
                ("is_default", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "sla_calendars", "app": "sla", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SlaHoliday",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("calendar", fk("sla.SlaCalendar", "calendar_id", "holidays")),
                ("day", fields.DateField()),
                ("yearly", fields.BooleanField(default=False)),
                ("name", fields.CharField(default="", max_length=200)),
                (
                    "source",
                    fields.CharEnumField(
                        default=HolidaySource.MANUAL, enum_type=HolidaySource, max_length=16
                    ),
                ),
            ],
            options={"table": "sla_holidays", "app": "sla", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SlaPolicy",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("name", fields.CharField(max_length=200)),
                ("position", fields.IntField()),
                ("active", fields.BooleanField(default=True)),
                ("calendar", fk("sla.SlaCalendar", "calendar_id", "policies", null=True)),
                ("conditions", json(dict)),
                ("targets", json(dict)),
                ("pause_statuses", json(list)),
                ("warn_percents", json(list)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "sla_policies", "app": "sla", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SlaSegment",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("case", fk("models.Case", "case_id", "sla_segments")),
                ("state", fields.CharField(max_length=32)),
                ("starts_at", at()),
                ("ends_at", at(null=True)),
                ("event_id", fields.BigIntField(null=True)),
            ],
            options={
                "table": "sla_segments",
                "app": "sla",
                "indexes": [Index(fields=["case_id", "starts_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SlaClock",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("case", fk("models.Case", "case_id", "sla_clocks")),
                ("kind", fields.CharEnumField(enum_type=TargetKind, max_length=16)),
                ("cycle", fields.IntField()),
                ("policy", fk("sla.SlaPolicy", "policy_id", "clocks", null=True)),
                ("target_minutes", fields.IntField()),
                ("state", fields.CharEnumField(enum_type=ClockState, max_length=16)),
                ("started_at", at()),
                ("since", at()),
                ("used_minutes", fields.FloatField(default=0)),
                ("due_at", at(null=True)),
                ("paused_since", at(null=True)),
                ("met_at", at(null=True)),
                ("breached_at", at(null=True)),
                ("fired", json(list)),
                ("next_fire_at", at(null=True)),
            ],
            options={
                "table": "sla_clocks",
                "app": "sla",
                "unique_together": (("case", "kind", "cycle"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(start_at_end),
    ]
