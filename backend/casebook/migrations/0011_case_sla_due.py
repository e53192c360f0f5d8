"""SLAs (issue 13): a case's next SLA due time (the earliest running target's), kept by the `sla`
consumer, for the "Breaching soon" filter and the order by due time without a join."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0010_user_absences")]

    operations = [
        ops.AddField(
            model_name="Case",
            name="sla_due_at",
            field=fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
        ),
    ]
