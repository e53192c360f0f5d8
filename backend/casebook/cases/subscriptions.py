"""Live case events, filtered per viewer (casebook.visibility) before they leave the server."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from casebook import events, visibility
from casebook.auth.actor import Actor
from casebook.cases import services
from casebook.cases.types import CaseChanged, CaseCreated, CaseEvent, PostAdded
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.realtime.hub import hub


def accepts(actor: Actor, event: events.Event) -> bool:
    return visibility.can_see_event(actor, event)


def _to_graphql(actor: Actor, event: events.Event) -> list[CaseEvent]:
    assert event.case_id is not None
    out: list[CaseEvent] = []
    if event.kind == events.CASE_CREATED:
        out.append(CaseCreated(at=event.at, case_id=event.case_id, event_id=event.id))  # type: ignore[arg-type]
    elif event.kind == events.POST_ADDED:
        assert event.post_id is not None
        out.append(PostAdded(at=event.at, case_id=event.case_id, post_id=event.post_id, event_id=event.id))  # type: ignore[arg-type]
    if event.changed_fields:
        changed = visibility.changes_for(actor, event.changed_fields)
        if changed:
            out.append(
                CaseChanged(at=event.at, case_id=event.case_id, changed_fields=changed, event_id=event.id)  # type: ignore[arg-type]
            )
    return out


async def _stream(info: Info, actor: Actor, case_id: int | None) -> AsyncGenerator[CaseEvent, None]:
    context = info.context
    sub = hub.subscribe(lambda e: accepts(actor, e), case_id=case_id)
    try:
        while True:
            event = await sub.get()
            for item in _to_graphql(actor, event):
                context.renew_loaders()
                yield item
    finally:
        hub.unsubscribe(sub)


@strawberry.type
class CaseSubscriptions:
    # Both return the stream rather than re-yield it: one generator less for every event and viewer.
    @strawberry.subscription(description="Everything that happens on one case that the viewer may see.")
    async def case_events(self, info: Info, case_id: strawberry.ID) -> AsyncGenerator[CaseEvent, None]:
        actor = info.context.require_actor()
        case = await services.get_case(actor=actor, case_id=to_int(case_id, "caseId"))
        return _stream(info, actor, case.id)

    @strawberry.subscription(description="Events of every case the viewer may see (lists, the bell).")
    async def case_feed(self, info: Info) -> AsyncGenerator[CaseEvent, None]:
        actor = info.context.require_actor()
        return _stream(info, actor, None)
