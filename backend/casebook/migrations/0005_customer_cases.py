"""A customer's cases are found from indexes: the contacts they reported.

visibility.case_scope finds a customer's cases as the union of three index look-ups: the cases
they reported (this index), the cases they are a contact of (case_contacts_contact_idx, 0002)
and, with account access, their account's cases (the account_id index of 0001).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def forward(apps, schema_editor):
    await schema_editor.client.execute_script("CREATE INDEX cases_reported_by_idx ON cases (reported_by_id)")


class Migration(migrations.Migration):
    dependencies = [("models", "0004_priority_order")]
    operations = [ops.RunPython(forward)]
