"""The event log's table: every committed change to a case, one row per event, written in the
transaction of the change (casebook.work).

`id` is monotonic in insertion order. On PostgreSQL a column `tx` (xid8, not mapped here) records the
writing transaction, because ids are handed out before commit: two transactions can commit in the
opposite order of their ids. Readers of the log go by (tx, id) and only past transactions older than
every running one (casebook.events.log), so a reader never passes an event that commits later.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class EventRecord(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    case_id = fields.IntField(null=True)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    # The event that led to this one (a rule's action, a timer): chains of automation are traceable.
    caused_by_id = fields.BigIntField(null=True)
    at = fields.DatetimeField()
    # The rest of the event (casebook.events.Event): the visibility snapshot, the post, the changes.
    data: Any = fields.JSONField(default=dict)

    class Meta:
        table = "events"
        indexes = (("case_id", "id"),)
