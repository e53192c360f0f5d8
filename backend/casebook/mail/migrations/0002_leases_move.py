"""The lease rows moved to the background package (table `leases`, core migration 0008): one
lease mechanism for the mail poller and the event-log consumers alike. A lease lives a minute, so
nothing in the old table needs carrying over."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("mail", "0001_initial"), ("models", "0008_background")]
    operations = [ops.DeleteModel(name="WorkerLease")]
