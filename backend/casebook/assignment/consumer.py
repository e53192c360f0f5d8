"""The `assignment` consumer of the event log (casebook.background.consumers): a case that enters a
team with a strategy without an assignee (created there, or moved there) gets one, in the worker,
never in the request that made the case.

Handling an event twice changes nothing: the case is re-read under its lock and left alone when it
has an assignee, and an assignment records the event that caused it (`caused_by`), which the
service checks before it decides again.
"""

from __future__ import annotations

from casebook import events
from casebook.assignment.services import assign_automatically
from casebook.background import consumers


def wants(event: events.Event) -> bool:
    """From the event's own snapshot, no read: an unassigned case in some team, new there."""
    if event.case_id is None or event.team_id is None or event.assignee_id is not None:
        return False
    if event.kind == events.CASE_CREATED:
        return True
    return event.kind == events.CASE_CHANGED and "team" in event.changed_fields


async def on_event(event: events.Event) -> None:
    if wants(event):
        await assign_automatically(case_id=event.case_id, caused_by=event.id)  # type: ignore[arg-type]


CONSUMER = consumers.register("assignment", on_event)
