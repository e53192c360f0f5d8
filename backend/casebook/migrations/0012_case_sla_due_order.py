"""The "Breaching soon" list (issue 13) walks an index: the slaDue filter and the SLA_DUE order.

listing.py orders by `COALESCE(sla_due_at, <far future>)`, then id, so that cases without a due
time come last and the keyset cursor never compares a NULL; the slaDue filter bounds the same
expression. The plain index on sla_due_at (0011) serves neither that order nor the cursor's row
comparison: without this one PostgreSQL sorted every visible case for each page. The expression is
written out as it was when this migration was made; casebook/cases/listing.py builds the same
text (SLA_DUE_SQL) and tests/sla/test_breaching_soon.py checks that the two agree.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SENTINEL = "9999-12-31 00:00:00+00:00"
SQLITE_SQL = f"COALESCE(sla_due_at, '{SENTINEL}')"
POSTGRES_SQL = f"COALESCE(sla_due_at, TIMESTAMPTZ '{SENTINEL}')"


async def forward(apps, schema_editor):
    client = schema_editor.client
    expression = SQLITE_SQL if client.capabilities.dialect == "sqlite" else POSTGRES_SQL
    await client.execute_script(f"CREATE INDEX cases_sla_due_order_idx ON cases (({expression}), id)")


class Migration(migrations.Migration):
    dependencies = [("models", "0011_case_sla_due")]
    operations = [ops.RunPython(forward)]
