"""A case's history, read from the event log: one row per changed field, oldest first.

The log is the one source: there is no second table to keep in step with it. Who may see the
history is the caller's question (casebook.visibility); this reads it.
"""

from __future__ import annotations

from typing import Any

from casebook import events, visibility
from casebook.auth.actor import Actor
from casebook.events.log import event_of
from casebook.sql import Sql


async def history_of(case_id: int, *, viewer: Actor | None = None) -> list[dict[str, Any]]:
    """The rows of GraphQL's CaseHistoryEntry: id ("<event id>.<n>", unique per change), at, field,
    old_value, new_value, actor_name, and for a rule's change rule_name (the actor's name, as the
    rule was called then) and caused_by (the event that made the rule act).

    With a `viewer`, the lines the policy hides from her are left out (a customer never sees the
    SLA's or the rules' own lines); without one, every line (the system, tests)."""
    hidden = visibility.history_kinds_hidden(viewer) if viewer is not None else frozenset()
    sql = Sql()
    # The case's number with its events, in one statement: the "created" row shows it.
    rows = await sql.fetch(
        "SELECT e.id, e.kind, e.case_id, e.actor_id, e.actor_name, e.caused_by_id, e.at, e.data, "
        f"c.number FROM events e JOIN cases c ON c.id = e.case_id WHERE e.case_id = {sql.p(case_id)} "
        "ORDER BY e.id"
    )
    entries: list[dict[str, Any]] = []
    for row in rows:
        if row["kind"] in hidden or row["kind"] in events.LIVE_ONLY_KINDS:
            continue
        event = event_of(row)
        changes = list(event.changes)
        if event.kind == events.CASE_CREATED:
            changes.insert(0, ("created", None, str(row["number"])))
        elif event.kind in (events.SLA_WARNING, events.SLA_BREACHED):
            changes = [_sla_line(event.kind, change) for change in changes]
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


def _sla_line(kind: str, change: events.Change) -> events.Change:
    """A threshold's event ("sla", <target kind>, <percent>) as its history line reads:
    ("sla", None, "Resolution: warning at 75 %") or ("sla", None, "First response: breached")."""
    field, target, percent = change
    name = (target or "SLA").replace("_", " ").capitalize()
    if kind == events.SLA_BREACHED:
        return field, None, f"{name}: breached"
    return field, None, f"{name}: warning at {percent} %"
