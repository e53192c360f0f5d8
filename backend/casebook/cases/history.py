"""A case's history, read from the event log: one row per changed field, oldest first.

The log is the one source: there is no second table to keep in step with it. Who may see the
history is the caller's question (casebook.visibility); this reads it.
"""

from __future__ import annotations

from typing import Any

from casebook import events
from casebook.events.log import event_of
from casebook.sql import Sql


async def history_of(case_id: int) -> list[dict[str, Any]]:
    """The rows of GraphQL's CaseHistoryEntry: id ("<event id>.<n>", unique per change), at, field,
    old_value, new_value, actor_name, and for a rule's change rule_name (the actor's name, as the
    rule was called then) and caused_by (the event that made the rule act)."""
    sql = Sql()
    # The case's number with its events, in one statement: the "created" row shows it.
    rows = await sql.fetch(
        "SELECT e.id, e.kind, e.case_id, e.actor_id, e.actor_name, e.caused_by_id, e.at, e.data, "
        f"c.number FROM events e JOIN cases c ON c.id = e.case_id WHERE e.case_id = {sql.p(case_id)} "
        "ORDER BY e.id"
    )
    entries: list[dict[str, Any]] = []
    for row in rows:
        event = event_of(row)
        changes = list(event.changes)
        if event.kind == events.CASE_CREATED:
            changes.insert(0, ("created", None, str(row["number"])))
        for n, (field, old, new) in enumerate(changes):
            entries.append(
                {
                    "id": f"{event.id}.{n}",
                    "at": event.at,
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                    "actor_name": event.actor_name,
                    "rule_name": event.actor_name if event.rule_id is not None else None,
                    "caused_by": str(event.caused_by) if event.caused_by is not None else None,
                }
            )
    return entries
