"""SLAs (issue 13): calendars, holidays, policies, and the cases' clocks. The `sla` consumer of the
event log starts at the log's end: cases opened before have no clock."""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end
from casebook.sla.models import ClockState, HolidaySource, TargetKind


async def start_at_end(apps, schema_editor):
    await start_at_log_end(schema_editor.client, ["sla"])


def _fk(model: str, column: str, related_name: str, *, null: bool = False):  # type: ignore[no-untyped-def]
    if null:
        return fields.ForeignKeyField(
            model,
            source_field=column,
            db_constraint=True,
            to_field="id",
            related_name=related_name,
            null=True,
            on_delete=OnDelete.SET_NULL,
        )
    return fields.ForeignKeyField(
        model,
        source_field=column,
        db_constraint=True,
        to_field="id",
        related_name=related_name,
        on_delete=OnDelete.CASCADE,
    )


def _json(default):  # type: ignore[no-untyped-def]
    return fields.JSONField(default=default, encoder=JSON_DUMPS, decoder=loads)


def _at(*, null: bool = False, index: bool = False):  # type: ignore[no-untyped-def]
    if null:
        return fields.DatetimeField(null=True, db_index=index, auto_now=False, auto_now_add=False)
    return fields.DatetimeField(db_index=index, auto_now=False, auto_now_add=False)


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
                ("week", _json(dict)),
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
                ("calendar", _fk("sla.SlaCalendar", "calendar_id", "holidays")),
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
                ("calendar", _fk("sla.SlaCalendar", "calendar_id", "policies", null=True)),
                ("conditions", _json(dict)),
                ("targets", _json(dict)),
                ("pause_statuses", _json(list)),
                ("warn_percents", _json(list)),
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
                ("case", _fk("models.Case", "case_id", "sla_segments")),
                ("state", fields.CharField(max_length=32)),
                ("starts_at", _at()),
                ("ends_at", _at(null=True)),
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
                ("case", _fk("models.Case", "case_id", "sla_clocks")),
                ("kind", fields.CharEnumField(enum_type=TargetKind, max_length=16)),
                ("cycle", fields.IntField()),
                ("policy", _fk("sla.SlaPolicy", "policy_id", "clocks", null=True)),
                ("target_minutes", fields.IntField()),
                ("state", fields.CharEnumField(enum_type=ClockState, max_length=16)),
                ("started_at", _at()),
                ("since", _at()),
                ("used_minutes", fields.FloatField(default=0)),
                ("due_at", _at(null=True)),
                ("paused_since", _at(null=True)),
                ("met_at", _at(null=True)),
                ("breached_at", _at(null=True)),
                ("fired", _json(list)),
                ("next_fire_at", _at(null=True)),
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
