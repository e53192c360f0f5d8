"""Entitlements (issue 13): each account's allocations of cases or hours and their append-only
ledger. The `entitlements` consumer of the event log starts at the log's end: cases resolved or
reopened before charge nothing."""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from casebook.background.checkpoints import start_at_log_end
from casebook.entitlements.models import Decrement, Overdraft, Reason, Unit
from casebook.migration_fields import fk


async def start_at_end(apps, schema_editor):
    await start_at_log_end(schema_editor.client, ["entitlements"])


class Migration(migrations.Migration):
    dependencies = [("models", "0011_case_sla_due"), ("sla", "0001_initial")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Entitlement",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("account", fk("models.Account", "account_id", "entitlements")),
                ("name", fields.CharField(max_length=200)),
                ("unit", fields.CharEnumField(enum_type=Unit, max_length=16)),
                ("allocation", fields.IntField()),
                ("period_start", fields.DateField()),
                ("period_end", fields.DateField()),
                (
                    "decrement_on",
                    fields.CharEnumField(default=Decrement.ON_CREATE, enum_type=Decrement, max_length=16),
                ),
                (
                    "overdraft",
                    fields.CharEnumField(default=Overdraft.ALLOW, enum_type=Overdraft, max_length=16),
                ),
                ("policy", fk("sla.SlaPolicy", "policy_id", "entitlements", null=True)),
                ("balance", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "entitlements",
                "app": "entitlements",
                "indexes": [Index(fields=["account_id", "period_end"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EntitlementEntry",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("entitlement", fk("entitlements.Entitlement", "entitlement_id", "entries")),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("amount", fields.IntField()),
                ("reason", fields.CharEnumField(enum_type=Reason, max_length=24)),
                ("case", fk("models.Case", "case_id", "entitlement_entries", null=True)),
                ("event_id", fields.BigIntField(null=True)),
                ("actor", fk("models.User", "actor_id", "entitlement_entries", null=True)),
                ("actor_name", fields.CharField(max_length=200, null=True)),
                ("note", fields.TextField(default="")),
                ("reverses_id", fields.BigIntField(null=True, unique=True)),
            ],
            options={
                "table": "entitlement_entries",
                "app": "entitlements",
                "unique_together": (("entitlement", "event_id", "reason"),),
                "indexes": [Index(fields=["case_id", "entitlement_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(start_at_end),
    ]
