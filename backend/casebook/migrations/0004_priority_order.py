"""The PRIORITY order of the case list walks an index instead of sorting every case.

listing.py orders by a rank (`CASE priority WHEN 'LOW' THEN 0 … END`, then id) so that URGENT
comes first, not alphabetical order. Without an index on that expression PostgreSQL sorted all
1,000,000 cases for each page (210 ms); with it a page is an index walk, like the other orders.
The expression is written out here as it was when this migration was made (migrations do not
change with the code); casebook/cases/listing.py builds the same text from enums.PRIORITY_RANK,
and tests/cases/test_listing.py checks that the two agree.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

PRIORITY_RANK_SQL = (
    "CASE priority WHEN 'LOW' THEN 0 WHEN 'NORMAL' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'URGENT' THEN 3 END"
)
INDEX = f"CREATE INDEX cases_priority_rank_id_idx ON cases (({PRIORITY_RANK_SQL}), id)"


async def forward(apps, schema_editor):
    await schema_editor.client.execute_script(INDEX)


class Migration(migrations.Migration):
    dependencies = [("models", "0003_case_search")]
    operations = [ops.RunPython(forward)]
