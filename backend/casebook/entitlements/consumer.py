"""The `entitlements` consumer of the event log: a case's status changes charge or give back its
entitlement (casebook.entitlements.services.status_changed). Every entry it posts carries the
event's id, so an event read again — by this consumer after a crash, or the whole log replayed —
posts nothing: it is recognised by any entry of that event."""

from __future__ import annotations

from casebook import events
from casebook.background import consumers
from casebook.entitlements.models import EntitlementEntry
from casebook.entitlements.services import status_changed
from casebook.enums import CaseStatus

NAME = "entitlements"


async def on_event(event: events.Event) -> None:
    if event.case_id is None or event.kind not in (events.CASE_CHANGED, events.POST_ADDED):
        return
    change = next((c for c in event.changes if c[0] == "status"), None)
    if change is None or not change[2] or change[1] == change[2]:
        return
    if await EntitlementEntry.filter(event_id=event.id).exists():
        return  # read again
    await status_changed(
        case_id=event.case_id,
        account_id=event.account_id,
        old=CaseStatus(change[1]) if change[1] else None,
        new=CaseStatus(change[2]),
        event_id=event.id,
    )


CONSUMER = consumers.register(NAME, on_event, cases_at_once=8)
